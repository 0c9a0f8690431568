/**
 * Accounts table access (db/migrations/0010-accounts.sql). Rows carry the password hash; only the
 * accounts service reads it, and nothing that leaves the server includes it.
 */
import type { Db } from '../connection.js';
import type { Role } from '../../shared/api/auth.js';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
  passwordChangedAt: string;
}

const COLUMNS = `id, username, display_name AS displayName, role, password_hash AS passwordHash,
  disabled_at AS disabledAt, created_at AS createdAt, updated_at AS updatedAt,
  password_changed_at AS passwordChangedAt`;

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  now: string;
}

export function insertUser(db: Db, u: NewUser): UserRow {
  const r = db
    .prepare(
      `INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at,
         password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`
    )
    .run(u.username, u.displayName, u.role, u.passwordHash, u.now, u.now, u.now);
  return findUserById(db, Number(r.lastInsertRowid))!;
}

export function findUserById(db: Db, id: number): UserRow | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
}

/** Case-insensitive (the column is COLLATE NOCASE). */
export function findUserByUsername(db: Db, username: string): UserRow | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM users WHERE username = ?`).get(username) as
    UserRow | undefined;
}

export function listUsers(db: Db): UserRow[] {
  return db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY id`).all() as UserRow[];
}

export function countUsers(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
}

export function countActiveAdmins(db: Db): number {
  return (
    db
      .prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL")
      .get() as { n: number }
  ).n;
}

export function updateRole(db: Db, id: number, role: Role, now: string): void {
  db.prepare('UPDATE users SET role = ?, updated_at = ? WHERE id = ?').run(role, now, id);
}

export function updatePasswordHash(db: Db, id: number, passwordHash: string, now: string): void {
  db.prepare(
    'UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?'
  ).run(passwordHash, now, now, id);
}

export function setDisabled(db: Db, id: number, disabledAt: string | null, now: string): void {
  db.prepare('UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?').run(
    disabledAt,
    now,
    id
  );
}
