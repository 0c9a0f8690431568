/**
 * A refused socket subscription told in the reader's language (issue 17): the real /live namespace
 * refuses junk, an unknown draw and one draw too many, and every failed ack carries catalogue codes
 * with values — the error's `params`, each issue's `issueCodes` entry — which the live page renders
 * with shared/i18n/ack-text.ts. In Kazakh and Russian the rendered text is the catalogue's, with no
 * English word in it (the Latin-word scan); the English `message`s stay for logs and other clients.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AckFailure, type AckError } from '../../../shared/api/events.js';
import { MAX_DRAWS_PER_SOCKET } from '../../../server/live/subscribe.js';
import { ackErrorText } from '../../../shared/i18n/ack-text.js';
import { text, type MessageCode, type Params } from '../../../shared/i18n/catalog.js';
import type { Lang } from '../../../shared/i18n/langs.js';
import { addLot, baseDraft, drawApi, seedLot } from '../../helpers/draws.js';
import { latinWords } from '../../helpers/latin-words.js';
import {
  connected,
  connectViewer,
  emitRaw,
  startLiveApp,
  type LiveTestApp,
  type ViewerSocket,
} from '../../helpers/live.js';

let app: LiveTestApp;
let v: ViewerSocket;
const refusals: Record<string, AckError> = {};

async function refused(event: string, payload: unknown): Promise<AckError> {
  return AckFailure.parse(await emitRaw(v, event, payload)).error;
}

beforeAll(async () => {
  app = await startLiveApp();
  const op = await app.t.loginAs('operator');
  const { competitionId } = seedLot(app.t);
  v = connectViewer(app.t.baseUrl);
  await connected(v);
  refusals['missing'] = await refused('draw:subscribe', {});
  refusals['afterSeq'] = await refused('draw:subscribe', { drawId: 'D-2026-0001', afterSeq: -1 });
  refusals['extra'] = await refused('draw:subscribe', { drawId: 'D-2026-0001', extra: true });
  refusals['surrogate'] = await refused('draw:subscribe', { drawId: 'D-2026-\uD800' });
  refusals['list'] = await refused('draws:subscribe', { state: 'drawn' });
  refusals['unknown'] = await refused('draw:subscribe', { drawId: 'D-2026-0999' });
  // a second connection: each holds a bucket of 10 packets (server/live/rate-limit.ts)
  v.disconnect();
  v = connectViewer(app.t.baseUrl);
  await connected(v);
  const api = drawApi(op);
  for (let n = 0; n <= MAX_DRAWS_PER_SOCKET; n++) {
    const lotId = addLot(app.t, competitionId);
    const drawId = (await api.create(lotId, baseDraft()).expect(201)).body.id as string;
    const ack = await emitRaw(v, 'draw:subscribe', { drawId });
    if (n === MAX_DRAWS_PER_SOCKET) refusals['tooMany'] = AckFailure.parse(ack).error;
  }
});
afterAll(async () => {
  v?.disconnect();
  await app?.close();
});

describe('a refused socket subscription', () => {
  it('does carry a catalogue code with values for the error and for every issue', () => {
    for (const [name, e] of Object.entries(refusals)) {
      expect([name, e.issueCodes?.map((c) => c.path)]).toEqual([
        name,
        e.issues?.map((i) => i.path),
      ]);
    }
    expect(refusals['missing']!.issueCodes).toEqual([
      { path: 'drawId', code: 'required', params: {} },
    ]);
    expect(refusals['afterSeq']!.issueCodes).toEqual([
      { path: 'afterSeq', code: 'tooSmall', params: { min: 0 } },
    ]);
    expect(refusals['extra']!.issueCodes).toEqual([
      { path: '', code: 'unknownField', params: { keys: 'extra' } },
    ]);
    expect(refusals['surrogate']!.issueCodes).toEqual([
      { path: 'drawId', code: 'invalidFormat', params: {} },
    ]);
    expect(refusals['unknown']).toMatchObject({
      code: 'DRAW_NOT_FOUND',
      params: { drawId: 'D-2026-0999' },
    });
    expect(refusals['tooMany']).toMatchObject({
      code: 'TOO_MANY_SUBSCRIPTIONS',
      params: { max: MAX_DRAWS_PER_SOCKET },
    });
    // the English text stays for logs and other clients
    expect(refusals['missing']!.issues![0]!.message).toMatch(/[a-z]/);
  });

  it.each<Lang>(['kk', 'ru'])('does read in %s with no English word', (lang) => {
    const tr = (code: MessageCode, params: Params = {}) => text(lang, code, params);
    for (const [name, e] of Object.entries(refusals)) {
      const said = ackErrorText(tr, e);
      // an unknown field is named as the client sent it (its own word, not ours)
      const sent = { extra: ['extra'], list: ['state'] }[name] ?? [];
      expect([name, latinWords(said)]).toEqual([name, sent]);
      expect(said.startsWith(tr(`error.${e.code}` as MessageCode))).toBe(true);
    }
    expect(ackErrorText(tr, refusals['missing']!)).toBe(
      `${tr('error.INVALID_PAYLOAD')} ${tr('ack.field.drawId')}: ${tr('issue.required')}`
    );
    expect(ackErrorText(tr, refusals['afterSeq']!)).toBe(
      `${tr('error.INVALID_PAYLOAD')} ${tr('ack.field.afterSeq')}: ${tr('issue.tooSmall', { min: 0 })}`
    );
    expect(ackErrorText(tr, refusals['tooMany']!)).toBe(tr('error.TOO_MANY_SUBSCRIPTIONS'));
  });
});
