import type { Db } from './db';
import type { UserRow } from './users';

export interface ApiTokenRow {
  id: number;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  read_only: number;
  /** JSON array of host ids; NULL means every host of the user. */
  hosts: string | null;
  created_at: string;
  expires_at: number | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function insertApiToken(
  db: Db,
  t: { userId: number; name: string; tokenHash: string; prefix: string; readOnly: boolean; hosts: string | null; expiresAt: number | null },
): ApiTokenRow {
  const info = db
    .prepare(
      'INSERT INTO api_tokens (user_id, name, token_hash, prefix, read_only, hosts, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(t.userId, t.name, t.tokenHash, t.prefix, t.readOnly ? 1 : 0, t.hosts, new Date().toISOString(), t.expiresAt);
  return db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(Number(info.lastInsertRowid)) as ApiTokenRow;
}

/** The user's tokens that were not revoked, newest first. */
export const listApiTokenRows = (db: Db, userId: number): ApiTokenRow[] =>
  db.prepare('SELECT * FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC').all(userId) as ApiTokenRow[];

/** A token by its hash, with its user (whatever their state: the caller says why it is refused). */
export function findApiToken(db: Db, tokenHash: string): { token: ApiTokenRow; user: UserRow } | undefined {
  const token = db.prepare('SELECT * FROM api_tokens WHERE token_hash = ?').get(tokenHash) as ApiTokenRow | undefined;
  if (!token) return undefined;
  const user = db.prepare('SELECT * FROM users WHERE id = ?').get(token.user_id) as UserRow | undefined;
  return user ? { token, user } : undefined;
}

export function touchApiToken(db: Db, id: number, at: string): void {
  db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
}

/** Revokes one live token of this user; false when there is none by that id. */
export function revokeApiTokenRow(db: Db, userId: number, id: number): ApiTokenRow | undefined {
  const row = db.prepare('SELECT * FROM api_tokens WHERE id = ? AND user_id = ? AND revoked_at IS NULL').get(id, userId) as
    ApiTokenRow | undefined;
  if (row) db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ?').run(new Date().toISOString(), id);
  return row;
}
