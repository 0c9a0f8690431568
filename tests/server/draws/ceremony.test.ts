/**
 * A ceremony over real HTTP (docs/LIFECYCLE.md §Ceremonies): seven lots of one competition, 3 + 3
 * each (the last one 1 + 1), two witnesses committing and revealing, no relay reachable and the
 * round's bare signature pasted, one run; one decline taken by a reserve; each lot closed on its own,
 * the ceremony with the last. The log holds the ceremony's entries in order.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, type TestSession } from '../../helpers/app.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';
import { baseDraft, drawEntries, seedLot } from '../../helpers/draws.js';
import { ceremonyApi, driveCeremony } from '../../helpers/ceremonies.js';
import { liveSequence } from '../../../shared/api/live-sequence.js';
import { LiveEvent } from '../../../shared/api/events.js';
import { sealedHere } from '../../../server/draws/ceremony-announce.js';

const DEAD = ['http://127.0.0.1:9'];

let relay: TestDrandRelay;
let t: TestApp;
let op: TestSession;
let witnesses: TestSession[];
let lotIds: number[];
let id: string;
let sealedOnMain: number;

beforeAll(async () => {
  relay = await startDrandRelay();
  t = await startTestApp({ config: { DRAND_URLS: DEAD } });
  ({ lotIds } = seedLot(t, 7));
  op = await t.loginAs('operator');
  witnesses = [await t.loginAs('observer'), await t.loginAs('observer')];
  const before = sealedHere.count;
  id = await driveCeremony(t, op, witnesses, relay, lotIds, baseDraft({ reserves: 3 }), [
    { lotId: lotIds[6]!, draft: { size: 1, reserves: 1 } },
  ]);
  sealedOnMain = sealedHere.count - before;
}, 60_000);

afterAll(async () => {
  await t?.close();
  await relay?.close();
});

describe('a ceremony of seven lots', () => {
  it('does seal every lot in a worker, not on the event loop', () => {
    expect(sealedOnMain).toBe(0);
  });

  it('does log one lot_sealed per lot before one announcement, and one result', () => {
    const types = drawEntries(t, id).map((e) => e.type);
    expect(types).toEqual([
      'draw.created',
      'draw.witness_invited',
      'draw.witness_committed',
      'draw.witness_invited',
      'draw.witness_committed',
      ...lotIds.map(() => 'draw.lot_sealed'),
      'draw.announced',
      'draw.reveals_opened',
      'draw.revealed',
      'draw.revealed',
      'draw.reveals_closed',
      'draw.beacon',
      'draw.result',
    ]);
  });

  it('does show every lot drawn from its own seed, 3 + 3 and the last 1 + 1', async () => {
    const d = (await ceremonyApi(op).get(id).expect(200)).body;
    expect(d.kind).toBe('ceremony');
    expect(d.state).toBe('drawn');
    expect(d.lots.map((l: { lotId: number }) => l.lotId)).toEqual(lotIds);
    expect(new Set(d.lots.map((l: { lotSeed: string }) => l.lotSeed)).size).toBe(7);
    for (const l of d.lots.slice(0, 6)) {
      expect([l.commission.length, l.reserves.length, l.state]).toEqual([3, 3, 'drawn']);
      expect(l.spec.version).toBe(3);
    }
    expect([d.lots[6].commission.length, d.lots[6].reserves.length]).toEqual([1, 1]);
    expect(d.beacon).toMatchObject({ source: 'pasted', verified: true });
    const pub = (await t.agent.get(`/api/public/draws/${id}`).expect(200)).body;
    expect(pub.witnessAccounts).toBeUndefined();
    expect(pub.lots[0].commission).toEqual(d.lots[0].commission);
  });

  it('does replace a member who declines in one lot by that lot’s first fitting reserve', async () => {
    const api = ceremonyApi(op);
    const all = (await api.get(id).expect(200)).body.lots;
    const before = all[1];
    const who = before.commission[0] as string;
    const after = (await api.declineIn(id, lotIds[1]!, who).expect(200)).body;
    const lot = after.lots[1];
    expect(lot.commission).not.toContain(who);
    expect(lot.commission).toHaveLength(3);
    expect(lot.publicDeclines).toEqual([expect.objectContaining({ registryNo: who })]);
    // the other lots are untouched
    expect(after.lots[0].commission).toEqual(all[0].commission);
    expect(after.declines).toEqual([
      expect.objectContaining({ lotId: lotIds[1], registryNo: who }),
    ]);
    // a single draw's body has no lot; a ceremony's decline must name one
    const bare = await api.decline(id, who).expect(400);
    expect(bare.body.error.message).toContain('body.lotId');
  });

  it('does close lot by lot, and the ceremony with its last lot', async () => {
    const api = ceremonyApi(op);
    expect((await api.close(id).expect(409)).body.error.code).toBe('CEREMONY_CLOSES_PER_LOT');
    for (const lotId of lotIds.slice(0, 6)) {
      const d = (await api.closeLot(id, lotId).expect(200)).body;
      expect(d.state).toBe('drawn');
    }
    const lot0 = (await api.get(id).expect(200)).body.lots[0];
    expect(lot0.state).toBe('closed');
    const again = await api.declineIn(id, lotIds[0]!, lot0.commission[0]).expect(409);
    expect(again.body.error.code).toBe('LOT_CLOSED');
    const done = (await api.closeLot(id, lotIds[6]!).expect(200)).body;
    expect(done.state).toBe('closed');
    const types = drawEntries(t, id).map((e) => e.type);
    expect(types.slice(-9)).toEqual([
      'draw.declined',
      ...lotIds.map(() => 'draw.lot_closed'),
      'draw.closed',
    ]);
  });

  it('does refuse a single draw or another ceremony over a lot in the ceremony', async () => {
    const api = ceremonyApi(op);
    const single = await api.create(lotIds[3]!).expect(409);
    expect(single.body.error.code).toBe('LOT_HAS_ACTIVE_DRAW');
    const other = await api.createCeremony([lotIds[2]!, lotIds[4]!]).expect(409);
    expect(other.body.error.code).toBe('LOT_HAS_ACTIVE_DRAW');
  });

  it('does play the result lot after lot in the live sequence, each under its heading', () => {
    const events = liveSequence(id, t.ctx.tlog.entriesAbout('draw', id), 1000);
    for (const e of events) expect(LiveEvent.safeParse(e).success).toBe(true);
    const played = events.filter((e) => e.kind !== 'entry');
    const seed = played[0]!;
    expect(seed.kind).toBe('seed');
    const heads = played.filter((e) => e.kind === 'lot');
    expect(heads.map((e) => (e.kind === 'lot' ? [e.lotId, e.index, e.of] : null))).toEqual(
      lotIds.map((lotId, i) => [lotId, i, 7])
    );
    // every step and result of the run names its lot; the decline plays in its lot too
    const ofRun = played.filter((e) => e.logIndex === seed.logIndex && e.kind !== 'seed');
    let lot = 0;
    for (const e of ofRun) {
      if (e.kind === 'lot') lot = e.lotId;
      else expect((e as { lotId?: number }).lotId).toBe(lot);
    }
    const decline = played.find((e) => e.kind === 'decline');
    expect(decline).toMatchObject({ lotId: lotIds[1] });
    const entryTypes = events.flatMap((e) => (e.kind === 'entry' ? [e.entry.type] : []));
    expect(entryTypes).toContain('draw.lot_sealed');
    expect(entryTypes.filter((x) => x === 'draw.lot_closed')).toHaveLength(7);
  });
});
