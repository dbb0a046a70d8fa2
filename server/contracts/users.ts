import { z } from 'zod';
import type { HostGrants, Role } from './auth';

const usernameSchema = z
  .string()
  .trim()
  .min(1, 'Username is required')
  .max(64, 'Username is at most 64 characters')
  .regex(/^[A-Za-z0-9._@-]+$/, 'Username may contain letters, digits and . _ @ - only');

const passwordSchema = z.string().min(8, 'Password must be at least 8 characters').max(256, 'Password is at most 256 characters');
const roleSchema = z.enum(['admin', 'operator', 'viewer'], { message: 'Role must be admin, operator or viewer' });
const hostIdsSchema = z.array(z.string().min(1).max(64)).max(500);
const hostGrantsSchema = z.union([z.literal('all'), hostIdsSchema]);

export const createUserInputSchema = z.object({
  username: usernameSchema,
  /** Omitted: Wharf generates a temporary password, shown once. */
  password: passwordSchema.optional(),
  role: roleSchema,
  hosts: hostGrantsSchema,
  /** The user must choose a new password at first sign-in (always so for a generated one). */
  mustChangePassword: z.boolean().optional(),
});
export type CreateUserInput = z.infer<typeof createUserInputSchema>;

export const updateUserInputSchema = z.object({ role: roleSchema, hosts: hostGrantsSchema });
export type UpdateUserInput = z.infer<typeof updateUserInputSchema>;

export const changePasswordInputSchema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password').max(256),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInputSchema>;

export const createTokenInputSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(64, 'Name is at most 64 characters'),
  /** null: never expires. */
  expiresInDays: z.number().int('Expiry is a whole number of days').min(1, 'Expiry is at least 1 day').max(3650).nullable(),
  readOnly: z.boolean(),
  /** null: every host the user has. */
  hosts: hostIdsSchema.min(1, 'Pick at least one host, or all of them').nullable(),
});
export type CreateTokenInput = z.infer<typeof createTokenInputSchema>;

export interface UserSummary {
  id: number;
  username: string;
  role: Role;
  hosts: HostGrants;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  /** Open (unexpired) sessions. */
  sessions: number;
}

/** A user created or reset: the temporary password is in this answer only. */
export interface UserWithPassword {
  user: UserSummary;
  temporaryPassword: string | null;
}

export interface SessionSummary {
  /** Public id (never the token or its hash). */
  id: string;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string;
  /** Browser and address it signed in from. */
  client: string | null;
  /** The session this request came with. */
  current: boolean;
}

export interface ApiTokenSummary {
  id: number;
  name: string;
  /** The first characters of the secret, to tell tokens apart. */
  prefix: string;
  readOnly: boolean;
  /** null: every host of the user. */
  hosts: string[] | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  expired: boolean;
}

export interface CreatedApiToken {
  token: ApiTokenSummary;
  /** The secret, shown once. */
  secret: string;
}
