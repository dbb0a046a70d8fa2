import { z } from 'zod';
import type { SessionUser } from '../contracts/auth';
import type { AuditChange, AuditEntry, AuditFacets, AuditPage, AuditRetention, SigninFailurePage } from '../contracts/audit';
import { SECRET_ENV_KEY } from '../contracts/images';
import { maskInstruction } from '../engines/image-model';
import { isAppError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import {
  auditFacets,
  countAudit,
  getAudit,
  insertAudit,
  newestAuditId,
  pruneAudit,
  queryAudit,
  querySigninFailures,
  type AuditFilter,
} from '../store/audit';
import { getSetting, setSetting } from '../store/settings';
import { authorize } from './authorize';

export type Actor = SessionUser;

/** What an audit entry is about: its one-line text, and where known the host, kind, name and what changed. */
export interface AuditTarget {
  text: string | null;
  host?: { id: string; name: string };
  kind?: string;
  name?: string;
  changes?: AuditChange[];
}

/** A target on one host, written `<host>/<name>` as every host-scoped entry is. */
export function onHost(host: { id: string; name: string }, kind: string, name: string, changes?: AuditChange[]): AuditTarget {
  return { text: `${host.name}/${name}`, host: { id: host.id, name: host.name }, kind, name, changes };
}

/**
 * Older call sites name their target `<host name>/<thing>` as a string: the host is found by that
 * name, so every host-scoped entry can be filtered by host.
 */
function resolveTarget(rt: Runtime, target: string | null | AuditTarget): AuditTarget {
  if (target !== null && typeof target === 'object') return target;
  const slash = target?.indexOf('/') ?? -1;
  if (!target || slash <= 0 || target.slice(0, slash).includes(':')) return { text: target };
  const hostName = target.slice(0, slash).toLowerCase();
  const hub = rt.engines.list().find((h) => h.name.toLowerCase() === hostName);
  return hub ? { text: target, host: { id: hub.id, name: hub.name }, name: target.slice(slash + 1) } : { text: target };
}

/**
 * Writes one audit entry now (for what is not one call: a shell opened, a download started). The one
 * place entries are written: each is published to the live `audit` view, masked as the page reads it.
 */
export function recordAudit(
  rt: Runtime,
  actor: Actor | null,
  action: string,
  target: string | null | AuditTarget,
  result: 'ok' | 'error',
  detail?: string | null,
): void {
  const t = resolveTarget(rt, target);
  const id = insertAudit(rt.db, {
    userId: actor?.id ?? null,
    username: actor?.username ?? null,
    token: actor?.token ? { id: String(actor.token.id), name: actor.token.name ?? null } : null,
    action,
    target: t.text,
    result,
    detail: detail ?? null,
    hostId: t.host?.id ?? null,
    hostName: t.host?.name ?? null,
    targetKind: t.kind ?? null,
    targetName: t.name ?? null,
    changes: t.changes ?? null,
  });
  rt.live?.auditRecorded(() => {
    const entry = getAudit(rt.db, id);
    return entry && scrubEntry(entry);
  });
}

/** Runs a change and records who did what to which target, and whether it worked. */
export async function audited<T>(
  rt: Runtime,
  actor: Actor | null,
  action: string,
  target: string | null | AuditTarget,
  fn: () => Promise<T> | T,
  detail?: (result: T) => string | null,
): Promise<T> {
  let result: T;
  try {
    result = await fn();
  } catch (err) {
    recordAudit(rt, actor, action, target, 'error', isAppError(err) ? err.message : err instanceof Error ? err.message : String(err));
    throw err;
  }
  recordAudit(rt, actor, action, target, 'ok', detail ? detail(result) : null);
  return result;
}

// Secrets, and certificates (long PEMs that say nothing in a log): only whether they changed is kept.
const SECRET_FIELD = /pass(word|phrase)?|secret|token|private|(^|[^a-z])key($|[^a-z])|^(ca|cert)$|credential/i;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A list of `KEY=value` lines or `{key, value}` pairs (environments, labels) as a map; null for other values. */
function pairMap(v: unknown): Map<string, string> | null {
  if (!Array.isArray(v)) return null;
  const out = new Map<string, string>();
  for (const x of v) {
    if (typeof x === 'string') {
      const i = x.indexOf('=');
      out.set(i < 0 ? x : x.slice(0, i), i < 0 ? '' : x.slice(i + 1));
    } else if (x && typeof x === 'object' && 'key' in x && typeof x.key === 'string') {
      out.set(x.key, String((x as { value?: unknown }).value ?? ''));
    } else return null;
  }
  return out;
}

/**
 * The fields that differ between two versions of a thing, secrets masked: an environment is compared
 * per variable and its values are never kept (they often hold passwords), nor are fields that look
 * like secrets (`password`, `tlsKey`, `token`, …) — for those the entry only says that they changed.
 */
export function diffChanges(before: Record<string, unknown>, after: Record<string, unknown>, prefix = ''): AuditChange[] {
  const out: AuditChange[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const a = before[key];
    const b = after[key];
    if (same(a, b)) continue;
    const field = prefix + key;
    const ea = pairMap(a ?? []);
    const eb = pairMap(b ?? []);
    if (ea && eb && (ea.size > 0 || eb.size > 0)) {
      const env = /^env$/i.test(key);
      for (const name of [...new Set([...ea.keys(), ...eb.keys()])].sort()) {
        if (ea.get(name) === eb.get(name)) continue;
        const [x, y] = [ea.get(name) ?? null, eb.get(name) ?? null];
        // Every env value is a secret (as on the Overview); in other lists (labels, log options) secret-looking names are.
        out.push(
          env || SECRET_ENV_KEY.test(name)
            ? { field: `${field}.${name}`, before: x === null ? null : '***', after: y === null ? null : '***', masked: true }
            : { field: `${field}.${name}`, before: scrub(x), after: scrub(y) },
        );
      }
    } else if (SECRET_FIELD.test(key)) {
      out.push({
        field,
        before: a === undefined || a === null || a === '' ? null : '***',
        after: b === undefined || b === null || b === '' ? null : '***',
        masked: true,
      });
    } else if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      out.push(...diffChanges(a as Record<string, unknown>, b as Record<string, unknown>, `${field}.`));
    } else {
      out.push({ field, before: scrub(a ?? null), after: scrub(b ?? null) });
    }
  }
  return out;
}

