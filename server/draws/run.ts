/**
 * The draw and after (docs/LIFECYCLE.md §Run, §Declines, §Close, §Cancel). Run derives the seed from
 * the announcement hash and every revealed input (shared/seed.ts buildSeedInput, deriveSeed), runs
 * the documented selection at once (shared/draw/run.ts runDraw) over the frozen pool — re-checked
 * against the announced root first — and stores and logs the whole result in one transaction, so a
 * crash during the live playback loses nothing. A decline is replaced by the next fitting reserve
 * (shared/draw/replace.ts), as recorded steps, never by a re-draw.
 */
import * as repo from '../../db/repos/draws.repo.js';
import * as wrepo from '../../db/repos/draw-witnesses.repo.js';
import * as poolRepo from '../../db/repos/draw-pool.repo.js';
import { toHex } from '../../shared/bytes.js';
import { InputError } from '../../shared/errors.js';
import { runDraw } from '../../shared/draw/run.js';
import { replaceDecline } from '../../shared/draw/replace.js';
import { verifyPool } from '../../shared/pool.js';
import { buildSeedInput, deriveSeed } from '../../shared/seed.js';
import { drawEntropy } from '../../shared/draw/order.js';
import { drawAction, type DrawDeps } from './action.js';
import { requireState } from './states.js';
import { getDraw } from './draft.js';
import { updateExpert } from '../registry/experts.js';
import { kzDateOf } from '../../shared/civil-date.js';
import { refuseReRoll } from './cancel-window.js';
import type { DeclineCategory } from '../../shared/schemas/decline-category.js';

/** The frozen pool rows, checked against the announced root before anything is drawn from them. */
function frozenPool(deps: DrawDeps, d: repo.DrawRecord) {
  const entries = poolRepo.listPool(deps.db, d.id);
  verifyPool({ entries, root: d.announcement!.pool.root });
  return entries;
}

export function runDrawNow(deps: DrawDeps, actor: string, id: string): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const d = getDraw(deps, id);
    requireState(id, d.state, 'run');
    const spec = d.spec!;
    const drand = spec.entropy.drand;
    const reveals = wrepo
      .listWitnesses(deps.db, id)
      .filter((w) => w.secret !== null)
      .map((w) => ({ witnessId: w.witnessId, secret: w.secret! }));
    const seedInput = buildSeedInput(spec, d.announcementHash!, {
      beacon:
        drand && d.beacon
          ? { chainHash: drand.chainHash, round: d.beacon.round, randomness: d.beacon.randomness }
          : null,
      publicSources: d.publicSources,
      reveals,
    });
    const seed = deriveSeed(seedInput);
    const result = runDraw(
      spec,
      frozenPool(deps, d),
      drawEntropy(spec, seed, d.publicSources),
      deps.tlog.hasher
    );
    poolRepo.insertSteps(deps.db, id, result.steps);
    repo.updateDraw(deps.db, id, rec.at, {
      state: 'drawn',
      seedInput,
      seed: toHex(seed),
      result,
      drawnAt: rec.at,
    });
    rec.record('draw.result', { drawId: id, seedInput, seed: toHex(seed), result });
    return getDraw(deps, id);
  });
}

/**
 * A member (replaced by the first fitting reserve, or the seat stays vacant) or a reserve (withdrawn)
 * declines. Its category (a closed list) is public and logged; the free-text reason is kept for
 * operators only: it is about a person.
 */
export function declineSeat(
  deps: DrawDeps,
  actor: string,
  id: string,
  input: { registryNo: string; category: DeclineCategory; reason: string }
): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const d = getDraw(deps, id);
    requireState(id, d.state, 'decline');
    const pool = frozenPool(deps, d);
    if (!pool.some((e) => e.registryNo === input.registryNo)) {
      const message = `${input.registryNo} is not in the frozen pool`;
      throw new InputError('NOT_IN_POOL', `body.registryNo: ${message}`, {
        details: { issues: [{ path: 'body.registryNo', message }] },
      });
    }
    const { steps, result } = replaceDecline(d.result!, d.spec!, pool, input.registryNo);
    poolRepo.insertSteps(deps.db, id, steps);
    poolRepo.insertDecline(deps.db, {
      drawId: id,
      registryNo: input.registryNo,
      category: input.category,
      reason: input.reason,
      actor,
      at: rec.at,
      firstStep: steps[0]!.n,
    });
    repo.updateDraw(deps.db, id, rec.at, { result });
    rec.record('draw.declined', {
      drawId: id,
      registryNo: input.registryNo,
      category: input.category,
      steps,
      result,
    });
    return getDraw(deps, id);
  });
}

export function closeDraw(deps: DrawDeps, actor: string, id: string): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const d = getDraw(deps, id);
    requireState(id, d.state, 'close');
    repo.updateDraw(deps.db, id, rec.at, { state: 'closed', endedAt: rec.at });
    rec.record('draw.closed', { drawId: id });
    // The commission sat: its members' last-commission date feeds later draws' cooldown rule. Each
    // update is a registry change with its own history row and log entry, in this same transaction.
    const today = kzDateOf(rec.now);
    for (const registryNo of d.result!.commission)
      updateExpert(deps, actor, registryNo, { lastCommissionOn: today });
    return getDraw(deps, id);
  });
}

/**
 * Cancels a draw whose seed cannot be known yet (docs/PROTOCOL.md §No re-roll): the state machine
 * allows it before the reveals close, and it is refused with 409 DRAW_CANCEL_TOO_LATE once the
 * announced drand round's time or a public source's date has come. After that, problems go through
 * declines and reserves only. It stays public with its reason and the state it left.
 */
export function cancelDraw(
  deps: DrawDeps,
  actor: string,
  id: string,
  reason: string
): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const d = getDraw(deps, id);
    refuseReRoll(d, rec.now);
    requireState(id, d.state, 'cancel');
    repo.updateDraw(deps.db, id, rec.at, {
      state: 'cancelled',
      cancelReason: reason,
      cancelledFrom: d.state,
      beaconNextRetryAt: null,
      endedAt: rec.at,
    });
    rec.record('draw.cancelled', { drawId: id, reason });
    return getDraw(deps, id);
  });
}
