/**
 * A log monitor (docs/PROTOCOL.md §Monitor): it remembers the last checkpoint it verified (durably,
 * with the right edge of its tree: ./compact-range.ts) and, at each look, checks that the log's
 * latest signed checkpoint extends it:
 *
 *   1 the checkpoint verifies under the pinned key, for the key's origin;
 *   2 its size is not smaller than the remembered one: smaller is TRUNCATED (the log no longer has
 *     the remembered checkpoint) or ROLLBACK (it still has it but serves an older one);
 *   3 of the same size, it has the same root; larger, the server's consistency proof from the
 *     remembered checkpoint verifies: otherwise FORK;
 *   4 every new entry is served, hashes to its leaf hash, and the new leaves appended to the
 *     remembered edge give the new root: otherwise TRUNCATED (an entry missing) or ENTRIES;
 *   5 every draw a new entry completes ('draw.closed', 'draw.cancelled') has a bundle that verifies
 *     with shared/verify.ts under the pinned key: otherwise DRAW.
 * Only then is the new checkpoint remembered. A problem is one line naming its kind; the network
 * failing is not a problem of the log (the caller tries again, or exits 2 with --once).
 */
import { equalBytes, fromHex, toHex } from '../../shared/bytes.js';
import { canonicalBytes } from '../../shared/canonical.js';
import { verifyCheckpoint, type Checkpoint } from '../../shared/checkpoint.js';
import { AppError, VerificationError } from '../../shared/errors.js';
import { leafHash, verifyConsistency } from '../../shared/merkle.js';
import { parseVerifierKey } from '../../shared/note.js';
import {
  ConsistencyProofResponse,
  LOG_ENTRIES_MAX,
  LogEntriesResponse,
  SignedCheckpoint,
} from '../../shared/schemas/log.js';
import { verifyBundle } from '../../shared/verify.js';
import { nodeHasher } from '../node-crypto.js';
import { CompactRange } from './compact-range.js';
import type { MonitorState } from './monitor-state.js';

export type MonitorProblemKind =
  'SIGNATURE' | 'TRUNCATED' | 'ROLLBACK' | 'FORK' | 'ENTRIES' | 'DRAW';

/** A problem of the log: the monitor stops and exits 1 with `${kind}: ${message}`. */
export class MonitorProblem extends AppError<`MONITOR_${MonitorProblemKind}`> {
  constructor(
    readonly kind: MonitorProblemKind,
    message: string
  ) {
    super(`MONITOR_${kind}`, message);
  }
}

/** The server could not be asked (network, a 5xx, an unexpected answer): not the log's fault. */
export class MonitorFetchError extends AppError<'MONITOR_FETCH_FAILED'> {}

/** Draws whose bundle the monitor verifies once their last entry is in the log. */
const COMPLETING = new Set(['draw.closed', 'draw.cancelled']);
const FETCH_TIMEOUT_MS = 30_000;

