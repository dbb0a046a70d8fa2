import crypto from 'node:crypto';
import type { HostGrants, SessionUser } from '../contracts/auth';
import type { SessionEnded } from '../contracts/socket-events';
import {
  changePasswordInputSchema,
  createUserInputSchema,
  updateUserInputSchema,
  type SessionSummary,
  type UserSummary,
  type UserWithPassword,
} from '../contracts/users';
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError, validationFromZod } from '../errors';
import { endSessionSockets, endUserSockets } from '../realtime/socket-registry';
import type { Runtime } from '../runtime';
import { listEngineRows } from '../store/engines';
import {
  countActiveAdmins,
  deleteSessionById,
  deleteUserRow,
  deleteUserSessions,
  findUserById,
  findUserByName,
  insertUser,
  listSessionRows,
  listUserRows,
  setUserDisabled,
  setUserPassword,
  updateUserAccess,
  type SessionRow,
  type UserRow,
} from '../store/users';
import { requireAccountActor } from './account-actor';
import { audited } from './audit';
import { hashPassword, hostGrantsOf, verifyPassword } from './auth';
import { authorize } from './authorize';
import { rowId, sessionId as parseSessionId } from './row-ids';

const toSummary = (u: UserRow, sessions = 0): UserSummary => ({
  id: u.id,
  username: u.username,
  role: u.role,
  hosts: u.role === 'admin' ? 'all' : hostGrantsOf(u),
  disabled: u.disabled_at !== null,
  mustChangePassword: u.must_change_password === 1,
  createdAt: u.created_at,
  lastLoginAt: u.last_login_at,
  sessions,
});

const toSession = (s: SessionRow, currentId: string | undefined): SessionSummary => ({
  id: s.id,
  createdAt: s.created_at,
  lastSeenAt: s.last_seen_at === null ? null : new Date(s.last_seen_at).toISOString(),
  expiresAt: new Date(s.expires_at).toISOString(),
  client: s.client,
  current: s.id === currentId,
});

const describeHosts = (h: HostGrants) => (h === 'all' ? 'all hosts' : h.length ? `hosts ${h.join(', ')}` : 'no hosts');
const BY_ADMIN = (reason: SessionEnded['reason']): SessionEnded => ({ reason, byAdmin: true });

/** A temporary password: 16 characters that read unambiguously enough to type. */
const temporaryPassword = () => crypto.randomBytes(12).toString('base64url');

/** Grants as stored: NULL for every host (always so for an admin); each id must name an engine. */
function storedGrants(rt: Runtime, role: UserRow['role'], hosts: HostGrants): string | null {
  if (role === 'admin' || hosts === 'all') return null;
  const known = new Set(listEngineRows(rt.db).map((e) => e.id));
  const ids = [...new Set(hosts)];
  if (ids.some((h) => !known.has(h))) throw new ValidationError('A granted host does not exist', { hosts: 'Unknown host' });
  return JSON.stringify(ids);
}

function userOr404(rt: Runtime, id: number): UserRow {
  const u = findUserById(rt.db, id);
  if (!u) throw new NotFoundError('No such user');
  return u;
}

/** The last admin that can sign in must stay one: never demoted, disabled or deleted. */
function assertNotLastAdmin(rt: Runtime, u: UserRow, what: string): void {
  if (u.role === 'admin' && u.disabled_at === null && countActiveAdmins(rt.db) <= 1)
    throw new ConflictError(`${u.username} is the last admin: ${what} would leave no one to manage Wharf`);
}

function assertNotSelf(actor: SessionUser, id: number, what: string): void {
  if (actor.id === id) throw new ConflictError(`You cannot ${what} your own account`);
}

export function listUsers(rt: Runtime, actor: SessionUser | null): UserSummary[] {
  authorize(actor, 'users.manage');
  return listUserRows(rt.db, Date.now()).map((u) => toSummary(u, u.sessions));
}

export async function createUser(rt: Runtime, actor: SessionUser | null, input: unknown): Promise<UserWithPassword> {
  authorize(actor, 'users.manage');
  const parsed = createUserInputSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { username, password, role, hosts } = parsed.data;
  const generated = password === undefined ? temporaryPassword() : null;
  const mustChange = generated !== null || (parsed.data.mustChangePassword ?? false);
  return audited(
    rt,
    actor,
    'user.create',
    `user:${username}`,
    async () => {
      if (findUserByName(rt.db, username)) throw new ConflictError(`A user named ${username} already exists`);
      const grants = storedGrants(rt, role, hosts);
      const hash = await hashPassword(password ?? generated!);
      const row = rt.db.transaction(() => {
        if (findUserByName(rt.db, username)) throw new ConflictError(`A user named ${username} already exists`);
        return insertUser(rt.db, username, hash, role, { hostGrants: grants, mustChangePassword: mustChange });
      })();
      return { user: toSummary(row), temporaryPassword: generated };
    },
    (r) => `role ${r.user.role}, ${describeHosts(r.user.hosts)}${mustChange ? ', must change password' : ''}`,
  );
}

export async function updateUser(rt: Runtime, actor: SessionUser | null, rawId: string | number, input: unknown): Promise<UserSummary> {
  authorize(actor, 'users.manage');
  const id = rowId(rawId, 'user');
  const parsed = updateUserInputSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const before = userOr404(rt, id);
  const { role, hosts } = parsed.data;
  const beforeText = `role ${before.role}, ${describeHosts(toSummary(before).hosts)}`;
  return audited(
    rt,
    actor,
    'user.update',
    `user:${before.username}`,
    () => {
      if (role !== 'admin') assertNotLastAdmin(rt, before, 'changing the role');
      updateUserAccess(rt.db, id, role, storedGrants(rt, role, hosts));
      // Open sockets joined rooms under the old rights: they reconnect with the new ones.
      endUserSockets(id, null);
      return toSummary(userOr404(rt, id));
    },
    (u) => `${beforeText} → role ${u.role}, ${describeHosts(u.hosts)}`,
  );
}

