/**
 * The line the ceremony timeline shows (and the live region announces) for each live event: what
 * happened, in the viewer's language, with the names and numbers the event carries. A step reads
 * "Step 4 of 9: No. 17 Name (R-0123) — skipped: <rule>", its structured detail listed beside it.
 */
import { currentLang } from '../common/i18n.js';
import { formatNumber, groupHex } from '../common/format.js';
import { t, tCount } from '../common/i18n.js';
import type { DrawEvent } from '../../shared/schemas/draw-events.js';
import { singleDrawEntry, type LiveEvent } from '../../shared/api/events.js';
import { poolEntry, type CeremonyModel } from './ceremony-model.js';
import type { Labels } from './labels.js';
import { detailTexts, outcomeText, ruleText } from './step-text.js';

export interface EventText {
  /** the sentence */
  text: string;
  /** further facts (a step's detail), each a short phrase */
  details: string[];
}

/** "No. 17 Name (R-0123)"; just the registry number when it is not in the pool. */
export function expertLabel(m: CeremonyModel, labels: Labels, registryNo: string): string {
  const p = poolEntry(m, registryNo);
  if (!p) return registryNo;
  return t('expert.label', {
    no: formatNumber(p.poolNo, currentLang()),
    name: labels.expertName(p.entry),
    registryNo,
  });
}

function witnessName(m: CeremonyModel, id: string): string {
  return m.witnesses.find((w) => w.id === id)?.name ?? id;
}

const short = (hex: string) => groupHex(hex.slice(0, 16));

function entryText(m: CeremonyModel, e: DrawEvent): string {
  switch (e.type) {
    case 'draw.created':
      return t('event.created', { attempt: e.data.attempt });
    case 'draw.draft_updated':
      return t('event.draftUpdated');
    case 'draw.witness_invited':
      return t('event.witnessInvited', { name: e.data.name });
    case 'draw.witness_committed':
      return t('event.witnessCommitted', {
        name: witnessName(m, e.data.witnessId),
        hash: short(e.data.commitment),
      });
    case 'draw.announced':
      return (
        t('event.announced', { hash: short(e.data.announcementHash) }) +
        ' ' +
        tCount('event.announcedPool', e.data.pool.length) +
        ' ' +
        tCount('event.announcedExcluded', e.data.announcement.exclusions.length)
      );
    case 'draw.reveals_opened':
      return t('event.revealsOpened');
    case 'draw.revealed':
      return t('event.revealed', { name: witnessName(m, e.data.witnessId) });
    case 'draw.reveal_rejected':
      return t('event.revealRejected', { name: witnessName(m, e.data.witnessId) });
    case 'draw.reveals_closed':
      return e.data.missing.length === 0
        ? t('event.revealsClosed')
        : t('event.revealsClosedMissing', {
            names: e.data.missing.map((id) => witnessName(m, id)).join(', '),
          });
    case 'draw.beacon':
      return t('event.beacon', { chain: e.data.chain, round: e.data.round });
    case 'draw.public_sources':
      return t('event.publicSources', { ids: e.data.values.map((v) => v.id).join(', ') });
    case 'draw.closed':
      return t('event.closed');
    case 'draw.cancelled':
      return t('event.cancelled', { reason: e.data.reason });
    default:
      return e.type;
  }
}

function namesList(m: CeremonyModel, labels: Labels, nos: readonly string[]): string {
  return nos.length === 0 ? t('common.none') : nos.map((n) => expertLabel(m, labels, n)).join('; ');
}

export function eventText(m: CeremonyModel, labels: Labels, e: LiveEvent): EventText {
  const who = (no: string) => expertLabel(m, labels, no);
  switch (e.kind) {
    case 'entry': {
      const single = singleDrawEntry(e.entry);
      return { text: single ? entryText(m, single) : e.entry.type, details: [] };
    }
    case 'lot':
      return { text: short(e.lotSeed), details: [] };
    case 'seed':
      return {
        text:
          t('event.seed', { seed: short(e.seed) }) + ' ' + tCount('event.stepsFollow', e.stepCount),
        details: [],
      };
    case 'decline':
      return {
        text:
          t('event.decline', { who: who(e.registryNo) }) +
          ' ' +
          (e.category
            ? t('event.declineCategory', { category: t(`decline.category.${e.category}`) }) + ' '
            : '') +
          tCount('event.stepsFollow', e.stepCount),
        details: [],
      };
    case 'step': {
      const rule = ruleText(e.step);
      const outcome = outcomeText(e.step);
      return {
        text: t('event.step', {
          k: e.k,
          of: e.of,
          who: who(e.step.registryNo),
          outcome: rule ? `${outcome}: ${rule}` : outcome,
        }),
        details: detailTexts(labels, e.step.detail, who),
      };
    }
    case 'result':
      return {
        text: t(e.source === 'draw.result' ? 'event.result' : 'event.replacementResult', {
          commission: namesList(m, labels, e.commission),
          reserves: namesList(m, labels, e.reserves),
        }),
        details: [],
      };
  }
}
