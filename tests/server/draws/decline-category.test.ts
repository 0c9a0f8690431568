/**
 * Declines in the open (docs/PROTOCOL.md §Declines in the open), through the real API: a decline
 * needs a public category from the closed list; the category is in the draw.declined log entry (so in
 * the bundle and the live sequence), on the public draw page's data and in the printed protocol,
 * while the operator's free-text reason appears in none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withCsrf } from '../../helpers/app.js';
import { drawApi, driveTo, startDrawWorld, type DrawWorld } from '../../helpers/draws.js';
import { liveSequence, type LiveSourceRecord } from '../../../shared/api/live-sequence.js';
import { text } from '../../../shared/i18n/catalog.js';
import type { Bundle } from '../../../shared/schemas/bundle.js';
import { DECLINE_CATEGORIES } from '../../../shared/schemas/decline-category.js';
import { readPdf, binary } from '../protocol/pdf-reader.js';

const REASON = 'в больнице до конца месяца';
let w: DrawWorld;
let id: string;
let member: string;

beforeAll(async () => {
  w = await startDrawWorld(1);
  id = await driveTo(w.t, w.op, w.witness, w.lotIds[0]!, 'drawn');
  member = ((await drawApi(w.op).get(id)).body.commission as string[])[0]!;
}, 60_000);
afterAll(async () => {
  await w.close();
});

describe('a decline and its public category', () => {
  it('when the category is missing or not in the list, answers 400 naming body.category', async () => {
    const post = (body: object) =>
      w.op.agent
        .post(`/api/draws/${id}/declines`)
        .set(withCsrf(w.op))
        .send({ registryNo: member, reason: REASON, ...body });
    for (const body of [{}, { category: 'bored' }]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain('body.category');
    }
  });

  it('does log, publish, bundle, play and print the category, and never the reason', async () => {
    expect(DECLINE_CATEGORIES).toContain('unavailable');
    await drawApi(w.op).decline(id, member, REASON, 'unavailable').expect(200);

    const rows = w.t.ctx.db
      .prepare('SELECT type, CAST(data AS TEXT) AS data FROM log_entries')
      .all() as { type: string; data: string }[];
    const declined = rows.filter((r) => r.type === 'draw.declined' && r.data.includes(id));
    expect(declined).toHaveLength(1);
    expect((JSON.parse(declined[0]!.data) as { data: object }).data).toMatchObject({
      registryNo: member,
      category: 'unavailable',
    });
    expect(rows.some((r) => r.data.includes(REASON))).toBe(false);

    const pub = await w.t.agent.get(`/api/public/draws/${id}`).expect(200);
    expect(pub.body.publicDeclines).toEqual([
      expect.objectContaining({ registryNo: member, category: 'unavailable' }),
    ]);
    expect(JSON.stringify(pub.body)).not.toContain(REASON);
    const op = await drawApi(w.op).get(id).expect(200);
    expect(op.body.declines[0]).toMatchObject({ category: 'unavailable', reason: REASON });

    const bundle = (await w.t.agent.get(`/api/public/draws/${id}/bundle`).expect(200))
      .body as Bundle;
    expect(JSON.stringify(bundle)).not.toContain(REASON);
    const live = liveSequence(id, bundle.entries as LiveSourceRecord[], 0);
    expect(live.filter((e) => e.kind === 'decline')).toEqual([
      expect.objectContaining({ registryNo: member, category: 'unavailable' }),
    ]);

    for (const lang of ['kk', 'ru'] as const) {
      const res = await w.t.agent
        .get(`/api/public/draws/${id}/protocol.pdf?lang=${lang}`)
        .buffer(true)
        .parse(binary);
      const words = readPdf(res.body as Buffer).words;
      const line = text(lang, 'protocol.declineLine', {
        no: member,
        category: text(lang, 'decline.category.unavailable'),
      });
      expect([lang, words.includes(line)]).toEqual([lang, true]);
      expect(words.includes(REASON)).toBe(false);
    }
  });
});
