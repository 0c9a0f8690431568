/**
 * Real draws for the verification tests: a running test app (real SQLite file, real log) with a local
 * drand relay serving recorded real rounds, and three draws taken through the real operator and
 * witness APIs:
 *   - adal: adal-v1 with a witness (commit, a refused reveal, the accepted reveal), the quicknet
 *     round fetched from the relay, run, one member's decline replaced from the reserves, closed;
 *   - rfc3797: RFC 3797 method over two public sources (published values), run, closed;
 *   - cancelled: announced, then cancelled with a reason.
 * With `version2`, each draft is edited after its creation to set a region cap that never binds
 * (perRegionMax 15), so the same three draws run by protocol version 2 and carry complete histories
 * (docs/PROTOCOL.md §Complete histories); the adal draw's witness then also commits twice (the
 * first commitment superseded), so every kind of entry a bundle may hold is in one of them.
 * Not a test file.
 */
import { createLot } from '../../server/lots/lots.js';
import { startTestApp, type TestApp, type TestSession } from './app.js';
import { startDrandRelay, type TestDrandRelay } from './drand-relay.js';
import {
  AFTER_ROUND,
  BEFORE_ROUND,
  COMMITMENT,
  SECRET,
  baseDraft,
  drawApi,
  seedLot,
  witnessApi,
} from './draws.js';

export interface VerifiedDraws {
  t: TestApp;
  relay: TestDrandRelay;
  op: TestSession;
  ids: { adal: string; rfc3797: string; cancelled: string };
  close(): Promise<void>;
}

function ok<T extends { status: number; body: unknown }>(what: string, res: T, status = 200): T {
  if (res.status !== status)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  return res;
}

/** Another lot of the seeded competition and direction (a lot has one live draw at a time). */
function anotherLot(t: TestApp, lotId: number): number {
  const { competition_id: competitionId } = t.ctx.db
    .prepare('SELECT competition_id FROM lots WHERE id = ?')
    .get(lotId) as { competition_id: number };
  return createLot(t.ctx, 'setup', {
    competitionId,
    directionCode: 'youth',
    titleKk: 'Екінші лот',
    titleRu: 'Второй лот',
    applicants: [],
  }).id;
}

/** A region cap no commission can reach (size ≤ 15): the draw runs by version 2, unchanged. */
const NEVER_BINDING = { perRegionMax: 15 };

export async function runVerifiedDraws(
  opts: { dataDir?: string; version2?: boolean; sockets?: boolean } = {}
): Promise<VerifiedDraws> {
  const relay = await startDrandRelay();
  const t = await startTestApp({
    now: BEFORE_ROUND,
    config: { DRAND_URL: relay.url },
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.sockets ? { sockets: true } : {}),
  });
  const { lotId } = seedLot(t);
  const op = await t.loginAs('operator');
  const witness = await t.loginAs('observer');
  const api = drawApi(op);
  const w = witnessApi(witness);

  const v2 = async (id: string) => {
    if (opts.version2) ok('make it version 2', await api.patch(id, NEVER_BINDING));
  };
  const adal = ok('create', await api.create(lotId, baseDraft()), 201).body.id as string;
  await v2(adal);
  ok('invite', await api.invite(adal, witness.user.username), 201);
  if (opts.version2) ok('first commit', await w.commit(adal, 'ab'.repeat(32)));
  ok('commit', await w.commit(adal, COMMITMENT));
  ok('announce', await api.announce(adal));
  ok('open', await api.openReveals(adal));
  ok('wrong reveal', await w.reveal(adal, '00'.repeat(32)), 422);
  ok('reveal', await w.reveal(adal, SECRET));
  ok('close reveals', await api.closeReveals(adal));

  const lot2 = anotherLot(t, lotId);
  const rfcDraft = baseDraft({
    method: 'rfc3797',
    entropy: {
      publicSources: [
        { id: 'lotto', description: 'Лото 6 из 49, тираж', date: '2023-08-24', time: '20:00' },
        { id: 'stock', description: 'KASE index close', date: '2023-08-24' },
      ],
    },
  });
  const rfc3797 = ok('create rfc', await api.create(lot2, rfcDraft), 201).body.id as string;
  await v2(rfc3797);
  ok('announce rfc', await api.announce(rfc3797));
  ok('open rfc', await api.openReveals(rfc3797));
  ok('close rfc', await api.closeReveals(rfc3797));

  const lot3 = anotherLot(t, lotId);
  const cancelled = ok('create 3', await api.create(lot3, baseDraft()), 201).body.id as string;
  await v2(cancelled);
  ok('announce 3', await api.announce(cancelled));
  // before its round's time: later, cancel would be a re-roll and is refused
  ok('cancel', await api.cancel(cancelled, 'the lot was withdrawn by the competition board'));

  t.clock.set(AFTER_ROUND);
  ok('fetch beacon', await api.fetchBeacon(adal));
  const drawn = ok('run', await api.run(adal)).body as { commission: string[] };
  // the second member: with this seed a reserve fits their seat (the first's seat would stay vacant)
  ok('decline', await api.decline(adal, drawn.commission[1]!));
  ok('close', await api.close(adal));

  // the sources' values exist from their dates on (the later: 2023-08-24 20:00 Kazakhstan time);
  // a day later the operator signs in again (sessions expire after 2 h idle)
  t.clock.set(new Date('2023-08-24T15:00:00Z'));
  const opLater = await t.loginAs('operator', {
    username: op.user.username,
    password: op.password,
  });
  const later = drawApi(opLater);
  ok(
    'sources',
    await later.publicSources(rfc3797, [
      { id: 'stock', value: ['2911.54'] },
      { id: 'lotto', value: [33, 8, 41, 12, 2, 19] },
    ])
  );
  ok('run rfc', await later.run(rfc3797));
  ok('close rfc', await later.close(rfc3797));

  return {
    t,
    relay,
    op: opLater,
    ids: { adal, rfc3797, cancelled },
    close: async () => {
      await t.close();
      await relay.close();
    },
  };
}
