/**
 * Find me (docs/PROTOCOL.md §Find me): for one registry number, every draw whose frozen pool or
 * exclusion list mentions it, with the expert's pool number and outcome (shared/expert-outcome.ts)
 * and the two log entries they come from — draw.announced and the latest draw.result /
 * draw.declined — each with its inclusion proof against the latest checkpoint; and every ceremony
 * lot likewise (expert-ceremony-lots.ts), ordered by draw id, then broadcast position. Only public
 * registry fields of the expert. Throws NotFoundError EXPERT_NOT_FOUND for an unknown number.
 */
import type { AppContext } from '../context.js';
import { getDraw } from './draft.js';
import { getLot } from '../lots/lots.js';
import { getExpert } from '../registry/experts.js';
import { expertCeremonyLots } from './expert-ceremony-lots.js';
import { expertInDraw } from '../../shared/expert-outcome.js';
import { toPublicExpert } from '../../shared/schemas/registry.js';
import type { ExpertDrawsResponse, ProvenEntry } from '../../shared/api/expert-draws.js';
import type { Announcement, PoolEntry } from '../../shared/schemas/pool.js';
import type { DrawResult } from '../../shared/schemas/draw-result.js';

type Deps = Pick<AppContext, 'db' | 'tlog'>;

/** Code-unit order, as the ids' SQL ORDER BY (no locale). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Draws whose pool rows name the number, or whose announced exclusions do (canonical JSON). */
function candidateDraws(deps: Deps, registryNo: string): string[] {
  return deps.db
    .prepare(
      `SELECT draw_id AS id FROM draw_pool WHERE registry_no = ?
       UNION SELECT id FROM draws WHERE announcement_json LIKE ? ESCAPE '\\'
       ORDER BY id`
    )
    .pluck()
    .all(registryNo, `%"registryNo":"${registryNo.replace(/[\\%_]/g, '\\$&')}"%`) as string[];
}

export function expertDraws(deps: Deps, registryNo: string): ExpertDrawsResponse {
  const expert = toPublicExpert(getExpert(deps.db, registryNo));
  const checkpoint = deps.tlog.latestCheckpoint();
  const proven = (index: number, entry: ProvenEntry['entry']): ProvenEntry => ({
    index,
    entry,
    proof: deps.tlog.inclusionProof(index, checkpoint.size).proof,
  });
  const draws: ExpertDrawsResponse['draws'] = [];
  for (const drawId of candidateDraws(deps, registryNo)) {
    const entries = deps.tlog.entriesAbout('draw', drawId).filter((r) => r.index < checkpoint.size);
    const announced = entries.find((r) => r.entry.type === 'draw.announced');
    if (!announced) continue;
    const data = announced.entry.data as { pool: PoolEntry[]; announcement: Announcement };
    const last = entries
      .filter((r) => r.entry.type === 'draw.result' || r.entry.type === 'draw.declined')
      .at(-1);
    const result = last ? (last.entry.data as { result: DrawResult }).result : null;
    const claim = expertInDraw(
      registryNo,
      { pool: data.pool, exclusions: data.announcement.exclusions },
      result
    );
    if (!claim) continue;
    const d = getDraw(deps, drawId);
    const lot = getLot(deps.db, d.lotId);
    draws.push({
      drawId,
      lot: null,
      state: d.state,
      lotTitleKk: lot.titleKk,
      lotTitleRu: lot.titleRu,
      claim,
      announced: proven(announced.index, announced.entry),
      result: last ? proven(last.index, last.entry) : null,
    });
  }
  draws.push(...expertCeremonyLots(deps, registryNo, checkpoint.size, proven));
  draws.sort((a, b) => cmp(a.drawId, b.drawId) || (a.lot?.index ?? 0) - (b.lot?.index ?? 0));
  return { expert, vkey: deps.tlog.vkey, checkpoint, draws };
}
