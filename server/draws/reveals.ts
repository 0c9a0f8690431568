/**
 * The witnesses' reveals (docs/LIFECYCLE.md §Reveals, docs/PROTOCOL.md §Commitments and reveals).
 * Reveals are accepted only while the draw is revealing and before spec.revealDeadline by the server
 * clock. A secret that does not match its commitment is refused and the refusal is logged
 * ('draw.reveal_rejected', with the refused secret so anyone can check it). Closing the window records
 * who did not reveal; they are dropped from the seed, never a reason to re-draw. Closing early is
 * possible only once every witness has revealed, so no witness can be cut off.
 */
import * as repo from '../../db/repos/draws.repo.js';
import * as wrepo from '../../db/repos/draw-witnesses.repo.js';
import { compareUtf8 } from '../../shared/bytes.js';
import { roundTime } from '../../shared/drand-chains.js';
import { ConflictError, DrawError, VerificationError } from '../../shared/errors.js';
import { verifyReveal } from '../../shared/seed.js';
import { drawAction, type DrawDeps } from './action.js';
import { requireState } from './states.js';
import { getDraw, ownWitness } from './draft.js';

/** Refused reveals per witness that are logged; later mismatches are refused without a log entry. */
// Exported for the test, which has reveals refused up to the limit and once more.
export const MAX_REJECTED_REVEALS = 5;

export function openReveals(deps: DrawDeps, actor: string, id: string): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const d = getDraw(deps, id);
    requireState(id, d.state, 'openReveals');
    repo.updateDraw(deps.db, id, rec.at, { state: 'revealing' });
    rec.record('draw.reveals_opened', { drawId: id });
    return getDraw(deps, id);
  });
}

/**
 * Records a witness's reveal. Throws VerificationError REVEAL_MISMATCH (422) after logging the
 * refusal; DrawError REVEAL_DEADLINE_PASSED; ConflictError ALREADY_REVEALED /
 * REVEAL_ATTEMPTS_EXCEEDED; the state conflict outside 'revealing'.
 */
export function revealSecret(
  deps: DrawDeps,
  actor: string,
  drawId: string,
  userId: number,
  secret: string
): wrepo.WitnessRecord {
  const outcome = drawAction(deps, actor, (rec) => {
    const w = ownWitness(deps, drawId, userId);
    const d = getDraw(deps, drawId);
    requireState(drawId, d.state, 'reveal');
    const spec = d.spec!;
    if (rec.now.getTime() >= Date.parse(spec.revealDeadline))
      throw new DrawError(
        'REVEAL_DEADLINE_PASSED',
        `reveals were accepted until ${spec.revealDeadline}`
      );
    if (w.secret !== null)
      throw new ConflictError('ALREADY_REVEALED', `witness ${w.witnessId} has revealed already`);
    const commitment = spec.witnesses.find((x) => x.id === w.witnessId)!.commitment;
    try {
      verifyReveal(commitment, secret);
    } catch (e) {
      if (!(e instanceof VerificationError)) throw e;
      // Bounded so a witness cannot flood the log; the matching secret is still accepted after this.
      if (w.rejectedAttempts >= MAX_REJECTED_REVEALS)
        throw new ConflictError(
          'REVEAL_ATTEMPTS_EXCEEDED',
          `witness ${w.witnessId} had ${MAX_REJECTED_REVEALS} refused reveals; only the matching secret is accepted now`
        );
      wrepo.countRejectedReveal(deps.db, drawId, w.witnessId);
      repo.updateDraw(deps.db, drawId, rec.at, {});
      rec.record('draw.reveal_rejected', {
        drawId,
        witnessId: w.witnessId,
        secret,
        code: 'REVEAL_MISMATCH',
      });
      return { rejected: e };
    }
    wrepo.setReveal(deps.db, drawId, w.witnessId, secret, rec.at);
    repo.updateDraw(deps.db, drawId, rec.at, {});
    rec.record('draw.revealed', { drawId, witnessId: w.witnessId, secret });
    return { witness: wrepo.findWitnessByUser(deps.db, drawId, userId)! };
  });
  // The refusal is committed and logged; now answer with it.
  if ('rejected' in outcome) throw outcome.rejected;
  return outcome.witness;
}

/**
 * Closes the reveal window: after the deadline, or earlier once every witness has revealed. Starts
 * the wait for the drand round when the spec names one.
 */
export function closeReveals(deps: DrawDeps, actor: string | null, id: string): repo.DrawRecord {
  return drawAction(deps, actor, (rec) => {
    const d = getDraw(deps, id);
    requireState(id, d.state, 'closeReveals');
    const spec = d.spec!;
    const witnesses = wrepo.listWitnesses(deps.db, id);
    const missing = witnesses
      .filter((w) => w.secret === null)
      .map((w) => w.witnessId)
      .sort(compareUtf8);
    if (missing.length > 0 && rec.now.getTime() < Date.parse(spec.revealDeadline))
      throw new DrawError(
        'REVEALS_STILL_OPEN',
        `reveals are accepted until ${spec.revealDeadline} and ${missing.join(', ')} have not revealed`,
        { details: { missing, revealDeadline: spec.revealDeadline } }
      );
    wrepo.markMissing(deps.db, id, missing);
    const drand = spec.entropy.drand;
    const roundAt = drand ? new Date(roundTime(drand.chain, drand.round) * 1000) : null;
    repo.updateDraw(deps.db, id, rec.at, {
      state: 'reveals_closed',
      ...(roundAt
        ? {
            beaconWaitingSince: rec.at,
            beaconNextRetryAt: (roundAt > rec.now ? roundAt : rec.now).toISOString(),
            beaconAttempts: 0,
          }
        : {}),
    });
    rec.record('draw.reveals_closed', { drawId: id, missing });
    return getDraw(deps, id);
  });
}
