/**
 * Server-side sessions (db/migrations/0010-accounts.sql). The primary key is the SHA-256 of the cookie
 * token; the token itself is never stored. Times are epoch milliseconds from the injected clock.
 */
import type { Db } from '../connection.js';

export interface SessionRow {
  tokenHash: string;
  userId: number;
  csrfToken: string;
  createdAtMs: number;
  lastSeenMs: number;
  ip: string;
  userAgent: string;
}

const COLUMNS = `token_hash AS tokenHash, user_id AS userId, csrf_token AS csrfToken,
  created_at_ms AS createdAtMs, last_seen_ms AS lastSeenMs, ip, user_agent AS userAgent`;

export function insertSession(db: Db, s: SessionRow): void {
  db.prepare(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at_ms, last_seen_ms, ip, user_agent)
     VALUES (?, ?, ?, ?, ?, ?, ?)`
  ).run(s.tokenHash, s.userId, s.csrfToken, s.createdAtMs, s.lastSeenMs, s.ip, s.userAgent);
}

export function findSession(db: Db, tokenHash: string): SessionRow | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE token_hash = ?`).get(tokenHash) as
    SessionRow | undefined;
}

export function touchSession(db: Db, tokenHash: string, lastSeenMs: number): void {
  db.prepare('UPDATE sessions SET last_seen_ms = ? WHERE token_hash = ?').run(
    lastSeenMs,
    tokenHash
  );
}

export function deleteSession(db: Db, tokenHash: string): void {
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
}

/** Ends every session of a user, optionally keeping one (the caller's own, after a password change). */
export function deleteUserSessions(db: Db, userId: number, keepTokenHash?: string): number {
  return db
    .prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?')
    .run(userId, keepTokenHash ?? null).changes;
}

/** Removes sessions past their idle or absolute limit. */
export function deleteExpiredSessions(
  db: Db,
  idleBeforeMs: number,
  createdBeforeMs: number
): number {
  return db
    .prepare('DELETE FROM sessions WHERE last_seen_ms < ? OR created_at_ms < ?')
    .run(idleBeforeMs, createdBeforeMs).changes;
}
