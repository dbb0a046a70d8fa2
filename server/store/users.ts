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
}

export const countUsers = (db: Db): number => (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;

export const findUserByName = (db: Db, username: string): UserRow | undefined =>
  db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;

const findUserById = (db: Db, id: number): UserRow | undefined =>
  db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;

export function insertUser(db: Db, username: string, passwordHash: string, role: Role): UserRow {
  const info = db
    .prepare('INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)')
    .run(username, passwordHash, role, new Date().toISOString());
  return findUserById(db, Number(info.lastInsertRowid))!;
}

export function insertSession(db: Db, tokenHash: string, userId: number, expiresAt: number): void {
  db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
    tokenHash,
    userId,
    new Date().toISOString(),
    expiresAt,
  );
}

export function findSessionUser(db: Db, tokenHash: string, now: number): UserRow | undefined {
  return db
    .prepare(
      `SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`,
    )
    .get(tokenHash, now) as UserRow | undefined;
}

export function sessionExpiry(db: Db, tokenHash: string): number | undefined {
  const row = db.prepare('SELECT expires_at FROM sessions WHERE token_hash = ?').get(tokenHash) as { expires_at: number } | undefined;
  return row?.expires_at;
}

export function extendSession(db: Db, tokenHash: string, expiresAt: number): void {
  db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(expiresAt, tokenHash);
}

export function deleteSession(db: Db, tokenHash: string): void {
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
}

export function deleteExpiredSessions(db: Db, now: number): void {
  db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
}
