/**
 * One state line for a draw, driven by what the viewer has been shown (the playback), not by the
 * server's state: upcoming (before the seed) → live, step k of n (the seed is shown and steps play) →
 * formed (the result has been played in full) → closed or cancelled. The server records "drawn" the
 * moment it computes the result, while viewers still watch step 3 of 10: saying "drawn" then would
 * spoil the ceremony (issue 17). The state's wording follows the draw's method: a draw without drand
 * never says "beacon received".
 */
import { h } from '../common/dom.js';
import { t, type MessageCode } from '../common/i18n.js';
import type { CeremonyModel } from './ceremony-model.js';
import type { DrawState } from '../../shared/api/draws.js';
import type { DraftSpec } from '../../shared/schemas/draw-draft.js';

export type Phase =
  | { kind: 'upcoming'; state: DrawState }
  | { kind: 'live'; k: number; of: number }
  | { kind: 'formed' }
  | { kind: 'closed' }
  | { kind: 'cancelled' };

export function phaseOf(m: CeremonyModel, serverState: DrawState | undefined): Phase {
  const state = m.state ?? serverState ?? 'draft';
  if (state === 'cancelled') return { kind: 'cancelled' };
  if (state === 'closed') return { kind: 'closed' };
  if (m.resultShown) return { kind: 'formed' };
  if (m.seed) {
    const c = m.current;
    return { kind: 'live', k: c ? c.k : 0, of: c ? c.of : m.stepCount };
  }
  return { kind: 'upcoming', state };
}

/** The spec the page knows best: the sealed one once announced, else the draft. */
export function rulesOf(m: CeremonyModel): DraftSpec | null {
  return m.announcement?.spec ?? m.draft;
}

/** A state's name in the draw's own terms ("randomness received" when there is no drand). */
export function stateName(m: CeremonyModel, state: DrawState): string {
  if (state === 'beacon_received' && !rulesOf(m)?.entropy?.drand)
    return t('live.state.sourcesReceived');
  return t(`draw.state.${state}` as MessageCode);
}

/** The badge and the words beside it. */
export function phaseLine(m: CeremonyModel, p: Phase): [HTMLElement, string] {
  switch (p.kind) {
    case 'upcoming':
      return [
        h('span', { class: `badge state-${p.state}` }, stateName(m, p.state)),
        t('live.phase.upcoming'),
      ];
    case 'live':
      return [
        h('span', { class: 'badge state-live' }, t('live.phase.live')),
        p.k > 0 ? t('stage.stepOf', { k: p.k, of: p.of }) : t('stage.seedShown'),
      ];
    case 'formed':
      return [h('span', { class: 'badge state-drawn' }, t('live.phase.formed')), ''];
    case 'closed':
    case 'cancelled':
      return [h('span', { class: `badge state-${p.kind}` }, t(`draw.state.${p.kind}`)), ''];
  }
}

/** "Adal Draw v1 (witnesses' secrets, public sources)": the sources this draw really uses. */
export function methodText(rules: DraftSpec, witnesses: number): string {
  if (rules.method === 'rfc3797') return t('rules.method.rfc3797');
  const parts: string[] = [];
  if (witnesses > 0) parts.push(t('live.method.witnesses'));
  if (rules.entropy?.drand) parts.push(t('live.method.drand'));
  if ((rules.entropy?.publicSources?.length ?? 0) > 0) parts.push(t('live.method.sources'));
  return t('live.method.adal', { parts: parts.join(', ') });
}

/** The randomness section's introduction for this draw's sources. */
export function entropyIntro(rules: DraftSpec | null): string {
  if (rules?.method === 'rfc3797') return t('beacon.intro.rfc3797');
  if (rules && !rules.entropy?.drand) return t('beacon.intro.noDrand');
  return t('beacon.intro');
}