export async function setUserEnabled(
  rt: Runtime,
  actor: SessionUser | null,
  rawId: string | number,
  enabled: boolean,
): Promise<UserSummary> {
  authorize(actor, 'users.manage');
  const id = rowId(rawId, 'user');
  const u = userOr404(rt, id);
  return audited(rt, actor, enabled ? 'user.enable' : 'user.disable', `user:${u.username}`, () => {
    if (!enabled) {
      assertNotSelf(actor, id, 'disable');
      assertNotLastAdmin(rt, u, 'disabling them');
      setUserDisabled(rt.db, id, true);
      // A disabled user signs in afresh once enabled again.
      deleteUserSessions(rt.db, id);
      endUserSockets(id, BY_ADMIN('disabled'));
    } else setUserDisabled(rt.db, id, false);
    return toSummary(userOr404(rt, id));
  });
}

export async function deleteUser(rt: Runtime, actor: SessionUser | null, rawId: string | number): Promise<void> {
  authorize(actor, 'users.manage');
  const id = rowId(rawId, 'user');
  const u = userOr404(rt, id);
  await audited(rt, actor, 'user.delete', `user:${u.username}`, () => {
    assertNotSelf(actor, id, 'delete');
    assertNotLastAdmin(rt, u, 'deleting them');
    // Sessions and tokens go with the user (ON DELETE CASCADE); the audit keeps the name.
    deleteUserRow(rt.db, id);
    endUserSockets(id, BY_ADMIN('deleted'));
  });
}

/** A new temporary password, shown once; the user must change it at the next sign-in. Their sessions end. */
export async function resetPassword(rt: Runtime, actor: SessionUser | null, rawId: string | number): Promise<UserWithPassword> {
  authorize(actor, 'users.manage');
  const id = rowId(rawId, 'user');
  const u = userOr404(rt, id);
  return audited(rt, actor, 'user.reset-password', `user:${u.username}`, async () => {
    assertNotSelf(actor, id, 'reset the password of (change it on the Account page)');
    const generated = temporaryPassword();
    setUserPassword(rt.db, id, await hashPassword(generated), true);
    endSessionSockets(deleteUserSessions(rt.db, id), BY_ADMIN('password-reset'));
    return { user: toSummary(userOr404(rt, id)), temporaryPassword: generated };
  });
}

export function listUserSessions(rt: Runtime, actor: SessionUser | null, rawId: string | number, currentId?: string): SessionSummary[] {
  authorize(actor, 'users.manage');
  const id = rowId(rawId, 'user');
  userOr404(rt, id);
  return listSessionRows(rt.db, id, Date.now()).map((s) => toSession(s, currentId));
}

export async function revokeUserSession(
  rt: Runtime,
  actor: SessionUser | null,
  rawUserId: string | number,
  rawSessionId: string,
): Promise<void> {
  authorize(actor, 'users.manage');
  const userId = rowId(rawUserId, 'user');
  const sessionId = parseSessionId(rawSessionId);
  const u = userOr404(rt, userId);
  await audited(rt, actor, 'session.revoke', `user:${u.username}`, () => {
    if (!deleteSessionById(rt.db, userId, sessionId)) throw new NotFoundError('No such session');
    endSessionSockets([sessionId], { reason: 'revoked', byAdmin: actor.id !== userId });
  });
}

/** Own password: needs the current one; the other sessions of the user end. */
export async function changeOwnPassword(
  rt: Runtime,
  actor: SessionUser | null,
  currentSessionId: string | undefined,
  input: unknown,
): Promise<void> {
  const me = requireAccountActor(actor);
  const parsed = changePasswordInputSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { currentPassword, newPassword } = parsed.data;
  await audited(rt, me, 'account.password', `user:${me.username}`, async () => {
    const row = findUserById(rt.db, me.id);
    if (!row) throw new UnauthenticatedError();
    if (!(await verifyPassword(currentPassword, row.password_hash)))
      throw new ValidationError('The current password is wrong', { currentPassword: 'Wrong password' });
    if (currentPassword === newPassword)
      throw new ValidationError('Choose a new password, different from the current one', { newPassword: 'Same as the current password' });
    setUserPassword(rt.db, me.id, await hashPassword(newPassword), false);
    endSessionSockets(deleteUserSessions(rt.db, me.id, currentSessionId), { reason: 'password-changed', byAdmin: false });
  });
}

export function listOwnSessions(rt: Runtime, actor: SessionUser | null, currentId: string | undefined): SessionSummary[] {
  const me = requireAccountActor(actor);
  return listSessionRows(rt.db, me.id, Date.now()).map((s) => toSession(s, currentId));
}

export async function revokeOwnSession(rt: Runtime, actor: SessionUser | null, rawSessionId: string): Promise<void> {
  const me = requireAccountActor(actor);
  const sessionId = parseSessionId(rawSessionId);
  await audited(rt, me, 'session.revoke', `user:${me.username}`, () => {
    if (!deleteSessionById(rt.db, me.id, sessionId)) throw new NotFoundError('No such session');
    endSessionSockets([sessionId], { reason: 'revoked', byAdmin: false });
  });
}