/** A value with secret-looking `KEY=value` assignments in its strings masked (commands, entrypoints, free text). */
function scrub(v: unknown): unknown {
  if (typeof v === 'string') return maskInstruction(v);
  if (Array.isArray(v)) return v.map(scrub);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x)]));
  return v;
}

/**
 * An entry as it is read (the page, exports): whatever an older version of Wharf stored is masked by
 * today's rules too: env values, secret-looking assignments in changes and in the detail.
 */
function scrubEntry(e: AuditEntry): AuditEntry {
  return {
    ...e,
    detail: e.detail === null ? null : maskInstruction(e.detail),
    changes:
      e.changes?.map((c) =>
        c.masked
          ? c
          : /(^|\.)env\./i.test(c.field) || SECRET_FIELD.test(c.field.slice(c.field.lastIndexOf('.') + 1))
            ? { field: c.field, before: c.before === null ? null : '***', after: c.after === null ? null : '***', masked: true }
            : { ...c, before: scrub(c.before), after: scrub(c.after) },
      ) ?? e.changes,
  };
}

const isoTime = z
  .string()
  .trim()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Not a valid time')
  .transform((s) => new Date(s).toISOString());

export const auditQuerySchema = z.object({
  user: z.string().trim().max(64).optional(),
  host: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  result: z.enum(['ok', 'error']).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.coerce.number().int().min(1).optional(),
  /** The old name of `cursor`. */
  before: z.coerce.number().int().min(1).optional(),
});

/** The filters of a query string (empty values are no filter). */
export function parseAuditQuery(params: URLSearchParams): z.infer<typeof auditQuerySchema> {
  const raw = Object.fromEntries([...params].filter(([, v]) => v !== ''));
  const parsed = auditQuerySchema.safeParse(raw);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  return parsed.data;
}

const filterOf = (q: AuditFilter): AuditFilter => ({
  user: q.user,
  host: q.host,
  action: q.action,
  result: q.result,
  from: q.from,
  to: q.to,
  q: q.q,
});

export function listAuditEntries(rt: Runtime, actor: Actor | null, query: z.infer<typeof auditQuerySchema>): AuditPage {
  authorize(actor, 'audit.read');
  const limit = query.limit ?? 100;
  const filter = filterOf(query);
  const entries = queryAudit(rt.db, filter, { limit, before: query.cursor ?? query.before }).map(scrubEntry);
  return {
    entries,
    total: countAudit(rt.db, filter),
    nextCursor: entries.length < limit ? null : (entries[entries.length - 1]?.id ?? null),
    // Read in the same tick as the page (one connection, synchronous): nothing is written between them.
    newest: newestAuditId(rt.db),
  };
}

export function listSigninFailures(rt: Runtime, actor: Actor | null, query: z.infer<typeof auditQuerySchema>): SigninFailurePage {
  authorize(actor, 'audit.read');
  const limit = query.limit ?? 100;
  const { entries, total } = querySigninFailures(
    rt.db,
    { user: query.user, from: query.from, to: query.to },
    { limit, before: query.cursor ?? query.before },
  );
  return { entries, total, nextCursor: entries.length < limit ? null : (entries[entries.length - 1]?.id ?? null) };
}

