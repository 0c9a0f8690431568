/**
 * The public log API (server/log/log.routes.ts) on the real app and a real SQLite file: answers
 * verify with shared/ verifiers against the published key; bad parameters are 400s naming the field;
 * anything beyond the tree is a 404; the latest checkpoint is never stale, whichever connection
 * appended.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fromHex } from '../../../shared/bytes.js';
import { verifyCheckpoint } from '../../../shared/checkpoint.js';
import { verifyConsistency, verifyInclusion } from '../../../shared/merkle.js';
import { parseVerifierKey } from '../../../shared/note.js';
import {
  ConsistencyProofResponse,
  InclusionProofResponse,
  LogEntriesResponse,
  LogEntryRecord,
  LogKeyResponse,
  SignedCheckpoint,
} from '../../../shared/schemas/log.js';
import { join } from 'node:path';
import { openDb } from '../../../db/connection.js';
import { appendLogEntry, createTransparencyLog } from '../../../server/log/transparency-log.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

const N = 21;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  for (let i = 0; i < N; i++)
    t.ctx.db.transaction(() =>
      appendLogEntry(t.ctx, {
        type: 'registry.expert_created',
        actor: 'admin',
        subject: { kind: 'expert', id: `E-${i}` },
        data: { registryNo: `E-${i}`, regions: ['KZ-ALA'] },
      })
    )();
});
afterAll(async () => {
  await t.close();
});

const get = (path: string) => t.agent.get(path);
const hex = (h: string[]) => h.map(fromHex);

describe('public log API', () => {
  it('does publish the verifier key and a latest checkpoint that verifies with it', async () => {
    const key = LogKeyResponse.parse((await get('/api/public/log/key').expect(200)).body);
    expect(key.name).toBe(t.ctx.config.LOG_ORIGIN);
    const cp = SignedCheckpoint.parse((await get('/api/public/log/checkpoint').expect(200)).body);
    expect(cp.size).toBe(N);
    const v = verifyCheckpoint(cp.note, [parseVerifierKey(key.vkey)], key.name);
    expect(v.ok && v.checkpoint.size).toBe(N);
    expect(v.ok && v.checkpoint.rootHash).toEqual(fromHex(cp.rootHash));
  });

  it('does serve every signed checkpoint by size', async () => {
    for (const size of [0, 1, 7, N]) {
      const cp = SignedCheckpoint.parse(
        (await get(`/api/public/log/checkpoints/${size}`).expect(200)).body
      );
      expect(cp.size).toBe(size);
    }
    const res = await get(`/api/public/log/checkpoints/${N + 1}`).expect(404);
    expect(res.body.error.code).toBe('LOG_OUT_OF_RANGE');
  });

  it('does serve entries by range and by index', async () => {
    const page = LogEntriesResponse.parse(
      (await get('/api/public/log/entries?start=5&end=9').expect(200)).body
    );
    expect(page.entries.map((e) => e.entry.subject.id)).toEqual(['E-5', 'E-6', 'E-7', 'E-8']);
    const tail = LogEntriesResponse.parse(
      (await get('/api/public/log/entries?start=18&end=1000').expect(200)).body
    );
    expect([tail.treeSize, tail.end, tail.entries.length]).toEqual([N, N, 3]);
    const one = LogEntryRecord.parse((await get('/api/public/log/entries/6').expect(200)).body);
    expect(one).toEqual(page.entries[1]);
    expect(one.entry.type).toBe('registry.expert_created');
    await get(`/api/public/log/entries/${N}`).expect(404);
    await get(`/api/public/log/entries?start=${N}`).expect(404);
  });

  it('does serve inclusion proofs that verify against the signed roots', async () => {
    const cp = SignedCheckpoint.parse(
      (await get('/api/public/log/checkpoints/13').expect(200)).body
    );
    for (const index of [0, 6, 12]) {
      const p = InclusionProofResponse.parse(
        (await get(`/api/public/log/proof/inclusion?index=${index}&size=13`).expect(200)).body
      );
      expect(p.rootHash).toBe(cp.rootHash);
      const entry = LogEntryRecord.parse(
        (await get(`/api/public/log/entries/${index}`).expect(200)).body
      );
      expect(p.leafHash).toBe(entry.leafHash);
      expect(
        verifyInclusion(index, 13, fromHex(p.leafHash), hex(p.proof), fromHex(cp.rootHash))
      ).toBe(true);
    }
    const latest = InclusionProofResponse.parse(
      (await get('/api/public/log/proof/inclusion?index=20').expect(200)).body
    );
    expect(latest.size).toBe(N);
  });

  it('does serve consistency proofs between signed checkpoints', async () => {
    const a = SignedCheckpoint.parse((await get('/api/public/log/checkpoints/5').expect(200)).body);
    const b = SignedCheckpoint.parse((await get('/api/public/log/checkpoint').expect(200)).body);
    const p = ConsistencyProofResponse.parse(
      (await get('/api/public/log/proof/consistency?from=5').expect(200)).body
    );
    expect([p.fromRoot, p.toRoot, p.to]).toEqual([a.rootHash, b.rootHash, N]);
    expect(verifyConsistency(5, N, fromHex(a.rootHash), fromHex(b.rootHash), hex(p.proof))).toBe(
      true
    );
  });

  it.each([
    ['/api/public/log/entries?start=-1', 'query.start'],
    ['/api/public/log/entries?start=1e3', 'query.start'],
    ['/api/public/log/entries?start=01', 'query.start'],
    ['/api/public/log/entries?start=5&end=5', 'query.end'],
    ['/api/public/log/entries?start=0&end=1001', 'query.end'],
    ['/api/public/log/entries?start=0&start=1', 'query.start'],
    ['/api/public/log/entries?start=0&limit=5', 'query'],
    ['/api/public/log/entries', 'query.start'],
    ['/api/public/log/entries/abc', 'params.index'],
    ['/api/public/log/checkpoints/1.5', 'params.size'],
    ['/api/public/log/proof/inclusion?size=3', 'query.index'],
    ['/api/public/log/proof/inclusion?index=x', 'query.index'],
    ['/api/public/log/proof/consistency?from=7&to=3', 'query.from'],
    ['/api/public/log/proof/consistency?from=99999999999999999', 'query.from'],
  ])('when asked %s, answers 400 naming %s', async (path, field) => {
    const res = await get(path).expect(400);
    expect(res.body.error.code).toBe('INVALID_INPUT');
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain(field);
  });

  it.each([
    `/api/public/log/proof/inclusion?index=${N}`,
    '/api/public/log/proof/inclusion?index=3&size=3',
    `/api/public/log/proof/inclusion?index=0&size=${N + 1}`,
    `/api/public/log/proof/consistency?from=1&to=${N + 1}`,
  ])('when asked %s beyond the tree, answers 404', async (path) => {
    const res = await get(path).expect(404);
    expect(res.body.error.code).toBe('LOG_OUT_OF_RANGE');
  });
});

// Last in the file: it grows the log the tests above count on.
describe('latest checkpoint as the log grows', () => {
  it('does answer the newest checkpoint after an append here or by another connection', async () => {
    const latest = async (etag?: string) => {
      const res = await get('/api/public/log/checkpoint').set(
        etag ? { 'If-None-Match': etag } : {}
      );
      return {
        status: res.status,
        etag: res.headers.etag!,
        size: (res.body as { size?: number }).size,
      };
    };
    const first = await latest();
    expect(first.size).toBe(N);
    expect(await latest(first.etag)).toEqual({ status: 304, etag: first.etag, size: undefined });

    const entry = (id: string) => ({
      type: 'registry.note_added',
      actor: 'admin',
      subject: { kind: 'registry', id },
      data: { text: id },
    });
    t.ctx.db.transaction(() => appendLogEntry(t.ctx, entry('here')))();
    const mine = await latest(first.etag);
    expect([mine.status, mine.size]).toEqual([200, N + 1]);

    // another connection to the same file, as the CLI's expert import would append
    const db = openDb(join(t.dataDir, 'adal.sqlite'));
    try {
      const tlog = createTransparencyLog(db, t.dataDir, t.ctx.config.LOG_ORIGIN);
      db.transaction(() => appendLogEntry({ tlog, clock: t.ctx.clock }, entry('elsewhere')))();
    } finally {
      db.close();
    }
    const theirs = await latest(mine.etag);
    expect([theirs.status, theirs.size]).toEqual([200, N + 2]);
    const cp = SignedCheckpoint.parse((await get('/api/public/log/checkpoint')).body);
    const key = LogKeyResponse.parse((await get('/api/public/log/key')).body);
    const v = verifyCheckpoint(cp.note, [parseVerifierKey(key.vkey)], key.name);
    expect(v.ok && v.checkpoint.size).toBe(N + 2);
  });
});
