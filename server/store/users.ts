import crypto from 'node:crypto';
import type { Role } from '../contracts/auth';
import type { Db } from './db';

export interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  created_at: string;
  /** JSON array of host ids; NULL means every host. */
  host_grants: string | null;
  disabled_at: string | null;
  must_change_password: number;
  last_login_at: string | null;
}

export interface SessionRow {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: number;
  last_seen_at: number | null;
  client: string | null;
}

export const countUsers = (db: Db): number => (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;

export const findUserByName = (db: Db, username: string): UserRow | undefined =>
  db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;

export const findUserById = (db: Db, id: number): UserRow | undefined =>
  db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;

export function insertUser(
  db: Db,
  username: string,
  passwordHash: string,
  role: Role,
  opts: { hostGrants?: string | null; mustChangePassword?: boolean } = {},
): UserRow {
  const info = db
    .prepare('INSERT INTO users (username, password_hash, role, created_at, host_grants, must_change_password) VALUES (?, ?, ?, ?, ?, ?)')
    .run(username, passwordHash, role, new Date().toISOString(), opts.hostGrants ?? null, opts.mustChangePassword ? 1 : 0);
  return findUserById(db, Number(info.lastInsertRowid))!;
}

export const listUserRows = (db: Db, now: number): Array<UserRow & { sessions: number }> =>
  db
    .prepare(
      `SELECT u.*, (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > ?) AS sessions
       FROM users u ORDER BY u.username COLLATE NOCASE`,
    )
    .all(now) as Array<UserRow & { sessions: number }>;

/** Admins that can still sign in: the last one may not be demoted, disabled or deleted. */
export const countActiveAdmins = (db: Db): number =>
  (db.prepare(`SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL`).get() as { n: number }).n;

export function updateUserAccess(db: Db, id: number, role: Role, hostGrants: string | null): void {
  db.prepare('UPDATE users SET role = ?, host_grants = ? WHERE id = ?').run(role, hostGrants, id);
}

export function setUserDisabled(db: Db, id: number, disabled: boolean): void {
  db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(disabled ? new Date().toISOString() : null, id);
}

export function setUserPassword(db: Db, id: number, passwordHash: string, mustChange: boolean): void {
  db.prepare('UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?').run(passwordHash, mustChange ? 1 : 0, id);
}

export function setLastLogin(db: Db, id: number): void {
  db.prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(new Date().toISOString(), id);
}

export function deleteUserRow(db: Db, id: number): void {
  db.prepare('DELETE FROM users WHERE id = ?').run(id);
}

/** Stores a session under its token's hash; answers its public id. */
export function insertSession(db: Db, tokenHash: string, userId: number, expiresAt: number, client: string | null = null): string {
  const id = crypto.randomBytes(12).toString('hex');
  db.prepare(
    'INSERT INTO sessions (id, token_hash, user_id, created_at, expires_at, last_seen_at, client) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(id, tokenHash, userId, new Date().toISOString(), expiresAt, Date.now(), client);
  return id;
}

/** The live session of this token hash and its (enabled) user. */
export function findSession(db: Db, tokenHash: string, now: number): { user: UserRow; session: SessionRow } | undefined {
  const row = db
    .prepare(
      `SELECT u.*, s.id AS s_id, s.created_at AS s_created_at, s.expires_at AS s_expires_at,
              s.last_seen_at AS s_last_seen_at, s.client AS s_client
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`,
    )
    .get(tokenHash, now) as
    | (UserRow & { s_id: string; s_created_at: string; s_expires_at: number; s_last_seen_at: number | null; s_client: string | null })
    | undefined;
  if (!row) return undefined;
  const { s_id, s_created_at, s_expires_at, s_last_seen_at, s_client, ...user } = row;
  return {
    user,
    session: {
      id: s_id,
      user_id: user.id,
      created_at: s_created_at,
      expires_at: s_expires_at,
      last_seen_at: s_last_seen_at,
      client: s_client,
    },
  };
}

export function touchSession(db: Db, id: string, lastSeenAt: number, expiresAt?: number): void {
  if (expiresAt === undefined) db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(lastSeenAt, id);
  else db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?').run(lastSeenAt, expiresAt, id);
}

export const listSessionRows = (db: Db, userId: number, now: number): SessionRow[] =>
  db
    .prepare(
      'SELECT id, user_id, created_at, expires_at, last_seen_at, client FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC',
    )
    .all(userId, now) as SessionRow[];

/** Deletes one session of this user; false when there is none by that id. */
export function deleteSessionById(db: Db, userId: number, id: string): boolean {
  return db.prepare('DELETE FROM sessions WHERE id = ? AND user_id = ?').run(id, userId).changes > 0;
}

/** Deletes every session of a user (but `keepId`); answers the ids that went. */
export function deleteUserSessions(db: Db, userId: number, keepId?: string): string[] {
  const ids = (db.prepare('SELECT id FROM sessions WHERE user_id = ?').all(userId) as Array<{ id: string }>)
    .map((r) => r.id)
    .filter((id) => id !== keepId);
  const del = db.prepare('DELETE FROM sessions WHERE id = ?');
  for (const id of ids) del.run(id);
  return ids;
}

export function sessionIdOf(db: Db, tokenHash: string): string | undefined {
  return (db.prepare('SELECT id FROM sessions WHERE token_hash = ?').get(tokenHash) as { id: string } | undefined)?.id;
}

export function deleteSession(db: Db, tokenHash: string): void {
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
}

export function deleteExpiredSessions(db: Db, now: number): void {
  db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
}
