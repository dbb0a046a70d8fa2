import type { AuditChange, AuditEntry, SigninFailure } from '../contracts/audit';
import type { Db } from './db';

export interface AuditRecord {
  userId: number | null;
  username: string | null;
  action: string;
  target: string | null;
  result: 'ok' | 'error';
  detail?: string | null;
  hostId?: string | null;
  hostName?: string | null;
  targetKind?: string | null;
  targetName?: string | null;
  token?: { id: string; name: string | null } | null;
  changes?: AuditChange[] | null;
}

export function insertAudit(db: Db, r: AuditRecord): number {
  const info = db
    .prepare(
      `INSERT INTO audit (at, user_id, username, action, target, result, detail, host_id, host_name, target_kind, target_name,
         actor_kind, token_id, token_name, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      new Date().toISOString(),
      r.userId,
      r.username,
      r.action,
      r.target,
      r.result,
      r.detail ?? null,
      r.hostId ?? null,
      r.hostName ?? null,
      r.targetKind ?? null,
      r.targetName ?? null,
      r.token ? 'token' : 'user',
      r.token?.id ?? null,
      r.token?.name ?? null,
      r.changes && r.changes.length > 0 ? JSON.stringify(r.changes) : null,
    );
  return Number(info.lastInsertRowid);
}

interface AuditRow {
  id: number;
  at: string;
  username: string | null;
  action: string;
  target: string | null;
  result: 'ok' | 'error';
  detail: string | null;
  host_id: string | null;
  host_name: string | null;
  target_kind: string | null;
  target_name: string | null;
  actor_kind: 'user' | 'token';
  token_id: string | null;
  token_name: string | null;
  changes: string | null;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  actorKind: r.actor_kind,
  username: r.username,
  tokenId: r.token_id,
  tokenName: r.token_name,
  action: r.action,
  hostId: r.host_id,
  hostName: r.host_name,
  targetKind: r.target_kind,
  targetName: r.target_name,
  target: r.target,
  result: r.result,
  detail: r.detail,
  changes: r.changes ? (JSON.parse(r.changes) as AuditChange[]) : null,
});

export interface AuditFilter {
  user?: string;
  host?: string;
  /** An action or the start of one (`container.` matches every container action). */
  action?: string;
  result?: 'ok' | 'error';
  /** ISO times, `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  /** Words searched in the target, the detail and the changes. */
  q?: string;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(f: AuditFilter): { sql: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, ...a: unknown[]) => {
    parts.push(sql);
    args.push(...a);
  };
  if (f.user) add('username = ? COLLATE NOCASE', f.user);
  if (f.host) add('host_id = ?', f.host);
  if (f.action) add("action LIKE ? ESCAPE '\\'", `${likeEscape(f.action)}%`);
  if (f.result) add('result = ?', f.result);
  if (f.from) add('at >= ?', f.from);
  if (f.to) add('at < ?', f.to);
  if (f.q) {
    const like = `%${likeEscape(f.q)}%`;
    add("(target LIKE ? ESCAPE '\\' OR detail LIKE ? ESCAPE '\\' OR changes LIKE ? ESCAPE '\\')", like, like, like);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

/** One page of matching entries, newest first, older than `before` (an entry id). */
export function queryAudit(db: Db, f: AuditFilter, opts: { limit: number; before?: number }): AuditEntry[] {
  const w = where(f);
  const cursor = opts.before ? `${w.sql ? `${w.sql} AND` : 'WHERE'} id < ?` : w.sql;
  const args = opts.before ? [...w.args, opts.before] : w.args;
  const rows = db.prepare(`SELECT * FROM audit ${cursor} ORDER BY id DESC LIMIT ?`).all(...args, opts.limit) as AuditRow[];
  return rows.map(toEntry);
}

/** One entry by id (undefined once pruned). */
export function getAudit(db: Db, id: number): AuditEntry | undefined {
  const row = db.prepare('SELECT * FROM audit WHERE id = ?').get(id) as AuditRow | undefined;
  return row && toEntry(row);
}

/** The id of the newest entry, 0 when the log is empty. */
export function newestAuditId(db: Db): number {
  return (db.prepare('SELECT MAX(id) AS id FROM audit').get() as { id: number | null }).id ?? 0;
}

export function countAudit(db: Db, f: AuditFilter): number {
  const w = where(f);
  return (db.prepare(`SELECT COUNT(*) AS n FROM audit ${w.sql}`).get(...w.args) as { n: number }).n;
}

export function listAudit(db: Db, opts: { limit: number; before?: number }): AuditEntry[] {
  return queryAudit(db, {}, opts);
}

export function auditFacets(db: Db): { users: string[]; hosts: Array<{ id: string; name: string }>; actions: string[] } {
  const users = db.prepare('SELECT DISTINCT username FROM audit WHERE username IS NOT NULL ORDER BY username COLLATE NOCASE').pluck().all();
  const hosts = db
    .prepare('SELECT host_id AS id, MAX(host_name) AS name FROM audit WHERE host_id IS NOT NULL GROUP BY host_id ORDER BY name')
    .all() as Array<{ id: string; name: string }>;
  const actions = db.prepare('SELECT DISTINCT action FROM audit ORDER BY action').pluck().all();
  return { users: users as string[], hosts, actions: actions as string[] };
}

/** Removes entries older than `olderThan` (ISO) and beyond the newest `maxRows` (0: no bound); returns how many went. */
export function pruneAudit(db: Db, olderThan: string | null, maxRows: number): number {
  let removed = 0;
  return db.transaction(() => {
    if (olderThan) {
      removed += db.prepare('DELETE FROM audit WHERE at < ?').run(olderThan).changes;
      removed += db.prepare('DELETE FROM signin_failures WHERE at < ?').run(olderThan).changes;
    }
    if (maxRows > 0) {
      removed += db.prepare('DELETE FROM audit WHERE id <= (SELECT id FROM audit ORDER BY id DESC LIMIT 1 OFFSET ?)').run(maxRows).changes;
      removed += db
        .prepare('DELETE FROM signin_failures WHERE id <= (SELECT id FROM signin_failures ORDER BY id DESC LIMIT 1 OFFSET ?)')
        .run(maxRows).changes;
    }
    return removed;
  })();
}

export function insertSigninFailure(db: Db, r: { username: string; clientIp: string; reason: string }): void {
  db.prepare('INSERT INTO signin_failures (at, username, client_ip, reason) VALUES (?, ?, ?, ?)').run(
    new Date().toISOString(),
    r.username.slice(0, 64),
    r.clientIp,
    r.reason,
  );
}

export function querySigninFailures(
  db: Db,
  f: { user?: string; from?: string; to?: string },
  opts: { limit: number; before?: number },
): { entries: SigninFailure[]; total: number } {
  const parts: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, a: unknown) => {
    parts.push(sql);
    args.push(a);
  };
  if (f.user) add('username = ? COLLATE NOCASE', f.user);
  if (f.from) add('at >= ?', f.from);
  if (f.to) add('at < ?', f.to);
  const base = parts.length ? `WHERE ${parts.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM signin_failures ${base}`).get(...args) as { n: number }).n;
  const cursor = opts.before ? `${base ? `${base} AND` : 'WHERE'} id < ?` : base;
  const rows = db
    .prepare(`SELECT id, at, username, client_ip AS clientIp, reason FROM signin_failures ${cursor} ORDER BY id DESC LIMIT ?`)
    .all(...(opts.before ? [...args, opts.before] : args), opts.limit) as SigninFailure[];
  return { entries: rows, total };
}
