/**
 * `adal audit --url`: the audit of a running server through its public log API (docs/API.md "Public
 * log API"), for auditors without the database. Every entry is fetched (GET /api/public/log/entries,
 * 1,000 per request), its leaf hash recomputed from canonicalBytes(entry) and compared with the
 * served one, and the tree rebuilt; the latest checkpoint — and with allCheckpoints every checkpoint
 * the log signed (one request each) — must verify under the key for the key's origin and commit to
 * the rebuilt root at its size, and its time line (auditor/checkpoint-time.ts). With `since`, a
 * checkpoint the auditor kept from earlier, the log must still contain it: the latest checkpoint is
 * at least as large, the server's consistency proof between the two verifies, and the rebuilt tree
 * has the kept root at the kept size — a log whose tail was deleted, or that forked, fails here.
 * Then every draw is re-verified from its entries (audit.ts). There are no draw tables to
 * cross-check over HTTP; the registry is replayed from the served entries and compared with the
 * public registry API (registry-remote.ts). Answers are parsed with the log API's strict schemas.
 * SHA-256 is node:crypto's (auditor/node-crypto.ts).
 */
import { equalBytes, fromHex, toHex } from '../shared/bytes.js';
import { canonicalBytes } from '../shared/canonical.js';
import { verifyCheckpoint, type Checkpoint, type TimeAnchor } from '../shared/checkpoint.js';
import type { BeaconVerifyOptions } from '../shared/drand.js';
import { MerkleTree } from '../shared/merkle-tree.js';
import { leafHash, verifyConsistency } from '../shared/merkle.js';
import { parseVerifierKey } from '../shared/note.js';
import {
  ConsistencyProofResponse,
  LOG_ENTRIES_MAX,
  LogEntriesResponse,
  SignedCheckpoint,
  type LogEntry,
} from '../shared/schemas/log.js';
import { AppError } from '../shared/errors.js';
import { z } from 'zod';
import { auditDraws, type AuditProblem, type AuditReport } from './audit.js';
import { nodeHasher } from './node-crypto.js';
import { isRegistryEntryType, type ReplayedEntry } from '../shared/registry-replay.js';
import { auditServedRegistry } from './registry-remote.js';
import { loggedRound, TimeLineCheck } from './checkpoint-time.js';

/** The server cannot be read (network, status, an answer of the wrong shape): not a finding. */
export class AuditFetchError extends AppError<'AUDIT_FETCH_FAILED'> {}

async function getJson<T>(base: URL, path: string, schema: z.ZodType<T>): Promise<T>;
async function getJson<T>(
  base: URL,
  path: string,
  schema: z.ZodType<T>,
  opts: { notFound: 'null' }
): Promise<T | null>;
async function getJson<T>(
  base: URL,
  path: string,
  schema: z.ZodType<T>,
  opts?: { notFound: 'null' }
): Promise<T | null> {
  const url = new URL(path, base);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw new AuditFetchError('AUDIT_FETCH_FAILED', `${url.href}: ${(e as Error).message}`);
  }
  if (res.status === 404 && opts?.notFound === 'null') return null;
  if (!res.ok)
    throw new AuditFetchError('AUDIT_FETCH_FAILED', `${url.href} answered ${res.status}`);
  const r = schema.safeParse(await res.json().catch(() => undefined));
  if (!r.success) throw new AuditFetchError('AUDIT_FETCH_FAILED', `${url.href}: unexpected answer`);
  return r.data;
}

export interface ServerAuditOptions {
  vkey: string;
  allCheckpoints?: boolean;
  checkFairness?: boolean;
  /** a checkpoint the auditor kept, already verified under vkey (audit --since-checkpoint) */
  since?: Checkpoint;
  /** for benchmarks only (auditor/audit.ts DrawAuditOptions.drand) */
  drand?: BeaconVerifyOptions;
}

