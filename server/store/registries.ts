import type { Db } from './db';

/** A registry Wharf knows, with its credentials (the password sealed by SecretBox). */
export interface RegistryRow {
  id: string;
  name: string;
  /** `host[:port]` as image references name it (`docker.io` for Docker Hub). */
  address: string;
  username: string | null;
  /** Sealed password or token, or null for an open registry. */
  secret: string | null;
  created_at: string;
  updated_at: string;
}

export const listRegistryRows = (db: Db): RegistryRow[] => db.prepare('SELECT * FROM registries ORDER BY name').all() as RegistryRow[];

export const findRegistryRow = (db: Db, id: string): RegistryRow | undefined =>
  db.prepare('SELECT * FROM registries WHERE id = ?').get(id) as RegistryRow | undefined;

export const findRegistryByAddress = (db: Db, address: string): RegistryRow | undefined =>
  db.prepare('SELECT * FROM registries WHERE address = ?').get(address) as RegistryRow | undefined;

export function insertRegistryRow(db: Db, row: Omit<RegistryRow, 'created_at' | 'updated_at'>): void {
  const now = new Date().toISOString();
  db.prepare('INSERT INTO registries (id, name, address, username, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    row.id,
    row.name,
    row.address,
    row.username,
    row.secret,
    now,
    now,
  );
}

export function updateRegistryRow(db: Db, row: Omit<RegistryRow, 'created_at' | 'updated_at'>): void {
  db.prepare('UPDATE registries SET name = ?, address = ?, username = ?, secret = ?, updated_at = ? WHERE id = ?').run(
    row.name,
    row.address,
    row.username,
    row.secret,
    new Date().toISOString(),
    row.id,
  );
}

export const deleteRegistryRow = (db: Db, id: string): boolean => db.prepare('DELETE FROM registries WHERE id = ?').run(id).changes > 0;
