/**
 * The demo's finished ceremony (issue 16): on first start, after the demo registry, the commissions
 * of every lot of the 2025 competition are drawn in one ceremony and closed, so a newcomer sees a
 * complete, checkable result at once — live page, printed protocol, /verify and `adal verify`.
 * Its randomness needs no network: two witnesses (demo observer accounts, disabled afterwards: they
 * only lend their names) and one public source, the «Лото 6 из 49» numbers 7 14 21 33 38 45. One
 * member of one lot declines, so a replacement shows too.
 *
 * It happened in the past, on a clock of its own (20–21 February 2026, the demo registry's time):
 * announced before the lottery's draw and the reveal deadline, the numbers posted after the draw —
 * every rule of the protocol holds as in a real ceremony. Deterministic: fixed secrets and names
 * give the same ceremony, seed and commissions everywhere.
 */
import { listCompetitions, listLots } from '../../db/repos/lots.repo.js';
import { commitmentFor } from '../../shared/seed.js';
import { createAccount, disableAccount } from '../accounts/accounts.js';
import type { DrawDeps } from '../draws/action.js';
import { announceCeremonyOffThread } from '../draws/ceremony-ahead.js';
import { createCeremony } from '../draws/ceremony-create.js';
import { closeLot, declineInLot, runCeremony } from '../draws/ceremony-run.js';
import { publicCeremonyDetail } from '../draws/ceremony-views.js';
import { commitWitness, inviteWitness } from '../draws/draft.js';
import { postPublicSources } from '../draws/entropy.js';
import { closeReveals, openReveals, revealSecret } from '../draws/reveals.js';
import { createPrng } from './prng.js';

const ACTOR = 'demo';
/** When the demo registry and the ceremony happened (UTC). */
export const DEMO_START = '2026-02-20T04:00:00Z';
const LOTTO = {
  id: 'lotto-6-49',
  description: '«Лото 6 из 49», тираж 21.02.2026: выигрышные номера в порядке выпадения',
  date: '2026-02-21',
  time: '20:00',
};
export const DEMO_LOTTO_NUMBERS = [7, 14, 21, 33, 38, 45];

const WITNESSES = [
  { username: 'demo.witness.aigerim', displayName: 'Айгерім Сейітова' },
  { username: 'demo.witness.daniyar', displayName: 'Данияр Омаров' },
];

/** A clock that stands still until moved: the ceremony's own time line. */
export function demoClock(start = DEMO_START) {
  let ms = Date.parse(start);
  return {
    clock: () => new Date(ms),
    at(iso: string) {
      ms = Math.max(ms, Date.parse(iso));
    },
    tick(minutes = 1) {
      ms += minutes * 60_000;
    },
  };
}

function hex32(seed: number): string {
  const rng = createPrng(seed);
  return Array.from({ length: 32 }, () => rng.int(256).toString(16).padStart(2, '0')).join('');
}

export interface DemoCeremony {
  drawId: string;
  lots: number;
}

/**
 * Runs the ceremony over the lots of competition GG-2025 (null when it is not there). `deps` is
 * the app's context; its clock is replaced by the ceremony's own.
 */
export async function seedDemoCeremony(
  deps: DrawDeps,
  time = demoClock()
): Promise<DemoCeremony | null> {
  const c = listCompetitions(deps.db).find((x) => x.code === 'GG-2025');
  if (!c) return null;
  const d: DrawDeps = { ...deps, clock: time.clock };
  const lotIds = listLots(deps.db, { competitionId: c.id }).map((l) => l.id);
  const accounts = [];
  for (const w of WITNESSES)
    accounts.push(
      await createAccount(d, { ...w, role: 'observer', password: hex32(accounts.length + 91) })
    );
  time.tick();
  const id = createCeremony(d, ACTOR, {
    lotIds,
    draft: {
      method: 'adal-v1',
      size: 3,
      reserves: 3,
      quotas: [{ category: 'proposedBy', value: 'operator', max: 1 }],
      cooldownDays: 0,
      asOf: '2026-02-20',
      entropy: { publicSources: [LOTTO] },
      revealDeadline: '2026-02-20T06:00:00Z',
    },
  }).id;
  const secrets = WITNESSES.map((_, i) => hex32(20260220 + i));
  for (const [i, w] of WITNESSES.entries()) {
    time.tick();
    inviteWitness(d, ACTOR, id, w.username);
    time.tick();
    commitWitness(d, w.username, id, accounts[i]!.id, commitmentFor(secrets[i]!));
  }
  time.tick(10);
  await announceCeremonyOffThread(d, ACTOR, id);
  time.tick(5);
  openReveals(d, ACTOR, id);
  for (const [i, w] of WITNESSES.entries()) {
    time.tick(3);
    revealSecret(d, w.username, id, accounts[i]!.id, secrets[i]!);
  }
  time.tick();
  closeReveals(d, ACTOR, id);
  // the lottery draws at 20:00 Kazakhstan time (15:00 UTC); its numbers are posted half an hour later
  time.at('2026-02-21T15:30:00Z');
  postPublicSources(d, ACTOR, id, [{ id: LOTTO.id, value: DEMO_LOTTO_NUMBERS }]);
  time.tick(2);
  runCeremony(d, ACTOR, id);
  const lots = publicCeremonyDetail(d, id).lots;
  // one member declines, so the protocol shows a replacement
  const second = lots[1]!;
  time.tick(30);
  declineInLot(d, ACTOR, id, {
    lotId: second.lotId,
    registryNo: second.commission[0]!,
    category: 'unavailable',
    reason: 'Демо: эксперт сообщил, что не сможет участвовать',
  });
  for (const lot of lots) {
    time.tick(5);
    closeLot(d, ACTOR, id, lot.lotId);
  }
  for (const a of accounts) disableAccount(d, a.id);
  return { drawId: id, lots: lots.length };
}
