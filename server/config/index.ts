import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  WHARF_DATA_DIR: z.string().default('./data'),
  DOCKER_HOST: z.string().optional(),
  WHARF_ADMIN_USER: z.string().optional(),
  WHARF_ADMIN_PASSWORD: z.string().optional(),
  /** Extra origins allowed to open sockets and send writes (comma separated), for reverse proxies. */
  WHARF_ALLOWED_ORIGINS: z.string().default(''),
  /** Mark the session cookie Secure (set when Wharf is served over https). */
  WHARF_SECURE_COOKIES: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** Skip adding the local engine on first start (tests use it to start from nothing). */
  WHARF_NO_DEFAULT_ENGINE: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** How many deleted-container records Wharf keeps (newest first). */
  WHARF_DELETED_RETENTION: z.coerce.number().int().min(0).max(1_000_000).default(5000),
  /** Engine events Wharf keeps in its own store: at most this many (the oldest go first)… */
  WHARF_EVENTS_MAX_ROWS: z.coerce.number().int().min(100).max(100_000_000).default(100_000),
  /** …and none older than this many days. */
  WHARF_EVENTS_MAX_DAYS: z.coerce.number().min(0.001).max(3650).default(14),
  /** Diagnostics only: SIGUSR2 writes memory figures (and a heap snapshot unless WHARF_HEAP_SNAPSHOT=0) here. */
  WHARF_HEAP_DIR: z.string().optional(),
  WHARF_HEAP_SNAPSHOT: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  /** Minutes between scheduled "update available" checks; overrides the setting saved in the UI. */
  WHARF_UPDATE_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(10080).optional(),
  /** Tests that drive update checks themselves turn the schedule off. */
  WHARF_NO_UPDATE_SCHEDULE: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** Audit entries (and failed sign-ins) older than this many days are removed; overrides the saved setting. */
  WHARF_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).max(36500).optional(),
  /** At most this many audit entries are kept (0: no bound); overrides the saved setting. */
  WHARF_AUDIT_MAX_ROWS: z.coerce.number().int().min(0).max(100_000_000).optional(),
  /** Reverse proxies (IPs, comma separated) whose X-Forwarded-For / X-Forwarded-Proto are believed. */
  WHARF_TRUSTED_PROXIES: z.string().default(''),
  /** Seconds a container's stats stream (and its 5-minute ring) is kept after its last viewer leaves. */
  WHARF_STATS_LINGER_SECONDS: z.coerce.number().min(0).max(3600).default(300),
  /** Seconds a terminal's shell outlives its socket (a reload or dropped connection re-attaches); 0: ends with it. */
  WHARF_TERMINAL_GRACE_S: z.coerce.number().min(0).max(86_400).default(60),
  NODE_ENV: z.string().default('development'),
});

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${msg}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.WHARF_DATA_DIR),
    dockerHost: e.DOCKER_HOST,
    adminUser: e.WHARF_ADMIN_USER,
    adminPassword: e.WHARF_ADMIN_PASSWORD,
    allowedOrigins: e.WHARF_ALLOWED_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    secureCookies: e.WHARF_SECURE_COOKIES,
    noDefaultEngine: e.WHARF_NO_DEFAULT_ENGINE,
    deletedRetention: e.WHARF_DELETED_RETENTION,
    eventsMaxRows: e.WHARF_EVENTS_MAX_ROWS,
    eventsMaxDays: e.WHARF_EVENTS_MAX_DAYS,
    heapDir: e.WHARF_HEAP_DIR ? path.resolve(e.WHARF_HEAP_DIR) : undefined,
    heapSnapshot: e.WHARF_HEAP_SNAPSHOT,
    updateIntervalMinutes: e.WHARF_UPDATE_INTERVAL_MINUTES,
    noUpdateSchedule: e.WHARF_NO_UPDATE_SCHEDULE,
    auditRetentionDays: e.WHARF_AUDIT_RETENTION_DAYS,
    auditMaxRows: e.WHARF_AUDIT_MAX_ROWS,
    terminalGraceS: e.WHARF_TERMINAL_GRACE_S,
    trustedProxies: e.WHARF_TRUSTED_PROXIES.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    statsLingerMs: e.WHARF_STATS_LINGER_SECONDS * 1000,
    dev: e.NODE_ENV !== 'production',
  };
}
