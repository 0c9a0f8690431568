/**
 * Checks a "find me" answer (shared/api/expert-draws.ts) the way the /find page does, in any
 * JavaScript runtime: the checkpoint's signature under the log key, each entry's inclusion in that
 * checkpoint's tree (leaf = SHA-256(0x00 || JCS(entry)), RFC 6962 proof), that the entries are the
 * draw's draw.announced and result entries — for a ceremony's lot, that lot's draw.lot_sealed entry
 * and its draw.result part or own draw.declined — and that the expert's pool number and outcome
 * derived again from them (shared/expert-outcome.ts) equal what the server claimed.
 */
import { fromHex, equalBytes } from '../bytes.js';
import { canonicalBytes, type Json } from '../canonical.js';
import { verifyCheckpoint } from '../checkpoint.js';
import { leafHash, verifyInclusion } from '../merkle.js';
import { parseVerifierKey } from '../note.js';
import { expertInDraw, type ExpertInDraw } from '../expert-outcome.js';
import type { LogEntry } from '../schemas/log.js';
import type { Announcement, PoolEntry } from '../schemas/pool.js';
import type { DrawResult } from '../schemas/draw-result.js';
import type { Exclusion } from '../schemas/conflicts.js';

/** An entry with its inclusion proof (hex hashes), as the answer carries it. */
export interface ProvenEntry {
  index: number;
  entry: LogEntry;
  proof: string[];
}

/** What this reads of a "find me" answer (its wire schema is shared/api/expert-draws.ts). */
export interface ExpertDrawsAnswer {
  expert: { registryNo: string };
  checkpoint: { origin: string; note: string };
  draws: {
    drawId: string;
    /** a ceremony's lot; null or absent for a single draw */
    lot?: { lotId: number; index: number } | null;
    claim: ExpertInDraw;
    announced: ProvenEntry;
    result: ProvenEntry | null;
  }[];
}

export interface CheckedExpertDraw {
  drawId: string;
  ok: boolean;
  /** what the proven entries say; null when they could not be read */
  derived: ExpertInDraw | null;
  problem?: 'inclusion' | 'entry' | 'claim';
}

export interface CheckedExpertDraws {
  checkpointOk: boolean;
  draws: CheckedExpertDraw[];
}

function included(e: ProvenEntry, size: number, root: Uint8Array): boolean {
  try {
    const leaf = leafHash(canonicalBytes(e.entry as unknown as Json));
    return verifyInclusion(e.index, size, leaf, e.proof.map(fromHex), root);
  } catch {
    return false;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return equalBytes(canonicalBytes(a as Json), canonicalBytes(b as Json));
}

type Data = Record<string, unknown>;

/**
 * The pool, exclusions and result the entries hold, or null when they are not the entries they must
 * be: a single draw's draw.announced and draw.result / draw.declined; a ceremony lot's
 * draw.lot_sealed of that lot at that position and draw.result (that lot's part) or that lot's
 * draw.declined.
 */
function readEntries(
  announced: ProvenEntry,
  last: ProvenEntry | null,
  lot: { lotId: number; index: number } | null
): {
  announced: { pool: PoolEntry[]; exclusions: Exclusion[] };
  result: DrawResult | null;
} | null {
  const a = announced.entry.data as Data & { pool?: PoolEntry[]; announcement?: Announcement };
  if (announced.entry.type !== (lot ? 'draw.lot_sealed' : 'draw.announced')) return null;
  if (lot && (a['lotId'] !== lot.lotId || a['index'] !== lot.index)) return null;
  if (!Array.isArray(a.pool) || !Array.isArray(a.announcement?.exclusions)) return null;
  let result: DrawResult | null = null;
  if (last) {
    const data = last.entry.data as Data & {
      result?: DrawResult;
      lots?: { lotId?: unknown; result?: DrawResult }[];
    };
    if (last.entry.type === 'draw.result' && lot)
      result = Array.isArray(data.lots)
        ? (data.lots.find((l) => l.lotId === lot.lotId)?.result ?? null)
        : null;
    else if (last.entry.type === 'draw.result' || last.entry.type === 'draw.declined') {
      if (lot && data['lotId'] !== lot.lotId) return null;
      result = data.result ?? null;
    } else return null;
    if (!result) return null;
  }
  return { announced: { pool: a.pool, exclusions: a.announcement.exclusions }, result };
}

export function checkExpertDraws(r: ExpertDrawsAnswer, vkey: string): CheckedExpertDraws {
  let checkpoint;
  try {
    const v = verifyCheckpoint(r.checkpoint.note, [parseVerifierKey(vkey)], r.checkpoint.origin);
    checkpoint = v.ok ? v.checkpoint : null;
  } catch {
    checkpoint = null;
  }
  if (!checkpoint) return { checkpointOk: false, draws: [] };
  const { size, rootHash } = checkpoint;
  const draws = r.draws.map((d): CheckedExpertDraw => {
    const proven = [d.announced, ...(d.result ? [d.result] : [])];
    if (!proven.every((e) => included(e, size, rootHash)))
      return { drawId: d.drawId, ok: false, derived: null, problem: 'inclusion' };
    const about = (e: ProvenEntry) =>
      e.entry.subject.kind === 'draw' && e.entry.subject.id === d.drawId;
    const read = proven.every(about) ? readEntries(d.announced, d.result, d.lot ?? null) : null;
    if (!read) return { drawId: d.drawId, ok: false, derived: null, problem: 'entry' };
    const derived = expertInDraw(r.expert.registryNo, read.announced, read.result);
    if (!derived || !sameJson(derived, d.claim))
      return { drawId: d.drawId, ok: false, derived, problem: 'claim' };
    return { drawId: d.drawId, ok: true, derived };
  });
  return { checkpointOk: true, draws };
}
