/**
 * Checks of what was fixed before any randomness existed (docs/PROTOCOL.md §Checks, in order, 4–7):
 * the frozen pool against the announced root, the announcement hash, the witnesses' commitments
 * against the announced spec, and every reveal against its commitment. Each function throws a
 * VerificationError with a stable code and returns a one-line detail for the check report.
 */
import { toHex } from '../bytes.js';
import { announcementHash } from '../announcement.js';
import { VerificationError, type VerificationErrorCode } from '../errors.js';
import type { Hasher } from '../hash.js';
import { verifyPool } from '../pool.js';
import { commitmentFor, verifyReveal } from '../seed.js';
import { compareUtf8 } from '../bytes.js';
import type { DrawHistory } from './history.js';

function fail(code: VerificationErrorCode, message: string, index?: number): never {
  throw new VerificationError(
    code,
    message,
    index === undefined ? undefined : { details: { index } }
  );
}

/** Check 4: canonical order and RFC 6962 root of the published pool; its size as announced. */
export function checkPool(h: DrawHistory, hasher: Hasher): string {
  const a = h.announced!;
  const { root, size } = a.data.announcement.pool;
  try {
    verifyPool({ entries: a.data.pool, root }, hasher);
  } catch (e) {
    if (e instanceof VerificationError) fail(e.code, `entry ${a.index}: ${e.message}`, a.index);
    throw e;
  }
  if (a.data.pool.length !== size)
    fail(
      'POOL_ROOT_MISMATCH',
      `entry ${a.index}: the pool has ${a.data.pool.length} experts, the announcement says ${size}`,
      a.index
    );
  return `${size} experts, root ${root}`;
}

/** Check 5: announcementHash = taggedHash('announcement', JCS(announcement)). */
export function checkAnnouncement(h: DrawHistory, hasher: Hasher): string {
  const a = h.announced!;
  const hash = toHex(announcementHash(a.data.announcement, hasher));
  if (hash !== a.data.announcementHash)
    fail(
      'ANNOUNCEMENT_HASH_MISMATCH',
      `entry ${a.index}: the announcement hashes to ${hash}, not ${a.data.announcementHash}`,
      a.index
    );
  return hash;
}

/**
 * Check 6: the witnesses in the announced spec are exactly the invited ones, by the invited names,
 * each with the last commitment that witness logged before the announcement.
 */
export function checkCommitments(h: DrawHistory): string {
  const a = h.announced!;
  const { witnesses } = a.data.announcement.spec;
  const invited = new Map(h.invited.map((e) => [e.data.witnessId, e.data.name]));
  const committed = new Map<string, string>();
  for (const e of h.committed) {
    if (!invited.has(e.data.witnessId))
      fail('COMMITMENT_MISMATCH', `entry ${e.index}: ${e.data.witnessId} was not invited`, e.index);
    committed.set(e.data.witnessId, e.data.commitment);
  }
  for (const w of witnesses) {
    if (invited.get(w.id) !== w.name)
      fail(
        'COMMITMENT_MISMATCH',
        `the spec's witness ${w.id} was not invited by that name`,
        a.index
      );
    if (committed.get(w.id) !== w.commitment)
      fail(
        'COMMITMENT_MISMATCH',
        `the spec's commitment of ${w.id} is not the one the witness logged`,
        a.index
      );
  }
  if (witnesses.length !== invited.size)
    fail('COMMITMENT_MISMATCH', 'an invited witness is missing from the announced spec', a.index);
  return witnesses.length === 0 ? 'no witnesses' : `${witnesses.length} commitment(s) announced`;
}

/**
 * Check 7: every accepted reveal opens its witness's commitment and came before the deadline; every
 * refused reveal really does not open it; the witnesses listed as missing are exactly those who did
 * not reveal (UTF-8 order).
 */
export function checkReveals(h: DrawHistory): string {
  const spec = h.announced!.data.announcement.spec;
  const commitments = new Map(spec.witnesses.map((w) => [w.id, w.commitment]));
  const revealedBy = new Set<string>();
  for (const e of h.revealed) {
    const c = commitments.get(e.data.witnessId);
    if (c === undefined || revealedBy.has(e.data.witnessId))
      fail(
        'REVEAL_MISMATCH',
        `entry ${e.index}: an unexpected reveal by ${e.data.witnessId}`,
        e.index
      );
    try {
      verifyReveal(c, e.data.secret);
    } catch (err) {
      if (err instanceof VerificationError)
        fail(
          err.code,
          `entry ${e.index}: the reveal of ${e.data.witnessId} does not match`,
          e.index
        );
      throw err;
    }
    if (Date.parse(e.at) >= Date.parse(spec.revealDeadline))
      fail('REVEAL_LATE', `entry ${e.index}: accepted at ${e.at}, after the deadline`, e.index);
    revealedBy.add(e.data.witnessId);
  }
  for (const e of h.rejected) {
    const c = commitments.get(e.data.witnessId);
    if (c === undefined || commitmentFor(e.data.secret) === c)
      fail(
        'REVEAL_REJECTION_INVALID',
        `entry ${e.index}: a reveal by ${e.data.witnessId} was refused although it matches`,
        e.index
      );
  }
  const closed = h.revealsClosed;
  if (closed) {
    const missing = spec.witnesses
      .map((w) => w.id)
      .filter((id) => !revealedBy.has(id))
      .sort(compareUtf8);
    if (missing.join('\n') !== closed.data.missing.join('\n'))
      fail(
        'REVEALS_MISSING_MISMATCH',
        `entry ${closed.index}: missing reveals are ${missing.join(', ') || 'none'}`,
        closed.index
      );
  }
  return `${revealedBy.size} of ${spec.witnesses.length} revealed` + (closed ? '' : ' so far');
}
