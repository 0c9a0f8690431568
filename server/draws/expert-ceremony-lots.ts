/**
 * Find me for ceremonies (docs/PROTOCOL.md §Find me): for one registry number, every ceremony lot
 * whose sealed pool or exclusion list mentions it, with the expert's pool number and outcome
 * (shared/expert-outcome.ts) and the two log entries they come from — the lot's draw.lot_sealed (its
 * frozen pool and announcement) and the latest entry holding that lot's result (draw.result, or the
 * lot's last draw.declined) — each with its inclusion proof. expert-draws.ts adds these to the single
 * draws it finds.
 */
import type { AppContext } from '../context.js';
import { getDraw } from './draft.js';
import { getLot } from '../lots/lots.js';
import { expertInDraw } from '../../shared/expert-outcome.js';
import type { ExpertDrawsResponse, ProvenEntry } from '../../shared/api/expert-draws.js';
import type { Announcement, PoolEntry } from '../../shared/schemas/pool.js';
import type { DrawResult } from '../../shared/schemas/draw-result.js';
import type { LogEntryRecord } from '../../shared/schemas/log.js';

type Deps = Pick<AppContext, 'db' | 'tlog'>;
type Proven = (index: number, entry: ProvenEntry['entry']) => ProvenEntry;

/** Ceremony ids whose lots' sealed pools or exclusions name the number (canonical JSON). */
function candidateCeremonies(deps: Deps, registryNo: string): string[] {
  return deps.db
    .prepare(
      `SELECT draw_id AS id FROM ceremony_pool WHERE registry_no = ?
       UNION SELECT draw_id AS id FROM ceremony_lots WHERE announcement_json LIKE ? ESCAPE '\\'
       ORDER BY id`
    )
    .pluck()
    .all(registryNo, `%"registryNo":"${registryNo.replace(/[\\%_]/g, '\\$&')}"%`) as string[];
}

interface Sealed {
  index: number;
  lotId: number;
  pool: PoolEntry[];
  announcement: Announcement;
}

/** The lot's latest result: its own last draw.declined, else its part of draw.result. */
function lotResult(entries: LogEntryRecord[], lotId: number) {
  const last = entries
    .filter((r) => {
      const data = r.entry.data as { lotId?: number };
      return (
        r.entry.type === 'draw.result' || (r.entry.type === 'draw.declined' && data.lotId === lotId)
      );
    })
    .at(-1);
  if (!last) return null;
  const data = last.entry.data as {
    result?: DrawResult;
    lots?: { lotId: number; result: DrawResult }[];
  };
  const result =
    last.entry.type === 'draw.result'
      ? data.lots?.find((l) => l.lotId === lotId)?.result
      : data.result;
  return result ? { record: last, result } : null;
}

export function expertCeremonyLots(
  deps: Deps,
  registryNo: string,
  checkpointSize: number,
  proven: Proven
): ExpertDrawsResponse['draws'] {
  const found: ExpertDrawsResponse['draws'] = [];
  for (const drawId of candidateCeremonies(deps, registryNo)) {
    const entries = deps.tlog.entriesAbout('draw', drawId).filter((r) => r.index < checkpointSize);
    // the lots are sealed in the announcement's transaction: no draw.announced, not yet announced
    if (!entries.some((r) => r.entry.type === 'draw.announced')) continue;
    const d = getDraw(deps, drawId);
    for (const sealed of entries.filter((r) => r.entry.type === 'draw.lot_sealed')) {
      const s = sealed.entry.data as unknown as Sealed;
      const last = lotResult(entries, s.lotId);
      const claim = expertInDraw(
        registryNo,
        { pool: s.pool, exclusions: s.announcement.exclusions },
        last?.result ?? null
      );
      if (!claim) continue;
      const lot = getLot(deps.db, s.lotId);
      found.push({
        drawId,
        lot: { lotId: s.lotId, index: s.index },
        state: d.state,
        lotTitleKk: lot.titleKk,
        lotTitleRu: lot.titleRu,
        claim,
        announced: proven(sealed.index, sealed.entry),
        result: last ? proven(last.record.index, last.record.entry) : null,
      });
    }
  }
  return found;
}
