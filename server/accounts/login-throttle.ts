/**
 * Login throttling over a sliding window, per account AND per client address (docs/SECURITY.md):
 * at most 5 failures per account and 20 per address in 15 minutes; further attempts are refused with
 * LOGIN_THROTTLED (429) and the seconds until one more attempt is allowed. The account key is the
 * lower-cased submitted username whether or not the account exists, so throttling reveals nothing
 * about which accounts exist. Every attempt is counted as a failure BEFORE its password is checked and
 * un-counted when it succeeds, so a burst of parallel attempts cannot pass the check together.
 * Failures are rows in SQLite, so a restart does not reset the count.
 */
import type { Db } from '../../db/connection.js';
import { AuthError } from '../../shared/errors.js';

export interface ThrottleLimits {
  windowMs: number;
  perAccount: number;
  perIp: number;
}

// Exported for the tests, which walk each limit to its edge.
export const LOGIN_LIMITS: ThrottleLimits = {
  windowMs: 15 * 60 * 1000,
  perAccount: 5,
  perIp: 20,
};

export interface LoginAttempt {
  username: string;
  ip: string;
}

type Scope = 'account' | 'ip';

function accountKey(username: string): string {
  return username.trim().toLowerCase();
}

/** Milliseconds until the scope/key drops below its limit, or 0 when an attempt is allowed now. */
function waitMs(db: Db, scope: Scope, key: string, limit: number, nowMs: number, windowMs: number) {
  const times = (
    db
      .prepare(
        'SELECT at_ms AS at FROM login_failures WHERE scope = ? AND key = ? AND at_ms > ? ORDER BY at_ms'
      )
      .all(scope, key, nowMs - windowMs) as { at: number }[]
  ).map((r) => r.at);
  if (times.length < limit) return 0;
  // The attempt is allowed again once enough of the oldest failures have left the window.
  return times[times.length - limit]! + windowMs - nowMs;
}

/** Throws LOGIN_THROTTLED when either the account or the address is over its limit. */
function assertLoginAllowed(db: Db, attempt: LoginAttempt, nowMs: number, limits: ThrottleLimits) {
  const wait = Math.max(
    waitMs(db, 'account', accountKey(attempt.username), limits.perAccount, nowMs, limits.windowMs),
    waitMs(db, 'ip', attempt.ip, limits.perIp, nowMs, limits.windowMs)
  );
  if (wait > 0) {
    const retryAfterSeconds = Math.max(1, Math.ceil(wait / 1000));
    throw new AuthError('LOGIN_THROTTLED', 'too many failed sign-in attempts; try again later', {
      details: { retryAfterSeconds },
    });
  }
}

/** An attempt in progress: counted as a failure unless succeeded() is called. */
export interface LoginTicket {
  /** the password was right: the attempt is not a failure, and the account's failures are cleared */
  succeeded(): void;
}

/**
 * Checks the limits and counts the attempt as a failure at once, before the (slow, asynchronous)
 * password check. Counting first means parallel attempts cannot all pass the check before any of them
 * is recorded. Check and insert run synchronously, so no other request interleaves.
 */
export function startLoginAttempt(
  db: Db,
  attempt: LoginAttempt,
  nowMs: number,
  limits: ThrottleLimits = LOGIN_LIMITS
): LoginTicket {
  assertLoginAllowed(db, attempt, nowMs, limits);
  const insert = db.prepare('INSERT INTO login_failures (scope, key, at_ms) VALUES (?, ?, ?)');
  const ids = db.transaction(() => {
    // Old rows are useless; pruning here keeps the table small without a timer.
    db.prepare('DELETE FROM login_failures WHERE at_ms <= ?').run(nowMs - limits.windowMs);
    return [
      insert.run('account', accountKey(attempt.username), nowMs).lastInsertRowid,
      insert.run('ip', attempt.ip, nowMs).lastInsertRowid,
    ];
  })();
  return {
    succeeded: () => {
      db.transaction(() => {
        const del = db.prepare('DELETE FROM login_failures WHERE id = ?');
        for (const id of ids) del.run(id);
        db.prepare("DELETE FROM login_failures WHERE scope = 'account' AND key = ?").run(
          accountKey(attempt.username)
        );
      })();
    },
  };
}