export function listAuditFacets(rt: Runtime, actor: Actor | null): AuditFacets {
  authorize(actor, 'audit.read');
  return auditFacets(rt.db);
}

const EXPORT_BATCH = 500;
const CSV_COLUMNS = ['id', 'at', 'actor', 'user', 'token', 'action', 'host', 'target', 'result', 'detail', 'changes'] as const;

/** A CSV cell: quoted when needed, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula. */
function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvRow(e: AuditEntry): string {
  const changes = e.changes?.map((c) => `${c.field}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`).join('; ') ?? '';
  return [e.id, e.at, e.actorKind, e.username, e.tokenName ?? e.tokenId, e.action, e.hostName, e.target, e.result, e.detail, changes]
    .map(csvCell)
    .join(',');
}

/**
 * Every matching entry as CSV or JSON, produced a batch at a time as the client reads, so an export
 * of the whole log never sits in memory. Each batch is its own query from an id cursor: an open
 * SQLite iterator would hold the connection and refuse every other query until the download ends.
 */
export function exportAudit(
  rt: Runtime,
  actor: Actor | null,
  format: 'csv' | 'json',
  query: z.infer<typeof auditQuerySchema>,
): ReadableStream<Uint8Array> {
  authorize(actor, 'audit.read');
  const filter = filterOf(query);
  const enc = new TextEncoder();
  let cursor: number | undefined;
  let started = false;
  let any = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = started ? '' : format === 'csv' ? `${CSV_COLUMNS.join(',')}\r\n` : '[';
      started = true;
      const batch = queryAudit(rt.db, filter, { limit: EXPORT_BATCH, before: cursor });
      for (const entry of batch) {
        const e = scrubEntry(entry);
        chunk += format === 'csv' ? `${csvRow(e)}\r\n` : `${any ? ',\n' : '\n'}${JSON.stringify(e)}`;
        any = true;
      }
      cursor = batch[batch.length - 1]?.id;
      const done = batch.length < EXPORT_BATCH;
      if (done && format === 'json') chunk += any ? '\n]\n' : ']';
      controller.enqueue(enc.encode(chunk));
      if (done) controller.close();
    },
  });
}

const RETENTION_KEY = 'audit.retention';

export function auditRetention(rt: Runtime): AuditRetention {
  const { auditRetentionDays, auditMaxRows } = rt.config;
  if (auditRetentionDays !== undefined || auditMaxRows !== undefined)
    return { days: auditRetentionDays ?? 90, maxRows: auditMaxRows ?? 0, fromEnv: true };
  const saved = getSetting(rt.db, RETENTION_KEY);
  const parsed = saved ? retentionSchema.safeParse(JSON.parse(saved)) : null;
  return { days: parsed?.success ? parsed.data.days : 90, maxRows: parsed?.success ? parsed.data.maxRows : 0, fromEnv: false };
}

const retentionSchema = z.object({
  days: z.coerce.number().int('Whole days').min(0).max(36500),
  maxRows: z.coerce.number().int('A whole number').min(0).max(100_000_000),
});

export function getAuditRetention(rt: Runtime, actor: Actor | null): AuditRetention {
  authorize(actor, 'audit.read');
  return auditRetention(rt);
}

/** Saves how long the audit log keeps entries and prunes at once by it. */
export async function setAuditRetention(rt: Runtime, actor: Actor | null, input: unknown): Promise<AuditRetention> {
  authorize(actor, 'settings.manage');
  const parsed = retentionSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const before = auditRetention(rt);
  const next = parsed.data;
  await audited(
    rt,
    actor,
    'audit.retention',
    {
      text: 'audit log',
      kind: 'setting',
      name: 'audit.retention',
      changes: diffChanges({ days: before.days, maxRows: before.maxRows }, next),
    },
    () => setSetting(rt.db, RETENTION_KEY, JSON.stringify(next)),
    () => (before.fromEnv ? 'saved; the environment still decides while WHARF_AUDIT_RETENTION_DAYS / WHARF_AUDIT_MAX_ROWS are set' : null),
  );
  pruneAuditNow(rt);
  return auditRetention(rt);
}

/** Applies the retention now; returns how many entries went. */
export function pruneAuditNow(rt: Runtime, now = Date.now()): number {
  const { days, maxRows } = auditRetention(rt);
  return pruneAudit(rt.db, days > 0 ? new Date(now - days * 86_400_000).toISOString() : null, maxRows);
}

const PRUNE_EVERY_MS = 3_600_000;

/** Prunes on start and then hourly; the timer does not keep the process alive. */
export function startAuditRetention(rt: Runtime): () => void {
  const run = () => {
    try {
      pruneAuditNow(rt);
    } catch (err) {
      console.error('[wharf] audit prune failed', err);
    }
  };
  run();
  const timer = setInterval(run, PRUNE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
