import type { DeletedContainer } from '../contracts/containers';
import { parseJson, toJson } from '../json';
import type { Db } from './db';

export function insertDeleted(db: Db, rec: DeletedContainer, keep: number): void {
  db.transaction(() => {
    db.prepare(
      `INSERT OR REPLACE INTO deleted_containers (host_id, container_id, name, image, data, deleted_at, deleted_by)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(rec.hostId, rec.id, rec.name, rec.image, toJson(rec), rec.deletedAt, rec.deletedBy);
    // Retention: keep the newest `keep` records.
    db.prepare(
      `DELETE FROM deleted_containers WHERE rowid NOT IN
         (SELECT rowid FROM deleted_containers ORDER BY deleted_at DESC LIMIT ?)`,
    ).run(keep);
  })();
}

export interface DeletedFilter {
  /** The hosts the reader may see ('all', or a list, possibly empty). */
  hosts: 'all' | readonly string[];
  hostId?: string;
  /** Part of the name, id, image or remover, any case. */
  q?: string;
  image?: string;
  /** A username; null: removed outside Wharf. */
  by?: string | null;
  /** A full id, an id prefix or a name. */
  id?: string;
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function where(f: DeletedFilter): { sql: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  if (f.hosts !== 'all') {
    parts.push(`host_id IN (SELECT value FROM json_each(?))`);
    args.push(JSON.stringify(f.hosts));
  }
  if (f.hostId !== undefined) {
    parts.push('host_id = ?');
    args.push(f.hostId);
  }
  if (f.q) {
    parts.push(`(name LIKE ? ESCAPE '\\' OR image LIKE ? ESCAPE '\\' OR deleted_by LIKE ? ESCAPE '\\' OR container_id LIKE ? ESCAPE '\\')`);
    const l = like(f.q);
    args.push(l, l, l, `${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (f.image) {
    parts.push(`image LIKE ? ESCAPE '\\'`);
    args.push(like(f.image));
  }
  if (f.by === null) parts.push('deleted_by IS NULL');
  else if (f.by !== undefined) {
    parts.push('deleted_by = ?');
    args.push(f.by);
  }
  if (f.id) {
    parts.push(`(container_id = ? OR container_id LIKE ? ESCAPE '\\' OR name = ?)`);
    args.push(f.id, `${f.id.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, f.id);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

/** One page of the records a filter matches, newest first, and how many it matches in all. */
export function pageDeleted(db: Db, f: DeletedFilter, offset: number, limit: number): { records: DeletedContainer[]; total: number } {
  const w = where(f);
  const rows = db
    .prepare(`SELECT data FROM deleted_containers ${w.sql} ORDER BY deleted_at DESC, rowid DESC LIMIT ? OFFSET ?`)
    .all(...w.args, limit, offset) as Array<{ data: string }>;
  const { n } = db.prepare(`SELECT COUNT(*) AS n FROM deleted_containers ${w.sql}`).get(...w.args) as { n: number };
  return { records: rows.map((r) => parseJson<DeletedContainer>(r.data, 'deleted container record')), total: n };
}

/** The usernames that removed containers on the hosts given, by name. */
export function deletedRemovers(db: Db, hosts: 'all' | readonly string[]): string[] {
  const w = where({ hosts });
  const rows = db
    .prepare(
      `SELECT DISTINCT deleted_by AS by FROM deleted_containers ${w.sql}${w.sql ? ' AND' : ' WHERE'} deleted_by IS NOT NULL ORDER BY by`,
    )
    .all(...w.args) as Array<{ by: string }>;
  return rows.map((r) => r.by);
}

/** The newest records of every host, or one host's (no access filter: for the server's own checks). */
export function listDeleted(db: Db, hostId?: string, limit = 5000): DeletedContainer[] {
  return pageDeleted(db, { hosts: 'all', hostId }, 0, limit).records;
}
