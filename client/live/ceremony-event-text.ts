/**
 * Timeline lines of a ceremony's own entries (those carrying ceremony data, which the single-draw
 * texts of event-text.ts do not read): the ceremony opened with its lots, a lot's rules changed, each
 * lot sealed with its announcement hash, pool and exclusions, the ceremony announced with its hash,
 * a lot closed. Every other event reads as for one draw. `lot(lotId)` names a lot ("Lot 2 of 7: …").
 */
import { groupHex } from '../common/format.js';
import { t, tCount } from '../common/i18n.js';
import { singleDrawEntry, type LiveEvent } from '../../shared/api/events.js';

const short = (hex: string) => groupHex(hex.slice(0, 16));

export function ceremonyEntryText(e: LiveEvent, lot: (lotId: number) => string): string | null {
  if (e.kind !== 'entry' || singleDrawEntry(e.entry) !== null) return null;
  const data = e.entry.data as Record<string, unknown>;
  const lotId = typeof data['lotId'] === 'number' ? data['lotId'] : null;
  switch (e.entry.type) {
    case 'draw.created':
      return t('live.ceremony.event.created', {
        n: Array.isArray(data['lotIds']) ? data['lotIds'].length : 0,
      });
    case 'draw.draft_updated':
      return lotId === null
        ? t('event.draftUpdated')
        : t('live.ceremony.event.lotDraft', { lot: lot(lotId) });
    case 'draw.lot_sealed': {
      const a = data['announcement'] as { exclusions: unknown[] };
      return [
        t('live.ceremony.event.lotSealed', {
          lot: lot(lotId ?? 0),
          hash: short(String(data['announcementHash'])),
        }),
        tCount('event.announcedPool', (data['pool'] as unknown[]).length),
        tCount('event.announcedExcluded', a.exclusions.length),
      ].join(' ');
    }
    case 'draw.announced':
      return t('live.ceremony.event.announced', { hash: short(String(data['ceremonyHash'])) });
    case 'draw.lot_closed':
      return t('live.ceremony.event.lotClosed', { lot: lot(lotId ?? 0) });
    default:
      return null;
  }
}
