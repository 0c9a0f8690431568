/**
 * A ceremony's state line, driven by what the viewer has been shown (as phase.ts does for one draw):
 * upcoming → live, lot i of n and its step k of m → formed (every lot's result played) → closed or
 * cancelled. A lot's own result does not make the ceremony "formed" while later lots still play.
 */
import { h } from '../common/dom.js';
import { t } from '../common/i18n.js';
import type { DrawState } from '../../shared/api/draws.js';
import { allFormed, type CeremonyLive } from './ceremony-live.js';
import { phaseLine, type Phase } from './phase.js';

export interface CeremonyPhase {
  phase: Phase;
  /** while live: the lot being played, 1-based, of how many */
  lot: { k: number; of: number } | null;
}

export function ceremonyPhase(c: CeremonyLive, serverState: DrawState | undefined): CeremonyPhase {
  const state = c.main.state ?? serverState ?? 'draft';
  if (state === 'cancelled') return { phase: { kind: 'cancelled' }, lot: null };
  if (state === 'closed') return { phase: { kind: 'closed' }, lot: null };
  if (allFormed(c)) return { phase: { kind: 'formed' }, lot: null };
  if (c.main.seed) {
    const cur = c.current;
    const step = cur?.model.current;
    return {
      phase: {
        kind: 'live',
        k: step ? step.k : 0,
        of: step ? step.of : (cur?.model.stepCount ?? 0),
      },
      lot: cur ? { k: cur.index + 1, of: c.lots.length } : null,
    };
  }
  return { phase: { kind: 'upcoming', state }, lot: null };
}

/** The badge and the words beside it ("Live — lot 2 of 7, step 3 of 9"). */
export function ceremonyPhaseLine(c: CeremonyLive, p: CeremonyPhase): [HTMLElement, string] {
  if (p.phase.kind !== 'live' || !p.lot) return phaseLine(c.main, p.phase);
  const lot = t('live.ceremony.lotOf', { k: p.lot.k, of: p.lot.of });
  const step =
    p.phase.k > 0 ? t('stage.stepOf', { k: p.phase.k, of: p.phase.of }) : t('stage.seedShown');
  return [h('span', { class: 'badge state-live' }, t('live.phase.live')), `${lot} · ${step}`];
}
