/**
 * Account administration (admin only): list, create with a role, change the role, disable or enable,
 * and reset a password. Disabling or resetting ends the account's sessions at once.
 */
import type { AppContext } from '../context.js';
import {
  AccountIdParams,
  ChangeRoleBody,
  CreateAccountBody,
  ResetPasswordBody,
  type Account,
} from '../../shared/api/auth.js';
import {
  changeRole,
  createAccount,
  disableAccount,
  enableAccount,
  listAccounts,
  resetPassword,
} from './accounts.js';
import { Reply, route } from '../http/route.js';

export function accountsRoutes(ctx: AppContext) {
  const audit = (action: string, actorId: number | undefined, account: Account) =>
    ctx.log.info({ actorId, accountId: account.id, role: account.role }, `account ${action}`);
  return [
    route({
      method: 'get',
      path: '/api/accounts',
      access: 'admin',
      summary: 'list accounts',
      handler: () => ({ accounts: listAccounts(ctx) }),
    }),
    route({
      method: 'post',
      path: '/api/accounts',
      access: 'admin',
      body: CreateAccountBody,
      summary: 'create an account with role admin, operator or observer',
      handler: async ({ body, user }) => {
        const account = await createAccount(ctx, body);
        audit('created', user?.id, account);
        return new Reply(201, account);
      },
    }),
    route({
      method: 'put',
      path: '/api/accounts/:id/role',
      access: 'admin',
      params: AccountIdParams,
      body: ChangeRoleBody,
      summary: "change an account's role (the last active admin stays admin)",
      handler: ({ params, body, user }) => {
        const account = changeRole(ctx, params.id, body.role);
        audit('role changed', user?.id, account);
        return account;
      },
    }),
    route({
      method: 'post',
      path: '/api/accounts/:id/disable',
      access: 'admin',
      params: AccountIdParams,
      summary: 'disable an account; its sessions end (the last active admin cannot be disabled)',
      handler: ({ params, user }) => {
        const account = disableAccount(ctx, params.id);
        audit('disabled', user?.id, account);
        return account;
      },
    }),
    route({
      method: 'post',
      path: '/api/accounts/:id/enable',
      access: 'admin',
      params: AccountIdParams,
      summary: 'enable a disabled account',
      handler: ({ params, user }) => {
        const account = enableAccount(ctx, params.id);
        audit('enabled', user?.id, account);
        return account;
      },
    }),
    route({
      method: 'post',
      path: '/api/accounts/:id/password',
      access: 'admin',
      params: AccountIdParams,
      body: ResetPasswordBody,
      summary: "reset an account's password; its sessions end",
      handler: async ({ params, body, user }) => {
        const account = await resetPassword(ctx, params.id, body.newPassword);
        audit('password reset', user?.id, account);
        return account;
      },
    }),
  ];
}
