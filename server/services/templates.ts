import crypto from 'node:crypto';
import {
  templateIdSchema,
  templateImportSchema,
  templateSourceIdSchema,
  type AppTemplate,
  type TemplateSource,
} from '../contracts/templates';
import { NotFoundError, ValidationError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import { deleteTemplateSource, findTemplateSource, insertTemplateSource, listTemplateSources } from '../store/templates';
import { DEFAULT_CATALOG } from '../templates/default-catalog';
import { parsePortainerTemplates } from '../templates/portainer';
import { audited, type Actor } from './audit';
import { authorize } from './authorize';

// App templates: the built-in catalog plus Portainer v2/v3 files imported from an upload or a URL
// (fetched by the server; the file is stored as read, so a source that moves later changes nothing).

const BUILTIN = {
  id: 'builtin',
  name: 'Wharf defaults',
  url: null,
  body: JSON.stringify(DEFAULT_CATALOG),
  imported_at: '',
  imported_by: null,
};
const FETCH_TIMEOUT_MS = 10_000;
const MAX_BYTES = 5 * 1024 * 1024;

function sources(rt: Runtime) {
  return [{ ...BUILTIN, version: DEFAULT_CATALOG.version }, ...listTemplateSources(rt.db)];
}

function templatesOf(src: { id: string; name: string; body: string }): AppTemplate[] {
  return parsePortainerTemplates(src.body).templates.map((t, i) => ({
    ...t,
    id: `${src.id}-${i}`,
    sourceId: src.id,
    sourceName: src.name,
  }));
}

export function listTemplates(rt: Runtime, actor: Actor | null): { templates: AppTemplate[]; sources: TemplateSource[] } {
  authorize(actor, 'containers.read');
  const all = sources(rt).map((s) => ({ s, templates: templatesOf(s) }));
  return {
    templates: all.flatMap((x) => x.templates),
    sources: all.map(({ s, templates }) => ({
      id: s.id,
      name: s.name,
      url: s.url,
      version: s.version,
      templates: templates.length,
      importedAt: s.imported_at,
      importedBy: s.imported_by,
      builtin: s.id === 'builtin',
    })),
  };
}

export function getTemplate(rt: Runtime, actor: Actor | null, id: unknown): AppTemplate {
  authorize(actor, 'containers.read');
  const valid = templateIdSchema.safeParse(id);
  if (!valid.success) throw validationFromZod(valid.error.issues);
  const sourceId = valid.data.slice(0, valid.data.lastIndexOf('-'));
  const src = sourceId === 'builtin' ? BUILTIN : findTemplateSource(rt.db, sourceId);
  const t = src && templatesOf(src).find((x) => x.id === valid.data);
  if (!t) throw new NotFoundError('No such template (its file may have been removed)');
  return t;
}

/** Reads a template file from a URL, in words when there is no route (these machines are often offline). */
async function fetchTemplates(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why =
      (err as Error).name === 'TimeoutError'
        ? `no answer in ${FETCH_TIMEOUT_MS / 1000} s`
        : cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN'
          ? `${new URL(url).hostname} does not resolve from this server`
          : (cause?.message ?? (err as Error).message);
    throw new ValidationError(`Could not fetch ${url}: ${why}. This server may have no route to it: upload the file instead.`, {
      url: why,
    });
  }
  if (!res.ok) throw new ValidationError(`${url} answered ${res.status} ${res.statusText}`.trim(), { url: `HTTP ${res.status}` });
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_BYTES) throw new ValidationError('A template file is at most 5 MB', { url: 'Too large' });
  const body = await res.text();
  if (body.length > MAX_BYTES) throw new ValidationError('A template file is at most 5 MB', { url: 'Too large' });
  return body;
}

export async function importTemplates(
  rt: Runtime,
  actor: Actor | null,
  input: unknown,
): Promise<{ source: TemplateSource; skipped: string[] }> {
  authorize(actor, 'images.manage');
  const r = templateImportSchema.safeParse(input);
  if (!r.success) throw validationFromZod(r.error.issues);
  const v = r.data;
  const name = v.name || (v.url ? new URL(v.url).hostname + new URL(v.url).pathname : 'Uploaded templates');
  return audited(
    rt,
    actor,
    'templates.import',
    `templates:${name}`,
    async () => {
      const body = v.url ? await fetchTemplates(v.url) : v.content!;
      const parsed = parsePortainerTemplates(body);
      if (!parsed.templates.length)
        throw new ValidationError(`No template in this file could be read${parsed.skipped.length ? `: ${parsed.skipped[0]}` : ''}`);
      const row = {
        id: crypto.randomBytes(6).toString('hex'),
        name: name.slice(0, 100),
        url: v.url ?? null,
        version: parsed.version,
        body,
        imported_at: new Date().toISOString(),
        imported_by: actor?.username ?? null,
      };
      insertTemplateSource(rt.db, row);
      return {
        source: {
          id: row.id,
          name: row.name,
          url: row.url,
          version: row.version,
          templates: parsed.templates.length,
          importedAt: row.imported_at,
          importedBy: row.imported_by,
          builtin: false,
        },
        skipped: parsed.skipped,
      };
    },
    (x) => `${x.source.templates} templates (v${x.source.version})${x.skipped.length ? `, ${x.skipped.length} left out` : ''}`,
  );
}

export async function removeTemplateSource(rt: Runtime, actor: Actor | null, id: unknown): Promise<void> {
  authorize(actor, 'images.manage');
  const valid = templateSourceIdSchema.safeParse(id);
  if (!valid.success) throw validationFromZod(valid.error.issues);
  const row = findTemplateSource(rt.db, valid.data);
  if (!row) throw new NotFoundError('No such template file');
  await audited(rt, actor, 'templates.remove', `templates:${row.name}`, () => deleteTemplateSource(rt.db, row.id));
}