export async function auditServer(base: URL, opts: ServerAuditOptions): Promise<AuditReport> {
  const origin = parseVerifierKey(opts.vkey).name;
  const key = parseVerifierKey(opts.vkey);
  const latest = await getJson(base, '/api/public/log/checkpoint', SignedCheckpoint);
  const hasher = nodeHasher();
  const tree = new MerkleTree(hasher);
  const drawEntries: { index: number; drawId: string; entry: LogEntry }[] = [];
  const registryEntries: { index: number; entry: ReplayedEntry }[] = [];
  const fail = (problem: AuditProblem, checkpoints = 0): AuditReport => ({
    ok: false,
    entries: tree.size,
    checkpoints,
    draws: 0,
    problem,
  });
  while (tree.size < latest.size) {
    const end = Math.min(latest.size, tree.size + LOG_ENTRIES_MAX);
    const page = await getJson(
      base,
      `/api/public/log/entries?start=${tree.size}&end=${end}`,
      LogEntriesResponse
    );
    if (page.entries.length === 0)
      return fail({
        code: 'LOG_ENTRY_GAP',
        message: `no entries from ${tree.size}`,
        index: tree.size,
      });
    for (const r of page.entries) {
      if (r.index !== tree.size)
        return fail({
          code: 'LOG_ENTRY_GAP',
          message: `entry ${tree.size} is missing`,
          index: tree.size,
        });
      const h = leafHash(canonicalBytes(r.entry), hasher);
      if (!equalBytes(h, fromHex(r.leafHash)))
        return fail({
          code: 'LOG_ENTRY_HASH',
          message: `entry ${r.index}: leaf hash does not match its data`,
          index: r.index,
        });
      tree.append(h);
      if (r.entry.subject.kind === 'draw')
        drawEntries.push({ index: r.index, drawId: r.entry.subject.id, entry: r.entry });
      if (
        isRegistryEntryType(r.entry.type) ||
        r.entry.type === 'draw.announced' ||
        r.entry.type === 'draw.lot_sealed'
      )
        registryEntries.push({ index: r.index, entry: r.entry });
    }
  }
  const sizes = opts.allCheckpoints ? Array.from({ length: latest.size + 1 }, (_, i) => i) : [];
  let checked = 0;
  const times = new TimeLineCheck(
    () =>
      drawEntries.flatMap(({ index, entry }) => {
        const r = entry.type === 'draw.beacon' ? loggedRound(index, entry.data) : null;
        return r ? [r] : [];
      }),
    opts.drand
  );
  let previousTime: TimeAnchor | null = null;
  /** the verified checkpoints' notes in size order (no re-roll: the first holding a cancel) */
  const verified: { size: number; note: string }[] = [];
  for (const size of [...sizes.slice(0, -1), latest.size]) {
    // The log signs one checkpoint per transaction (an action that appends several entries, a group
    // commit), so some sizes have none: a 404 there is expected. The chain line of each signed
    // checkpoint ties it to the previous one, so a withheld checkpoint still breaks the chain.
    const c =
      size === latest.size
        ? latest
        : await getJson(base, `/api/public/log/checkpoints/${size}`, SignedCheckpoint, {
            notFound: 'null',
          });
    if (c === null) continue;
    const v = verifyCheckpoint(c.note, [key], origin);
    if (!v.ok)
      return fail(
        { code: 'LOG_CHECKPOINT_SIGNATURE', message: `checkpoint ${size}: ${v.message}`, size },
        checked
      );
    if (v.checkpoint.size !== size || !equalBytes(v.checkpoint.rootHash, tree.root(size)))
      return fail(
        {
          code: 'LOG_CHECKPOINT_ROOT',
          message: `checkpoint ${size}: root differs from the rebuilt tree`,
          size,
        },
        checked
      );
    // our checkpoints: the chain line (after the first), then at most one time line
    const [first, ...rest] = v.checkpoint.extensions;
    const others = first?.startsWith('prev ') ? rest : v.checkpoint.extensions;
    const t: ReturnType<TimeLineCheck['see']> =
      others.length > 1
        ? {
            problem: {
              code: 'LOG_CHECKPOINT_TIME' as const,
              message: `checkpoint ${size}: more extension lines than a time line`,
              size,
            },
          }
        : times.see(size, others[0], previousTime);
    if ('problem' in t) return fail(t.problem, checked);
    previousTime = t.anchor;
    verified.push({ size, note: c.note });
    checked++;
  }
  const timeProblem = times.finish();
  if (timeProblem) return fail(timeProblem.problem, checked);
  if (opts.since) {
    const problem = await checkSince(base, opts.since, latest.size, tree, hasher);
    if (problem) return fail(problem, checked);
  }
  const report = auditDraws(
    {
      vkey: opts.vkey,
      origin,
      tree,
      checkpoints: checked,
      latest,
      drawEntries,
      // only with every checkpoint checked is the first one holding an entry known
      ...(opts.allCheckpoints
        ? { firstCovering: (i: number) => verified.find((c) => c.size > i)?.note }
        : {}),
    },
    { checkFairness: opts.checkFairness, hasher, drand: opts.drand }
  );
  if (!report.ok) return report;
  const problem = await auditServedRegistry(registryEntries, (path) =>
    getJson(base, path, z.unknown())
  );
  if (problem) return { ...report, ok: false, problem };
  return opts.since ? { ...report, sinceHeld: opts.since.size } : report;
}

/**
 * The log still holds the kept checkpoint: it is not larger than the latest, the server's
 * consistency proof from it to the latest verifies, and the rebuilt tree agrees.
 */
async function checkSince(
  base: URL,
  kept: Checkpoint,
  latestSize: number,
  tree: MerkleTree,
  hasher: ReturnType<typeof nodeHasher>
): Promise<AuditProblem | undefined> {
  const m = kept.size;
  if (m > latestSize)
    return {
      code: 'LOG_CHECKPOINT_ROLLBACK',
      message: `the log's latest checkpoint is of size ${latestSize}, smaller than the kept checkpoint of size ${m}: entries were removed or the log was rolled back`,
      size: m,
    };
  const inconsistent = (why: string): AuditProblem => ({
    code: 'LOG_CHECKPOINT_INCONSISTENT',
    message: `the kept checkpoint of size ${m} (root ${toHex(kept.rootHash)}) is not part of this log: ${why}`,
    size: m,
  });
  const proof = await getJson(
    base,
    `/api/public/log/proof/consistency?from=${m}&to=${latestSize}`,
    ConsistencyProofResponse,
    { notFound: 'null' }
  );
  if (
    !proof ||
    !verifyConsistency(
      m,
      latestSize,
      kept.rootHash,
      tree.root(latestSize),
      proof.proof.map((h) => fromHex(h)),
      hasher
    )
  )
    return inconsistent('the server gives no consistency proof from it to the latest checkpoint');
  if (!equalBytes(tree.root(m), kept.rootHash))
    return inconsistent(`the entries served make another root at size ${m}`);
  return undefined;
}
