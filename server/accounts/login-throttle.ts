/**
 * Login throttling per account AND address, and per address, with back-off (docs/SECURITY.md).
 * An account's failures count only at the address they came from: someone guessing from one address
 * never locks out the right password typed at another. Past the free failures of a key (5 for an
 * account at one address, 20 for an address across accounts) each attempt must wait 1 minute after
 * the key's last failure, doubling with every further failure up to 15 minutes; meanwhile the answer is
 * LOGIN_THROTTLED (429) with the seconds to wait. The account part of a key is the lower-cased
 * submitted username whether or not the account exists, so throttling reveals nothing about which
 * accounts exist. Failures are rows in SQLite (scope 'account' holds the account-and-address pair),
 * so a restart does not reset them.
 *
 * Attempts from one address take turns: each is checked against the failures of those before it,
 * so a parallel burst of guesses is counted exactly, and parallel correct sign-ins all pass (none is
 * counted as a failure in advance). The turns live in this process: only the writer signs in.
 */
import type { Db } from '../../db/connection.js';
import { AuthError } from '../../shared/errors.js';

export interface ThrottleLimits {
  /** failures older than this are forgotten */
  windowMs: number;
  /** failures of one account at one address before the back-off starts */
  perAccount: number;
  /** failures at one address (any accounts) before the back-off starts */
  perIp: number;
  /** the first wait; each further failure doubles it */
  backoffMs: number;
  maxBackoffMs: number;
}

// Exported for the tests, which walk each limit to its edge.
export const LOGIN_LIMITS: ThrottleLimits = {
  windowMs: 60 * 60 * 1000,
  perAccount: 5,
  perIp: 20,
  backoffMs: 60 * 1000,
  maxBackoffMs: 15 * 60 * 1000,
};

export interface LoginAttempt {
  username: string;
  ip: string;
}

type Scope = 'account' | 'ip';

/** The account-at-an-address key (a newline cannot be in a username or an address). */
function pairKey(attempt: LoginAttempt): string {
  return `${attempt.username.trim().toLowerCase()}\n${attempt.ip}`;
}

/** Milliseconds until the key may try again, or 0 when an attempt is allowed now. */
function waitMs(db: Db, scope: Scope, key: string, free: number, now: number, l: ThrottleLimits) {
  const row = db
    .prepare(
      'SELECT COUNT(*) AS n, MAX(at_ms) AS last FROM login_failures WHERE scope = ? AND key = ? AND at_ms > ?'
    )
    .get(scope, key, now - l.windowMs) as { n: number; last: number | null };
  if (row.n < free || row.last === null) return 0;
  const backoff = Math.min(l.maxBackoffMs, l.backoffMs * 2 ** Math.min(30, row.n - free));
  return Math.max(0, row.last + backoff - now);
}

/** Throws LOGIN_THROTTLED when the account at this address, or the address, must wait. */
function assertLoginAllowed(db: Db, attempt: LoginAttempt, now: number, limits: ThrottleLimits) {
  const wait = Math.max(
    waitMs(db, 'account', pairKey(attempt), limits.perAccount, now, limits),
    waitMs(db, 'ip', attempt.ip, limits.perIp, now, limits)
  );
  if (wait > 0) {
    const retryAfterSeconds = Math.max(1, Math.ceil(wait / 1000));
    throw new AuthError('LOGIN_THROTTLED', 'too many failed sign-in attempts; try again later', {
      details: { retryAfterSeconds },
    });
  }
}

function recordFailure(db: Db, attempt: LoginAttempt, now: number, limits: ThrottleLimits) {
  const insert = db.prepare('INSERT INTO login_failures (scope, key, at_ms) VALUES (?, ?, ?)');
  db.transaction(() => {
    // Old rows are useless; pruning here keeps the table small without a timer.
    db.prepare('DELETE FROM login_failures WHERE at_ms <= ?').run(now - limits.windowMs);
    insert.run('account', pairKey(attempt), now);
    insert.run('ip', attempt.ip, now);
  })();
}

/** The last turn of each address, per database (tests run several apps in one process). */
const turns = new WeakMap<Db, Map<string, Promise<unknown>>>();

/** Runs `step` after every earlier attempt from the same address has finished. */
function inTurn<T>(db: Db, ip: string, step: () => Promise<T>): Promise<T> {
  let byIp = turns.get(db);
  if (!byIp) turns.set(db, (byIp = new Map()));
  const before = byIp.get(ip) ?? Promise.resolve();
  const mine = before.then(step, step);
  const settled = mine.then(
    () => undefined,
    () => undefined
  );
  byIp.set(ip, settled);
  void settled.then(() => {
    if (byIp.get(ip) === settled) byIp.delete(ip);
  });
  return mine;
}

/**
 * One sign-in attempt: in its address's turn, the limits are checked (LOGIN_THROTTLED), then
 * `check` (the password) runs; false is recorded as a failure, true clears the failures of the
 * account at this address. Resolves to what `check` said.
 */
export function throttledAttempt(
  db: Db,
  attempt: LoginAttempt,
  now: () => number,
  check: () => Promise<boolean>,
  limits: ThrottleLimits = LOGIN_LIMITS
): Promise<boolean> {
  return inTurn(db, attempt.ip, async () => {
    assertLoginAllowed(db, attempt, now(), limits);
    const ok = await check();
    if (!ok) recordFailure(db, attempt, now(), limits);
    else
      db.prepare("DELETE FROM login_failures WHERE scope = 'account' AND key = ?").run(
        pairKey(attempt)
      );
    return ok;
  });
}
