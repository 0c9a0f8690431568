/**
 * Boundary types of accounts and sessions (issue 2): login, own password change, the admin's account
 * management, and what the API answers about a user. Password hashes and session tokens never appear
 * in any of these shapes.
 */
import { z } from 'zod';

/** Roles, lowest first: each role includes the rights of the roles before it. */
export const Role = z.enum(['observer', 'operator', 'admin']);
export type Role = z.infer<typeof Role>;
const ROLES = Role.options;

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Lower-case login names: letters, digits, dot, dash, underscore; 3–64 characters. */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,64}$/, '3–64 characters: latin letters, digits, ".", "-" or "_"');
export type Username = z.infer<typeof Username>;

/** A new password: long enough to resist guessing under throttling; bounded so hashing stays cheap. */
const NewPassword = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(256, 'must be at most 256 characters');

const DisplayName = z.string().trim().min(1, 'required').max(120);

export const LoginBody = z.strictObject({
  // Not Username: a login attempt with any string must fail the same way (no format oracle).
  username: z.string().min(1, 'required').max(128),
  password: z.string().min(1, 'required').max(1024),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, 'required').max(1024),
  newPassword: NewPassword,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const CreateAccountBody = z.strictObject({
  username: Username,
  displayName: DisplayName,
  role: Role,
  password: NewPassword,
});
export type CreateAccountBody = z.infer<typeof CreateAccountBody>;

export const ChangeRoleBody = z.strictObject({ role: Role });
export type ChangeRoleBody = z.infer<typeof ChangeRoleBody>;

export const ResetPasswordBody = z.strictObject({ newPassword: NewPassword });
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;

export const AccountIdParams = z.strictObject({ id: z.coerce.number().int().positive() });
export type AccountIdParams = z.infer<typeof AccountIdParams>;

/** An account as the admin sees it. */
export const Account = z.strictObject({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Account = z.infer<typeof Account>;

/** The signed-in user: what a session names, on the server and in the client. */
export const SessionUser = z.strictObject({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
});
export type SessionUser = z.infer<typeof SessionUser>;

/** The signed-in user as the client sees it. */
export const Me = z.strictObject({
  user: SessionUser,
  /** the synchronizer token every write must carry in the X-CSRF-Token header */
  csrfToken: z.string(),
});
export type Me = z.infer<typeof Me>;
