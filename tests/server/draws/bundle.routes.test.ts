/**
 * GET /api/public/draws/:id/bundle on the real app after real draws: a JSON download that verifies
 * with the published key, refreshed against the newest checkpoint when the log grows (whichever
 * connection appended); 404 for a draw the log never mentioned, 400 for a malformed id; public (no
 * session needed).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Bundle } from '../../../shared/schemas/bundle.js';
import { verifyBundle } from '../../../shared/verify.js';
import { join } from 'node:path';
import { openDb } from '../../../db/connection.js';
import { appendLogEntry, createTransparencyLog } from '../../../server/log/transparency-log.js';
import { runVerifiedDraws, type VerifiedDraws } from '../../helpers/verified-draws.js';

let d: VerifiedDraws;
beforeAll(async () => {
  d = await runVerifiedDraws();
}, 120_000);
afterAll(async () => {
  await d.close();
});

const get = (id: string) => d.t.agent.get(`/api/public/draws/${id}/bundle`);

describe('GET /api/public/draws/:id/bundle', () => {
  it('does answer a downloadable bundle that verifies with the published key', async () => {
    const res = await get(d.ids.adal).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="adal-draw-${d.ids.adal}.bundle.json"`
    );
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.etag).toBe(`"${d.ids.adal}@${d.t.ctx.tlog!.size()}"`);
    await get(d.ids.adal).set('If-None-Match', res.headers.etag!).expect(304);
    const bundle = Bundle.parse(res.body);
    expect(bundle.log.treeSize).toBe(d.t.ctx.tlog!.size());
    const key = (await d.t.agent.get('/api/public/log/key').expect(200)).body.vkey as string;
    const r = verifyBundle(res.body, { trustedKeys: [key] });
    expect(r.lastEvent).toBe('draw.closed');
    expect(bundle.entries.map((e) => e.index)).toEqual(
      (
        d.t.ctx.db
          .prepare("SELECT idx FROM log_entries WHERE subject_kind = 'draw' AND subject_id = ?")
          .pluck()
          .all(d.ids.adal) as number[]
      ).sort((a, b) => a - b)
    );
  });

  it('when the log grows, does answer a bundle against the newest checkpoint', async () => {
    const before = Bundle.parse((await get(d.ids.rfc3797).expect(200)).body);
    d.t.ctx.db.transaction(() =>
      appendLogEntry(d.t.ctx, {
        type: 'registry.note_added',
        actor: 'admin',
        subject: { kind: 'registry', id: 'notes' },
        data: { text: 'a later entry' },
      })
    )();
    const again = await get(d.ids.rfc3797).set(
      'If-None-Match',
      `"${d.ids.rfc3797}@${before.log.treeSize}"`
    );
    expect(again.status).toBe(200);
    const after = Bundle.parse(again.body);
    expect(after.log.treeSize).toBe(before.log.treeSize + 1);
    expect(after.log.checkpoint).not.toBe(before.log.checkpoint);
    expect(verifyBundle(after, { trustedKeys: [d.t.ctx.tlog!.vkey] }).treeSize).toBe(
      after.log.treeSize
    );
  });

  it('when another connection appends, does answer a bundle against its checkpoint', async () => {
    const before = Bundle.parse((await get(d.ids.adal).expect(200)).body);
    // a second connection to the same file, as the CLI's expert import would append
    const db = openDb(join(d.t.dataDir, 'adal.sqlite'));
    try {
      const tlog = createTransparencyLog(db, d.t.dataDir, d.t.ctx.config.LOG_ORIGIN);
      db.transaction(() =>
        appendLogEntry(
          { tlog, clock: d.t.ctx.clock },
          {
            type: 'registry.note_added',
            actor: 'admin',
            subject: { kind: 'registry', id: 'notes' },
            data: { text: 'from another connection' },
          }
        )
      )();
    } finally {
      db.close();
    }
    const after = Bundle.parse((await get(d.ids.adal).expect(200)).body);
    expect(after.log.treeSize).toBe(before.log.treeSize + 1);
    expect(verifyBundle(after, { trustedKeys: [d.t.ctx.tlog!.vkey] }).treeSize).toBe(
      after.log.treeSize
    );
  });

  it('does answer 404 for an unknown draw and 400 naming the field for a malformed id', async () => {
    const missing = await get('D-2023-9999').expect(404);
    expect(missing.body.error.code).toBe('DRAW_NOT_FOUND');
    const bad = await get('not-a-draw').expect(400);
    expect(bad.body.error.issues[0].path).toBe('params.id');
  });
});
