/**
 * Account administration (server/accounts/accounts.routes.ts; admin only), parsed with the shared
 * schemas. Passwords go out in request bodies only and are never kept by the page.
 */
import { z } from 'zod';
import { Account, type CreateAccountBody, type Role } from '../../../shared/api/auth.js';
import { apiFetch } from '../../common/api.js';

export function listAccounts() {
  return apiFetch('/api/accounts', z.object({ accounts: z.array(Account) }));
}

export function createAccount(body: CreateAccountBody) {
  return apiFetch('/api/accounts', Account, { method: 'POST', body });
}

export function changeRole(id: number, role: Role) {
  return apiFetch(`/api/accounts/${id}/role`, Account, { method: 'PUT', body: { role } });
}

export function setDisabled(id: number, disabled: boolean) {
  return apiFetch(`/api/accounts/${id}/${disabled ? 'disable' : 'enable'}`, Account, {
    method: 'POST',
  });
}

export function resetPassword(id: number, newPassword: string) {
  return apiFetch(`/api/accounts/${id}/password`, Account, {
    method: 'POST',
    body: { newPassword },
  });
}
