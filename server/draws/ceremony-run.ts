/**
 * A ceremony's draw and after (docs/LIFECYCLE.md §Ceremonies): one seed input naming the ceremony
 * hash, one seed, each lot's seed (taggedHash('lot-seed', seed || uint32be(i) || lotId)) and each
 * lot's result over its frozen pool — re-checked against its announced root first — stored and logged
 * as one draw.result, exactly as shared/draw/ceremony-replay.ts recomputes them. After the result
 * each lot lives on its own: declines name it (replaced by its next fitting reserve, as recorded
 * steps), and it closes on its own; the ceremony closes with its last lot.
 */
import * as repo from '../../db/repos/draws.repo.js';
import * as wrepo from '../../db/repos/draw-witnesses.repo.js';
import * as lrepo from '../../db/repos/ceremony-lots.repo.js';
import { toHex } from '../../shared/bytes.js';
import { ConflictError, InputError } from '../../shared/errors.js';
import { runDraw } from '../../shared/draw/run.js';
import { replaceDecline } from '../../shared/draw/replace.js';
import { verifyPool } from '../../shared/pool.js';
import { buildSeedInput, deriveSeed } from '../../shared/seed.js';
import { lotRules, lotSeed } from '../../shared/ceremony.js';
import type { LotResult } from '../../shared/schemas/ceremony-events.js';
import type { DeclineCategory } from '../../shared/schemas/decline-category.js';
import { drawAction, type DrawDeps } from './action.js';
import { requireState } from './states.js';
import { getDraw } from './draft.js';
import { getCeremony, lotOf } from './ceremony-create.js';
import { updateExpert } from '../registry/experts.js';
import { kzDateOf } from '../../shared/civil-date.js';

/** A lot's frozen pool rows, checked against its announced root before anything is drawn. */
function frozenLotPool(deps: DrawDeps, lot: lrepo.CeremonyLotRecord) {
  const entries = lrepo.listLotPool(deps.db, lot.drawId, lot.index);
  verifyPool({ entries, root: lot.announcement!.pool.root });
  return entries;
}

export function runCeremony(deps: DrawDeps, actor: string, id: string): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const { d, lots } = getCeremony(deps, id);
    requireState(id, d.state, 'run');
    const spec = d.spec!;
    const drand = spec.entropy.drand;
    const reveals = wrepo
      .listWitnesses(deps.db, id)
      .filter((w) => w.secret !== null)
      .map((w) => ({ witnessId: w.witnessId, secret: w.secret! }));
    // d.announcementHash is the ceremony hash (ceremony-announce.ts)
    const seedInput = buildSeedInput(spec, d.announcementHash!, {
      beacon:
        drand && d.beacon
          ? { chainHash: drand.chainHash, round: d.beacon.round, randomness: d.beacon.randomness }
          : null,
      publicSources: d.publicSources,
      reveals,
    });
    const seed = deriveSeed(seedInput);
    const results: LotResult[] = lots.map((lot) => {
      const bytes = lotSeed(seed, lot.index, String(lot.lotId), deps.tlog.hasher);
      const result = runDraw(
        lotRules(lot.spec!),
        frozenLotPool(deps, lot),
        bytes,
        deps.tlog.hasher
      );
      lrepo.insertLotSteps(deps.db, id, lot.index, result.steps);
      lrepo.updateLot(deps.db, id, lot.index, { lotSeed: toHex(bytes), result });
      return { lotId: lot.lotId, lotSeed: toHex(bytes), result };
    });
    repo.updateDraw(deps.db, id, rec.at, {
      state: 'drawn',
      seedInput,
      seed: toHex(seed),
      drawnAt: rec.at,
    });
    rec.recordCeremony('draw.result', {
      drawId: id,
      seedInput,
      seed: toHex(seed),
      lots: results,
    });
    return getDraw(deps, id);
  });
}

function requireOpenLot(id: string, lot: lrepo.CeremonyLotRecord): void {
  if (lot.closedAt !== null)
    throw new ConflictError('LOT_CLOSED', `lot ${lot.lotId} of ceremony ${id} is closed`, {
      details: { lotId: lot.lotId },
    });
}

/**
 * A member (replaced by the lot's first fitting reserve, or the seat stays vacant) or a reserve
 * (withdrawn) of one lot declines. 400 NOT_IN_POOL for someone outside the lot's frozen pool,
 * 409 LOT_CLOSED once the lot is closed.
 */
export function declineInLot(
  deps: DrawDeps,
  actor: string,
  id: string,
  input: { lotId: number; registryNo: string; category: DeclineCategory; reason: string }
): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const { d, lots } = getCeremony(deps, id);
    requireState(id, d.state, 'decline');
    const lot = lotOf(lots, id, input.lotId);
    requireOpenLot(id, lot);
    const pool = frozenLotPool(deps, lot);
    if (!pool.some((e) => e.registryNo === input.registryNo)) {
      const message = `${input.registryNo} is not in the frozen pool of lot ${lot.lotId}`;
      throw new InputError('NOT_IN_POOL', `body.registryNo: ${message}`, {
        details: { issues: [{ path: 'body.registryNo', message }] },
      });
    }
    const { steps, result } = replaceDecline(
      lot.result!,
      lotRules(lot.spec!),
      pool,
      input.registryNo
    );
    lrepo.insertLotSteps(deps.db, id, lot.index, steps);
    lrepo.insertLotDecline(deps.db, {
      drawId: id,
      lotId: lot.lotId,
      registryNo: input.registryNo,
      category: input.category,
      reason: input.reason,
      actor,
      at: rec.at,
      firstStep: steps[0]!.n,
    });
    lrepo.updateLot(deps.db, id, lot.index, { result });
    repo.updateDraw(deps.db, id, rec.at, {});
    rec.recordCeremony('draw.declined', {
      drawId: id,
      lotId: lot.lotId,
      registryNo: input.registryNo,
      category: input.category,
      steps,
      result,
    });
    return getDraw(deps, id);
  });
}

/**
 * Closes one lot: its commission as it stands is its result, and its members' last-commission date
 * feeds later draws' cooldown (registry entries in this same transaction, as closeDraw does). The
 * last lot's close also closes the ceremony (draw.closed).
 */
export function closeLot(
  deps: DrawDeps,
  actor: string,
  id: string,
  lotId: number
): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const { d, lots } = getCeremony(deps, id);
    requireState(id, d.state, 'close');
    const lot = lotOf(lots, id, lotId);
    requireOpenLot(id, lot);
    lrepo.updateLot(deps.db, id, lot.index, { closedAt: rec.at });
    const last = lots.every((l) => l.closedAt !== null || l.index === lot.index);
    repo.updateDraw(deps.db, id, rec.at, last ? { state: 'closed', endedAt: rec.at } : {});
    rec.recordCeremony('draw.lot_closed', { drawId: id, lotId });
    if (last) rec.record('draw.closed', { drawId: id });
    const today = kzDateOf(rec.now);
    for (const registryNo of lot.result!.commission)
      updateExpert(deps, actor, registryNo, { lastCommissionOn: today });
    return getDraw(deps, id);
  });
}
