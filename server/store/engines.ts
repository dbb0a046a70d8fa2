import type { EngineKind } from '../contracts/engines';
import type { Db } from './db';

export interface EngineRow {
  id: string;
  name: string;
  kind: EngineKind;
  /** JSON of the non-secret connection settings. */
  config: string;
  /** Sealed JSON of the secret ones (keys, passphrases), or null. */
  secrets: string | null;
  position: number;
  /** JSON of the last facts seen from the engine, shown while it is offline. */
  last_known: string | null;
  created_at: string;
  updated_at: string;
}

export const listEngineRows = (db: Db): EngineRow[] =>
  db.prepare('SELECT * FROM engines ORDER BY position, created_at').all() as EngineRow[];

export const findEngineRow = (db: Db, id: string): EngineRow | undefined =>
  db.prepare('SELECT * FROM engines WHERE id = ?').get(id) as EngineRow | undefined;

export const findEngineRowByName = (db: Db, name: string): EngineRow | undefined =>
  db.prepare('SELECT * FROM engines WHERE name = ?').get(name) as EngineRow | undefined;

export function insertEngineRow(db: Db, row: Omit<EngineRow, 'position' | 'created_at' | 'updated_at' | 'last_known'>): void {
  const now = new Date().toISOString();
  const pos = (db.prepare('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM engines').get() as { p: number }).p;
  db.prepare('INSERT INTO engines (id, name, kind, config, secrets, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    row.id,
    row.name,
    row.kind,
    row.config,
    row.secrets,
    pos,
    now,
    now,
  );
}

export function updateEngineRow(db: Db, row: Pick<EngineRow, 'id' | 'name' | 'kind' | 'config' | 'secrets'>): void {
  db.prepare('UPDATE engines SET name = ?, kind = ?, config = ?, secrets = ?, updated_at = ? WHERE id = ?').run(
    row.name,
    row.kind,
    row.config,
    row.secrets,
    new Date().toISOString(),
    row.id,
  );
}

export function deleteEngineRow(db: Db, id: string): void {
  db.prepare('DELETE FROM engines WHERE id = ?').run(id);
}

export function saveLastKnown(db: Db, id: string, json: string): void {
  db.prepare('UPDATE engines SET last_known = ? WHERE id = ?').run(json, id);
}
