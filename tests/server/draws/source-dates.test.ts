/**
 * A public source's value exists only from its date (docs/PROTOCOL.md §Unpredictable by
 * construction), through the real API: a value posted before its source's date and time answers 409
 * PUBLIC_SOURCE_TOO_EARLY naming the source and its date, writes nothing, and is accepted once the date
 * has come; the catalogue explains the refusal in kk, ru and en. Clock: Kazakhstan time is UTC+5.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  BEFORE_ROUND,
  baseDraft,
  drawApi,
  drawEntries,
  startDrawWorld,
  type DrawWorld,
} from '../../helpers/draws.js';
import kk from '../../../shared/i18n/kk.json' with { type: 'json' };
import ru from '../../../shared/i18n/ru.json' with { type: 'json' };
import en from '../../../shared/i18n/en.json' with { type: 'json' };

let w: DrawWorld;

beforeAll(async () => {
  w = await startDrawWorld(1);
});
afterAll(async () => {
  await w.close();
});

/** An RFC 3797 draw (public sources only) with its reveals closed, at BEFORE_ROUND. */
async function drawWithSources(): Promise<string> {
  const api = drawApi(w.op);
  w.t.clock.set(BEFORE_ROUND);
  const draft = baseDraft({
    method: 'rfc3797',
    entropy: {
      publicSources: [
        { id: 'lotto', description: 'State lottery', date: '2023-08-24', time: '20:00' },
        { id: 'kase', description: 'KASE index close', date: '2023-08-24' },
      ],
    },
  });
  const id = (await api.create(w.lotIds[0]!, draft).expect(201)).body.id as string;
  await api.announce(id).expect(200);
  await api.openReveals(id).expect(200);
  await api.closeReveals(id).expect(200);
  return id;
}

describe('posting a public source value', () => {
  it('when posted before its date and time, answers 409 naming the source and date, and writes nothing; accepted once they came', async () => {
    const api = drawApi(w.op);
    const id = await drawWithSources();
    const before = drawEntries(w.t, id).length;

    // 2023-08-24 19:59 in Kazakhstan: the date-only source's day has come, the lottery's 20:00 not
    w.t.clock.set(new Date('2023-08-24T14:59:00Z'));
    const early = await api
      .publicSources(id, [
        { id: 'kase', value: ['2911.54'] },
        { id: 'lotto', value: [33, 8, 41] },
      ])
      .expect(409);
    expect(early.body.error.code).toBe('PUBLIC_SOURCE_TOO_EARLY');
    expect(early.body.error.message).toContain('lotto');
    expect(early.body.error.message).toContain('2023-08-24 20:00');
    expect(early.body.error.issues).toEqual([
      { path: 'body.values.1.id', message: expect.stringContaining('2023-08-24T15:00:00.000Z') },
    ]);
    expect(drawEntries(w.t, id)).toHaveLength(before);
    expect((await api.get(id).expect(200)).body.publicSources).toEqual([]);

    // a date-only source: from 00:00 of its Kazakhstan day (19:00Z the day before), not a minute earlier
    w.t.clock.set(new Date('2023-08-23T18:59:00Z'));
    const dayBefore = await api.publicSources(id, [{ id: 'kase', value: ['2911.54'] }]).expect(409);
    expect(dayBefore.body.error.message).toContain('kase is dated 2023-08-24 (');
    w.t.clock.set(new Date('2023-08-23T19:00:00Z'));
    await api.publicSources(id, [{ id: 'kase', value: ['2911.54'] }]).expect(200);

    w.t.clock.set(new Date('2023-08-24T15:00:00Z'));
    const done = await api.publicSources(id, [{ id: 'lotto', value: [33, 8, 41] }]).expect(200);
    expect(done.body.state).toBe('beacon_received');
    expect(drawEntries(w.t, id)).toHaveLength(before + 2);
  });

  it('does explain the refusal in kk, ru and en', () => {
    const texts = [kk, ru, en].map((c) => c['error.PUBLIC_SOURCE_TOO_EARLY']);
    for (const text of texts) expect(text).toMatch(/\S/);
    expect(new Set(texts).size).toBe(3);
  });
});
