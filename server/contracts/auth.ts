import { z } from 'zod';

const usernameSchema = z
  .string()
  .trim()
  .min(1, 'Username is required')
  .max(64, 'Username is at most 64 characters')
  .regex(/^[A-Za-z0-9._@-]+$/, 'Username may contain letters, digits and . _ @ - only');

const passwordSchema = z.string().min(8, 'Password must be at least 8 characters').max(256, 'Password is at most 256 characters');

export const setupInputSchema = z.object({ username: usernameSchema, password: passwordSchema });
export type SetupInput = z.infer<typeof setupInputSchema>;

export const loginInputSchema = z.object({
  username: z.string().trim().min(1, 'Username is required').max(64),
  password: z.string().min(1, 'Password is required').max(256),
});
export type LoginInput = z.infer<typeof loginInputSchema>;

export type Role = 'admin' | 'operator' | 'viewer';

/** The hosts a user (or a token) may see and act on: every host, or exactly these host ids. */
export type HostGrants = 'all' | string[];

export interface SessionUser {
  id: number;
  username: string;
  role: Role;
  hosts: HostGrants;
  /** Set when the request came with an API token rather than a session cookie. */
  token?: { id: number; readOnly: boolean; name?: string };
  /** Signed in with a temporary password: everything but choosing a new one answers PASSWORD_CHANGE_REQUIRED. */
  mustChangePassword?: boolean;
}

export interface AuthState {
  setupRequired: boolean;
  user: SessionUser | null;
}
