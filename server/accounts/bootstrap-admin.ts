/**
 * The first admin (issue 2): when the database has no account at all, create "admin" with the
 * ADMIN_PASSWORD from the environment, or with a generated password that is printed ONCE through the
 * given print function (server/index.ts writes it to stdout, never through the logger). Later starts
 * find accounts and do nothing, so the password is never shown again and ADMIN_PASSWORD never
 * overwrites a password someone has since changed.
 */
import { randomBytes } from 'node:crypto';
import { countUsers } from '../../db/repos/users.repo.js';
import { createAccount, type AccountsDeps } from './accounts.js';

const FIRST_ADMIN_USERNAME = 'admin';

export type BootstrapResult =
  { created: false } | { created: true; username: string; generated: boolean };

export async function bootstrapAdmin(
  deps: AccountsDeps,
  opts: { adminPassword?: string | undefined; print: (text: string) => void }
): Promise<BootstrapResult> {
  if (countUsers(deps.db) > 0) return { created: false };
  const generated = opts.adminPassword === undefined;
  // 18 random bytes → 24 base64url characters (144 bits).
  const password = opts.adminPassword ?? randomBytes(18).toString('base64url');
  await createAccount(deps, {
    username: FIRST_ADMIN_USERNAME,
    displayName: 'Administrator',
    role: 'admin',
    password,
  });
  if (generated) {
    opts.print(
      [
        '',
        'Adal Draw: the first admin account was created.',
        `  username: ${FIRST_ADMIN_USERNAME}`,
        `  password: ${password}`,
        'This password is shown only this once. Sign in and change it (or set ADMIN_PASSWORD before',
        'the first start next time).',
        '',
      ].join('\n')
    );
  }
  return { created: true, username: FIRST_ADMIN_USERNAME, generated };
}