async function get(base: URL, path: string): Promise<Response> {
  try {
    return await fetch(new URL(path, base), { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (e) {
    throw new MonitorFetchError('MONITOR_FETCH_FAILED', `${path}: ${(e as Error).message}`);
  }
}

async function getJson<T>(
  base: URL,
  path: string,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }
): Promise<T> {
  const res = await get(base, path);
  if (!res.ok)
    throw new MonitorFetchError('MONITOR_FETCH_FAILED', `${path} answered ${res.status}`);
  const r = schema.safeParse(await res.json().catch(() => undefined));
  if (!r.success) throw new MonitorFetchError('MONITOR_FETCH_FAILED', `${path}: unexpected answer`);
  return r.data;
}

export interface MonitorStep {
  state: MonitorState;
  /** entries checked and draws verified in this look */
  entries: number;
  draws: string[];
}

/** One look at the log from `held` (null: the first look, from the empty tree). */
export async function monitorOnce(
  base: URL,
  vkey: string,
  held: MonitorState | null
): Promise<MonitorStep> {
  const key = parseVerifierKey(vkey);
  const hasher = nodeHasher();
  const signed = await getJson(base, '/api/public/log/checkpoint', SignedCheckpoint);
  const v = verifyCheckpoint(signed.note, [key], key.name);
  if (!v.ok)
    throw new MonitorProblem('SIGNATURE', `the latest checkpoint does not verify (${v.code})`);
  const c: Checkpoint = v.checkpoint;
  const range = held
    ? CompactRange.from(held.size, held.edge.map(fromHex), hasher)
    : CompactRange.empty(hasher);
  const heldRoot = range.root();
  const from = range.size;
  if (c.size < from) {
    const still = await get(base, `/api/public/log/checkpoints/${from}`);
    if (still.status === 404)
      throw new MonitorProblem(
        'TRUNCATED',
        `the log now ends at size ${c.size}, but this monitor verified size ${from} ` +
          `(root ${toHex(heldRoot)}): its tail was deleted`
      );
    throw new MonitorProblem(
      'ROLLBACK',
      `the log serves size ${c.size} as its latest checkpoint after this monitor verified ${from}`
    );
  }
  if (c.size === from && !equalBytes(c.rootHash, heldRoot))
    throw new MonitorProblem(
      'FORK',
      `two checkpoints of size ${from}: root ${toHex(heldRoot)} (verified before) and ${toHex(c.rootHash)}`
    );
  if (c.size > from && from > 0) {
    const p = await getJson(
      base,
      `/api/public/log/proof/consistency?from=${from}&to=${c.size}`,
      ConsistencyProofResponse
    );
    const proof = p.proof.map(fromHex);
    if (!verifyConsistency(from, c.size, heldRoot, c.rootHash, proof, hasher))
      throw new MonitorProblem(
        'FORK',
        `the checkpoint of size ${c.size} (root ${toHex(c.rootHash)}) does not extend the one of ` +
          `size ${from} (root ${toHex(heldRoot)}) this monitor verified: no consistency proof`
      );
  }
  const completed: string[] = [];
  while (range.size < c.size) {
    const start = range.size;
    const end = Math.min(c.size, start + LOG_ENTRIES_MAX);
    const res = await get(base, `/api/public/log/entries?start=${start}&end=${end}`);
    if (res.status === 404)
      throw new MonitorProblem('TRUNCATED', `entry ${start} is missing below size ${c.size}`);
    if (!res.ok)
      throw new MonitorFetchError('MONITOR_FETCH_FAILED', `entries answered ${res.status}`);
    const page = LogEntriesResponse.safeParse(await res.json().catch(() => undefined));
    if (!page.success)
      throw new MonitorFetchError('MONITOR_FETCH_FAILED', 'entries: unexpected answer');
    if (page.data.entries.length === 0)
      throw new MonitorProblem('TRUNCATED', `entry ${start} is missing below size ${c.size}`);
    for (const r of page.data.entries) {
      if (r.index !== range.size)
        throw new MonitorProblem('TRUNCATED', `entry ${range.size} is missing`);
      const h = leafHash(canonicalBytes(r.entry), hasher);
      if (!equalBytes(h, fromHex(r.leafHash)))
        throw new MonitorProblem(
          'ENTRIES',
          `entry ${r.index}: its leaf hash does not match its data`
        );
      range.append(h);
      if (r.entry.subject.kind === 'draw' && COMPLETING.has(r.entry.type))
        completed.push(r.entry.subject.id);
    }
  }
  if (!equalBytes(range.root(), c.rootHash))
    throw new MonitorProblem(
      'ENTRIES',
      `entries ${from}…${c.size - 1} do not hash to the root of the checkpoint of size ${c.size}`
    );
  for (const id of completed) await checkDraw(base, vkey, id, c);
  return {
    state: {
      version: 1,
      vkey,
      size: c.size,
      rootHash: toHex(c.rootHash),
      note: signed.note,
      edge: range.edge.map(toHex),
    },
    entries: c.size - from,
    draws: completed,
  };
}

/**
 * Check 5: the draw's bundle, as the server serves it, verifies under the pinned key, and its
 * checkpoint is of this monitor's history (a consistency proof between it and the one just verified).
 */
async function checkDraw(base: URL, vkey: string, drawId: string, c: Checkpoint): Promise<void> {
  const res = await get(base, `/api/public/draws/${encodeURIComponent(drawId)}/bundle`);
  if (!res.ok)
    throw new MonitorProblem('DRAW', `draw ${drawId}: its bundle is not served (${res.status})`);
  const bundle = (await res.json().catch(() => null)) as unknown;
  let size: number;
  let root: Uint8Array;
  try {
    const v = verifyBundle(bundle, { trustedKeys: [vkey], hasher: nodeHasher() });
    size = v.treeSize;
    root = fromHex(v.rootHash);
  } catch (e) {
    if (e instanceof VerificationError)
      throw new MonitorProblem(
        'DRAW',
        `draw ${drawId} fails verification: ${e.code}: ${e.message}`
      );
    throw e;
  }
  const older = size <= c.size;
  const [lo, hi] = older ? [size, c.size] : [c.size, size];
  const [loRoot, hiRoot] = older ? [root, c.rootHash] : [c.rootHash, root];
  const proof =
    lo === hi
      ? []
      : (
          await getJson(
            base,
            `/api/public/log/proof/consistency?from=${lo}&to=${hi}`,
            ConsistencyProofResponse
          )
        ).proof.map(fromHex);
  if (!verifyConsistency(lo, hi, loRoot, hiRoot, proof, nodeHasher()))
    throw new MonitorProblem(
      'FORK',
      `draw ${drawId}: its bundle's checkpoint (size ${size}, root ${toHex(root)}) is not of the ` +
        `history this monitor verified (size ${c.size})`
    );
}
