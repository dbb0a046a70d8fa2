import type { AuditEntry } from '../contracts/audit';
import type { Db } from './db';

export interface AuditRecord {
  userId: number | null;
  username: string | null;
  action: string;
  target: string | null;
  result: 'ok' | 'error';
  detail?: string | null;
}

export function insertAudit(db: Db, r: AuditRecord): void {
  db.prepare('INSERT INTO audit (at, user_id, username, action, target, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    new Date().toISOString(),
    r.userId,
    r.username,
    r.action,
    r.target,
    r.result,
    r.detail ?? null,
  );
}

export function listAudit(db: Db, opts: { limit: number; before?: number }): AuditEntry[] {
  const rows = opts.before
    ? db.prepare('SELECT * FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?').all(opts.before, opts.limit)
    : db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(opts.limit);
  return (rows as Array<AuditEntry & { user_id: number | null }>).map((r) => ({
    id: r.id,
    at: r.at,
    username: r.username,
    action: r.action,
    target: r.target,
    result: r.result,
    detail: r.detail,
  }));
}
