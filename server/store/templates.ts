import type { Db } from './db';

/** An imported template file, kept as it was read (parsed again on each list: cheap, and one format). */
export interface TemplateSourceRow {
  id: string;
  name: string;
  url: string | null;
  version: string;
  body: string;
  imported_at: string;
  imported_by: string | null;
}

export const listTemplateSources = (db: Db): TemplateSourceRow[] =>
  db.prepare('SELECT * FROM template_sources ORDER BY imported_at').all() as TemplateSourceRow[];

export const findTemplateSource = (db: Db, id: string): TemplateSourceRow | undefined =>
  db.prepare('SELECT * FROM template_sources WHERE id = ?').get(id) as TemplateSourceRow | undefined;

export function insertTemplateSource(db: Db, row: TemplateSourceRow): void {
  db.prepare('INSERT INTO template_sources (id, name, url, version, body, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    row.id,
    row.name,
    row.url,
    row.version,
    row.body,
    row.imported_at,
    row.imported_by,
  );
}

export const deleteTemplateSource = (db: Db, id: string): void => void db.prepare('DELETE FROM template_sources WHERE id = ?').run(id);
