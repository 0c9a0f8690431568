/**
 * The first admin (server/accounts/bootstrap-admin.ts) on a real SQLite file: created once, with the
 * given password or a generated one printed once; later calls change nothing.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { findUserByUsername, listUsers } from '../../../db/repos/users.repo.js';
import { bootstrapAdmin } from '../../../server/accounts/bootstrap-admin.js';
import { verifyPassword } from '../../../server/accounts/passwords.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('bootstrapAdmin', () => {
  it('does create admin with a generated password printed exactly once', async () => {
    t = await startTestApp();
    const printed: string[] = [];
    const first = await bootstrapAdmin(t.ctx, { print: (s) => printed.push(s) });
    expect(first).toEqual({ created: true, username: 'admin', generated: true });
    expect(printed).toHaveLength(1);
    const password = /password: (\S+)/.exec(printed[0]!)![1]!;
    expect(password.length).toBeGreaterThanOrEqual(24);
    const row = findUserByUsername(t.ctx.db, 'admin')!;
    expect(row.role).toBe('admin');
    expect(await verifyPassword(password, row.passwordHash)).toBe(true);
    expect(row.passwordHash).not.toContain(password);

    const second = await bootstrapAdmin(t.ctx, { print: (s) => printed.push(s) });
    expect(second).toEqual({ created: false });
    expect(printed).toHaveLength(1);
  });

  it('does use ADMIN_PASSWORD silently, and never overwrite an existing account with it', async () => {
    t = await startTestApp();
    const printed: string[] = [];
    await bootstrapAdmin(t.ctx, {
      adminPassword: 'first-admin-pass',
      print: (s) => printed.push(s),
    });
    expect(printed).toEqual([]);
    await t.loginAs('admin', { username: 'admin', password: 'first-admin-pass' });
    await bootstrapAdmin(t.ctx, {
      adminPassword: 'other-admin-pass',
      print: (s) => printed.push(s),
    });
    expect(listUsers(t.ctx.db)).toHaveLength(1);
    await t.loginAs('admin', { username: 'admin', password: 'first-admin-pass' });
  });
});
