/**
 * Accounts: creation, roles, disabling, passwords and password sign-in (issue 2, docs/SECURITY.md).
 * Invariants: there is always at least one active admin; a disabled account cannot sign in and its
 * sessions end at once; a password change or reset ends the account's other sessions. Sign-in answers
 * the same INVALID_CREDENTIALS for an unknown user and a wrong password, after the same scrypt work.
 */
import type { Db } from '../../db/connection.js';
import * as users from '../../db/repos/users.repo.js';
import type { UserRow } from '../../db/repos/users.repo.js';
import { deleteUserSessions } from '../../db/repos/sessions.repo.js';
import { AuthError, ConflictError, InputError, NotFoundError } from '../../shared/errors.js';
import type { Account, CreateAccountBody, Role } from '../../shared/api/auth.js';
import type { SessionUser } from '../../shared/api/auth.js';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { throttledAttempt, type LoginAttempt } from './login-throttle.js';

/** What the services need: the database and the injected clock. */
export interface AccountsDeps {
  db: Db;
  clock: () => Date;
}

const now = (deps: AccountsDeps) => () => deps.clock().getTime();

function toAccount(u: UserRow): Account {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    disabled: u.disabledAt !== null,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

export function toSessionUser(u: UserRow): SessionUser {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role };
}

function mustFind(db: Db, id: number): UserRow {
  const u = users.findUserById(db, id);
  if (!u) throw new NotFoundError('ACCOUNT_NOT_FOUND', `no account with id ${id}`);
  return u;
}

export async function createAccount(
  deps: AccountsDeps,
  input: CreateAccountBody
): Promise<Account> {
  const taken = () =>
    new ConflictError('USERNAME_TAKEN', `the username ${input.username} is taken`);
  // Usernames are unique regardless of case (COLLATE NOCASE); say so before hashing.
  if (users.findUserByUsername(deps.db, input.username)) throw taken();
  const passwordHash = await hashPassword(input.password);
  try {
    const row = users.insertUser(deps.db, {
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      passwordHash,
      now: deps.clock().toISOString(),
    });
    return toAccount(row);
  } catch (e) {
    // A concurrent creation can still win the race; match by code, not by class identity, which
    // differs when the native module is loaded in more than one module registry (jest's VM).
    if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw taken();
    throw e;
  }
}

export function listAccounts(deps: AccountsDeps): Account[] {
  return users.listUsers(deps.db).map(toAccount);
}

function getAccount(deps: AccountsDeps, id: number): Account {
  return toAccount(mustFind(deps.db, id));
}

/** Refuses a change that would leave no active admin. */
function assertKeepsAnAdmin(db: Db, target: UserRow): void {
  if (target.role === 'admin' && target.disabledAt === null && users.countActiveAdmins(db) <= 1)
    throw new ConflictError('LAST_ADMIN', 'the last active admin cannot be demoted or disabled');
}

export function changeRole(deps: AccountsDeps, id: number, role: Role): Account {
  return deps.db.transaction(() => {
    const u = mustFind(deps.db, id);
    if (u.role === role) return toAccount(u);
    if (role !== 'admin') assertKeepsAnAdmin(deps.db, u);
    users.updateRole(deps.db, id, role, deps.clock().toISOString());
    return toAccount(mustFind(deps.db, id));
  })();
}

/** Disables an account and ends all of its sessions in the same transaction. */
export function disableAccount(deps: AccountsDeps, id: number): Account {
  return deps.db.transaction(() => {
    const u = mustFind(deps.db, id);
    if (u.disabledAt !== null) return toAccount(u);
    assertKeepsAnAdmin(deps.db, u);
    const now = deps.clock().toISOString();
    users.setDisabled(deps.db, id, now, now);
    deleteUserSessions(deps.db, id);
    return toAccount(mustFind(deps.db, id));
  })();
}

export function enableAccount(deps: AccountsDeps, id: number): Account {
  const u = mustFind(deps.db, id);
  if (u.disabledAt === null) return toAccount(u);
  users.setDisabled(deps.db, id, null, deps.clock().toISOString());
  return toAccount(mustFind(deps.db, id));
}

/** An admin sets a new password for an account; every session of that account ends. */
export async function resetPassword(deps: AccountsDeps, id: number, newPassword: string) {
  mustFind(deps.db, id);
  const hash = await hashPassword(newPassword);
  deps.db.transaction(() => {
    users.updatePasswordHash(deps.db, id, hash, deps.clock().toISOString());
    deleteUserSessions(deps.db, id);
  })();
  return getAccount(deps, id);
}

/**
 * Checks a username and password. Throttled per account and per address; an unknown username is
 * checked against a dummy hash so it costs the same time as a real one.
 */
export async function authenticate(
  deps: AccountsDeps,
  attempt: LoginAttempt & { password: string }
): Promise<UserRow> {
  let u: UserRow | undefined;
  const ok = await throttledAttempt(deps.db, attempt, now(deps), async () => {
    u = users.findUserByUsername(deps.db, attempt.username.trim());
    const right = await verifyPassword(attempt.password, u?.passwordHash ?? (await dummyHash()));
    return u !== undefined && right;
  });
  if (!u || !ok) throw new AuthError('INVALID_CREDENTIALS', 'wrong username or password');
  // Only someone who knows the password learns that the account is disabled.
  if (u.disabledAt !== null) throw new AuthError('ACCOUNT_DISABLED', 'this account is disabled');
  if (needsRehash(u.passwordHash))
    users.updatePasswordHash(
      deps.db,
      u.id,
      await hashPassword(attempt.password),
      deps.clock().toISOString()
    );
  return u;
}

/**
 * A signed-in user changes their own password; the current one is required (and throttled like a
 * sign-in). Other sessions of the account end; the caller's session (keepTokenHash) stays.
 */
export async function changeOwnPassword(
  deps: AccountsDeps,
  userId: number,
  input: { currentPassword: string; newPassword: string; ip: string; keepTokenHash: string }
): Promise<void> {
  const u = mustFind(deps.db, userId);
  const attempt = { username: u.username, ip: input.ip };
  const ok = await throttledAttempt(deps.db, attempt, now(deps), () =>
    verifyPassword(input.currentPassword, u.passwordHash)
  );
  if (!ok)
    throw new InputError('WRONG_PASSWORD', 'the current password is wrong', {
      details: { issues: [{ path: 'body.currentPassword', message: 'wrong password' }] },
    });
  const hash = await hashPassword(input.newPassword);
  deps.db.transaction(() => {
    users.updatePasswordHash(deps.db, userId, hash, deps.clock().toISOString());
    deleteUserSessions(deps.db, userId, input.keepTokenHash);
  })();
}
