/**
 * Protocol PDFs off the event loop (server/protocol/pdf-cache.ts, server/workers/, issue 18): 16
 * viewers fetching PDFs at once while a socket viewer watches the draw cost one rendering per
 * language, done in a worker thread; the next 16 are cache hits; a new entry of the draw (a decline)
 * reaches the viewer and makes the next PDF render afresh. Speed is the bench's (npm run bench).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pdfPool } from '../../../server/protocol/pdf-cache.js';
import type { LiveEvent } from '../../../shared/api/events.js';
import type { TestSession } from '../../helpers/app.js';
import { drawApi, driveTo, seedLot } from '../../helpers/draws.js';
import {
  connected,
  connectViewer,
  startLiveApp,
  subscribe,
  type LiveTestApp,
  type ViewerSocket,
} from '../../helpers/live.js';
import { binary } from './pdf-reader.js';

let app: LiveTestApp;
let op: TestSession;
let drawId: string;
let viewer: ViewerSocket;
const seen: LiveEvent[] = [];

const LANGS = ['ru', 'kk', 'en'] as const;
/** 16 parallel fetches over the three languages; each language's bodies */
async function flood(): Promise<Record<string, Buffer[]>> {
  const got = await Promise.all(
    Array.from({ length: 16 }, async (_, i) => {
      const lang = LANGS[i % 3]!;
      const res = await app.t.agent
        .get(`/api/public/draws/${drawId}/protocol.pdf?lang=${lang}`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      return [lang, res.body as Buffer] as const;
    })
  );
  const by: Record<string, Buffer[]> = {};
  for (const [lang, body] of got) (by[lang] ??= []).push(body);
  return by;
}

beforeAll(async () => {
  // 16 clients from one address, four times over: the per-address limit is tested on its own
  app = await startLiveApp({ config: { HEAVY_REQ_PER_MIN: 1000 } });
  const { lotId } = seedLot(app.t);
  op = await app.t.loginAs('operator');
  const witness = await app.t.loginAs('observer');
  drawId = await driveTo(app.t, op, witness, lotId, 'drawn');
  viewer = connectViewer(app.t.baseUrl);
  await connected(viewer);
  viewer.on('draw:event', (e) => seen.push(e));
  const ack = await subscribe(viewer, { drawId });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
});
afterAll(async () => {
  viewer.disconnect();
  await app.close();
});

describe('protocol PDFs under a flood', () => {
  it('does render each language once, in a worker thread, for 16 parallel fetches, then serve hits', async () => {
    const before = pdfPool().ran;
    const first = await flood();
    expect(pdfPool().ran - before).toBe(3);
    for (const lang of LANGS) {
      const bodies = first[lang]!;
      expect(bodies[0]!.subarray(0, 5).toString()).toBe('%PDF-');
      for (const b of bodies) expect(b.equals(bodies[0]!)).toBe(true);
    }
    const again = await flood();
    expect(pdfPool().ran - before).toBe(3);
    expect(again.ru![0]!.equals(first.ru![0]!)).toBe(true);
  });

  it('does render afresh after a new entry of the draw, which the viewer gets meanwhile', async () => {
    const old = (await flood()).ru![0]!;
    const before = pdfPool().ran;
    const member = (await drawApi(op).get(drawId)).body.commission[0] as string;
    const declined = new Promise<void>((resolve) =>
      viewer.on('draw:event', (e) => e.kind === 'decline' && resolve())
    );
    const [fresh] = await Promise.all([
      drawApi(op)
        .decline(drawId, member)
        .expect(200)
        .then(() => flood()),
      declined,
    ]);
    expect(seen.some((e) => e.kind === 'decline')).toBe(true);
    expect(pdfPool().ran - before).toBe(3);
    expect(fresh.ru![0]!.equals(old)).toBe(false);
  });
});
