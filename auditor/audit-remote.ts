/**
 * `adal audit --url`: the audit of a running server through its public log API (docs/API.md "Public
 * log API"), for auditors without the database. Every entry is fetched (GET /api/public/log/entries,
 * 1,000 per request), its leaf hash recomputed from canonicalBytes(entry) and compared with the
 * served one, and the tree rebuilt; the latest checkpoint — and with allCheckpoints every checkpoint
 * the log signed (one request each) — must verify under the key for the key's origin and commit to
 * the rebuilt root at its size. Then every draw is re-verified from its entries (audit.ts). There are
 * no draw tables to cross-check over HTTP; the registry is replayed from the served entries and
 * compared with the public registry API (registry-remote.ts). Answers are parsed with the log API's strict schemas.
 * SHA-256 is node:crypto's (auditor/node-crypto.ts).
 */
import { equalBytes, fromHex } from '../shared/bytes.js';
import { canonicalBytes } from '../shared/canonical.js';
import { verifyCheckpoint } from '../shared/checkpoint.js';
import { MerkleTree } from '../shared/merkle-tree.js';
import { leafHash } from '../shared/merkle.js';
import { parseVerifierKey } from '../shared/note.js';
import {
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

export async function auditServer(
  base: URL,
  opts: { vkey: string; allCheckpoints?: boolean; checkFairness?: boolean }
): Promise<AuditReport> {
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
      if (isRegistryEntryType(r.entry.type) || r.entry.type === 'draw.announced')
        registryEntries.push({ index: r.index, entry: r.entry });
    }
  }
  const sizes = opts.allCheckpoints ? Array.from({ length: latest.size + 1 }, (_, i) => i) : [];
  let checked = 0;
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
    checked++;
  }
  const report = auditDraws(
    { vkey: opts.vkey, origin, tree, checkpoints: checked, latest, drawEntries },
    { checkFairness: opts.checkFairness, hasher }
  );
  if (!report.ok) return report;
  const problem = await auditServedRegistry(registryEntries, (path) =>
    getJson(base, path, z.unknown())
  );
  return problem ? { ...report, ok: false, problem } : report;
}
