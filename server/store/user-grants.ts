import type { HostGrants } from '../contracts/auth';
import type { Db } from './db';

/** A user's host grants: every host (NULL) or exactly these host ids. */
export function setHostGrants(db: Db, userId: number, hosts: HostGrants): void {
  db.prepare('UPDATE users SET host_grants = ? WHERE id = ?').run(hosts === 'all' ? null : JSON.stringify(hosts), userId);
}
