import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { loginInputSchema, setupInputSchema, type AuthState, type SessionUser } from '../contracts/auth';
import { ConflictError, RateLimitedError, UnauthenticatedError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import { insertAudit } from '../store/audit';
import {
  countUsers,
  deleteExpiredSessions,
  deleteSession,
  extendSession,
  findSessionUser,
  findUserByName,
  insertUser,
  insertSession,
  type UserRow,
} from '../store/users';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;

export const SESSION_COOKIE = 'wharf_session';
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, 64, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return crypto.timingSafeEqual(actual, expected);
}

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const toSessionUser = (u: UserRow): SessionUser => ({ id: u.id, username: u.username, role: u.role });

export function isSetupRequired(rt: Runtime): boolean {
  return countUsers(rt.db) === 0;
}

/** First run: creates the admin. Refused once any user exists. */
export async function setupAdmin(rt: Runtime, input: unknown): Promise<SessionUser> {
  const parsed = setupInputSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const hash = await hashPassword(parsed.data.password);
  // Check and insert in one transaction so two racing first-run forms cannot both win.
  const user = rt.db.transaction(() => {
    if (countUsers(rt.db) > 0) throw new ConflictError('Wharf is already set up: sign in instead');
    return insertUser(rt.db, parsed.data.username, hash, 'admin');
  })();
  insertAudit(rt.db, { userId: user.id, username: user.username, action: 'auth.setup', target: `user:${user.username}`, result: 'ok' });
  return toSessionUser(user);
}

/** Unattended installs: WHARF_ADMIN_USER / WHARF_ADMIN_PASSWORD create the admin on first start. */
export async function ensureAdminFromEnv(rt: Runtime): Promise<void> {
  const { adminUser, adminPassword } = rt.config;
  if (!adminUser || !adminPassword || !isSetupRequired(rt)) return;
  await setupAdmin(rt, { username: adminUser, password: adminPassword });
}

export async function login(rt: Runtime, input: unknown, clientKey: string): Promise<{ user: SessionUser; token: string }> {
  const parsed = loginInputSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { username, password } = parsed.data;
  const key = `${clientKey}|${username.toLowerCase()}`;
  const wait = rt.loginLimiter.retryAfter(key);
  if (wait > 0) throw new RateLimitedError(wait);
  const row = findUserByName(rt.db, username);
  // Hash even for unknown users so response time does not reveal which names exist.
  const ok = row ? await verifyPassword(password, row.password_hash) : (await hashPassword(password), false);
  if (!row || !ok) {
    rt.loginLimiter.fail(key);
    insertAudit(rt.db, { userId: null, username: null, action: 'auth.login', target: `user:${username}`, result: 'error', detail: 'bad credentials' });
    throw new UnauthenticatedError('Wrong username or password');
  }
  rt.loginLimiter.reset(key);
  const token = crypto.randomBytes(32).toString('base64url');
  insertSession(rt.db, hashToken(token), row.id, Date.now() + SESSION_TTL_MS);
  deleteExpiredSessions(rt.db, Date.now());
  insertAudit(rt.db, { userId: row.id, username: row.username, action: 'auth.login', target: `user:${row.username}`, result: 'ok' });
  return { user: toSessionUser(row), token };
}

/** Creates a session directly (after first-run setup). */
export function createSession(rt: Runtime, user: SessionUser): string {
  const token = crypto.randomBytes(32).toString('base64url');
  insertSession(rt.db, hashToken(token), user.id, Date.now() + SESSION_TTL_MS);
  return token;
}

export function logout(rt: Runtime, token: string | undefined, user: SessionUser | null): void {
  if (token) deleteSession(rt.db, hashToken(token));
  if (user) insertAudit(rt.db, { userId: user.id, username: user.username, action: 'auth.logout', target: `user:${user.username}`, result: 'ok' });
}

/** Resolves a session cookie to its user, sliding the expiry forward once a day at most. */
export function userFromToken(rt: Runtime, token: string | undefined | null): SessionUser | null {
  if (!token || token.length > 200) return null;
  const th = hashToken(token);
  const now = Date.now();
  const row = findSessionUser(rt.db, th, now);
  if (!row) return null;
  const sessionRow = rt.db.prepare('SELECT expires_at FROM sessions WHERE token_hash = ?').get(th) as { expires_at: number } | undefined;
  if (sessionRow && sessionRow.expires_at - now < SESSION_TTL_MS - 24 * 3600 * 1000) extendSession(rt.db, th, now + SESSION_TTL_MS);
  return toSessionUser(row);
}

export function authState(rt: Runtime, user: SessionUser | null): AuthState {
  return { setupRequired: isSetupRequired(rt), user };
}

export function parseCookies(header: string | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k && !(k in out)) {
      try {
        out[k] = decodeURIComponent(v);
      } catch {
        out[k] = v;
      }
    }
  }
  return out;
}

export function sessionCookie(rt: Runtime, token: string): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.floor(SESSION_TTL_MS / 1000)}`];
  if (rt.config.secureCookies) parts.push('Secure');
  return parts.join('; ');
}

export function clearSessionCookie(rt: Runtime): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${rt.config.secureCookies ? '; Secure' : ''}`;
}
