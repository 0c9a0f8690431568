/**
 * Public log API (docs/API.md "Public log API"): the latest and any earlier signed checkpoint, entries
 * by range, inclusion and consistency proofs, and the verifier key. Read-only and public: everything
 * here is published so that anyone can check the log. Hashes are lowercase hex; a checkpoint's note
 * is the C2SP signed-note text to verify with the key. The latest checkpoint, the most requested, is
 * served from bytes kept while the database is unchanged (../http/cached-json.ts).
 */
import type { AppContext } from '../context.js';
import { NotFoundError } from '../../shared/errors.js';
import { LOG_ENTRIES_MAX } from '../../shared/schemas/log.js';
import {
  ConsistencyProofQuery,
  InclusionProofQuery,
  LogEntriesQuery,
  LogIndexParams,
  LogSizeParams,
  type LogWitnessStatusResponse,
} from '../../shared/api/log.js';
import { LogError, type TransparencyLog } from './transparency-log.js';
import { CachedJson } from '../http/cached-json.js';
import type { SignedCheckpoint } from '../../shared/schemas/log.js';
import { route } from '../http/route.js';

export function logRoutes(ctx: AppContext) {
  const tlog = (): TransparencyLog => {
    if (!ctx.tlog) throw new LogError('LOG_UNAVAILABLE', 'the transparency log is not configured');
    return ctx.tlog;
  };
  // the latest signed checkpoint, its note carrying whatever witness lines it has (cosigning.ts)
  const latest = new CachedJson(ctx.db, () => {
    const cp = tlog().latestCheckpoint();
    return ctx.cosigning ? ctx.cosigning.withCosignatures(cp) : cp;
  });
  const witnessed = (): SignedCheckpoint => {
    const cp = ctx.cosigning?.witnessedCovering(0);
    if (!cp)
      throw new NotFoundError('LOG_NOT_WITNESSED', 'no checkpoint of this log is cosigned yet');
    return cp;
  };
  return [
    route({
      method: 'get',
      path: '/api/public/log/checkpoint',
      access: 'public',
      summary: 'the latest signed checkpoint: {origin, size, rootHash, note + its cosignatures}',
      handler: ({ req, res }) => latest.send(req, res),
    }),
    route({
      method: 'get',
      path: '/api/public/log/checkpoint/witnessed',
      access: 'public',
      summary: 'the cosigned checkpoint with the most witness lines (the latest among equals)',
      handler: () => witnessed(),
    }),
    route({
      method: 'get',
      path: '/api/public/log/witnesses',
      access: 'public',
      summary: 'the witnesses this log asks: name, cosigner vkey, latest size each cosigned',
      handler: () => ({
        witnesses: (ctx.cosigning?.status() ?? []).map((w) => ({
          name: w.name,
          vkey: w.vkey,
          cosignedSize: w.cosignedSize,
        })),
      }),
    }),
    route({
      method: 'get',
      path: '/api/log/witnesses',
      access: 'operator',
      summary: 'per witness: latest cosigned size and time, last error, conflict (console panel)',
      handler: (): LogWitnessStatusResponse => ({
        milestone: ctx.cosigning?.milestone() ?? null,
        witnesses: ctx.cosigning?.status() ?? [],
      }),
    }),
    route({
      method: 'get',
      path: '/api/public/log/checkpoints/:size',
      access: 'public',
      params: LogSizeParams,
      summary: 'the checkpoint the log signed for tree size :size',
      handler: ({ params }) => {
        const c = tlog().checkpoint(params.size);
        if (!c)
          throw new NotFoundError('LOG_OUT_OF_RANGE', `no checkpoint for size ${params.size}`);
        return c;
      },
    }),
    route({
      method: 'get',
      path: '/api/public/log/entries',
      access: 'public',
      query: LogEntriesQuery,
      summary: `entries [start, end), at most ${LOG_ENTRIES_MAX}; end is clipped to the tree size`,
      handler: ({ query }) => tlog().entries(query.start, query.end ?? query.start + 100),
    }),
    route({
      method: 'get',
      path: '/api/public/log/entries/:index',
      access: 'public',
      params: LogIndexParams,
      summary: 'one entry with its leaf hash',
      handler: ({ params }) => {
        const e = tlog().entry(params.index);
        if (!e) throw new NotFoundError('LOG_OUT_OF_RANGE', `no entry ${params.index}`);
        return e;
      },
    }),
    route({
      method: 'get',
      path: '/api/public/log/entries/:index/checkpoint',
      access: 'public',
      params: LogIndexParams,
      summary:
        'the first signed checkpoint whose tree holds entry :index (the one a document citing it shows)',
      handler: ({ params }) => {
        const c = tlog().checkpointCovering(params.index);
        if (!c)
          throw new NotFoundError('LOG_OUT_OF_RANGE', `no checkpoint covers entry ${params.index}`);
        return c;
      },
    }),
    route({
      method: 'get',
      path: '/api/public/log/proof/inclusion',
      access: 'public',
      query: InclusionProofQuery,
      summary: 'inclusion proof of entry index in the tree of size size (default: latest)',
      handler: ({ query }) => tlog().inclusionProof(query.index, query.size),
    }),
    route({
      method: 'get',
      path: '/api/public/log/proof/consistency',
      access: 'public',
      query: ConsistencyProofQuery,
      summary: 'consistency proof from tree size from to size to (default: latest)',
      handler: ({ query }) => tlog().consistencyProof(query.from, query.to),
    }),
    route({
      method: 'get',
      path: '/api/public/log/key',
      access: 'public',
      summary: 'the verifier key of the log: {name, keyId, publicKey, vkey}',
      handler: ({ res }) => {
        // readable from any origin, as the bundles are (a verify page elsewhere names its source)
        res.setHeader('Access-Control-Allow-Origin', '*');
        return tlog().publicKey;
      },
    }),
  ];
}
