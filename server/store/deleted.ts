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

export function listDeleted(db: Db, hostId?: string, limit = 5000): DeletedContainer[] {
  const rows = (
    hostId
      ? db.prepare('SELECT data FROM deleted_containers WHERE host_id = ? ORDER BY deleted_at DESC LIMIT ?').all(hostId, limit)
      : db.prepare('SELECT data FROM deleted_containers ORDER BY deleted_at DESC LIMIT ?').all(limit)
  ) as Array<{ data: string }>;
  return rows.map((r) => parseJson<DeletedContainer>(r.data, 'deleted container record'));
}
