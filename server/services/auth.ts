import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { loginInputSchema, setupInputSchema, type AuthState, type HostGrants, type SessionUser } from '../contracts/auth';
import { ConflictError, isAppError, UnauthenticatedError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import { WorkLimiter } from './rate-limit';
import { insertSigninFailure } from '../store/audit';
import { recordAudit } from './audit';
import {
  countUsers,
  deleteExpiredSessions,
  deleteSession,
  findSession,
  findUserByName,
  insertUser,
  insertSession,
  setLastLogin,
  touchSession,
  type UserRow,
} from '../store/users';

const rawScrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;

// One bound for the whole process: the custom server and Next's bundle may hold separate copies of this module.
const HASHING = Symbol.for('wharf.passwordHashing');
type WithHashing = typeof globalThis & { [HASHING]?: WorkLimiter };

/** The shared bound on scrypt work: 2 at once, 64 waiting, beyond that refused at once (503). */
export function passwordHashing(): WorkLimiter {
  const g = globalThis as WithHashing;
  g[HASHING] ??= new WorkLimiter(2, 64, 'Wharf is busy checking other sign-ins. Try again in a moment.');
  return g[HASHING];
}

/** Every scrypt goes through the bound, so a burst of sign-ins cannot take every core and the memory they need. */
const scrypt = (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions): Promise<Buffer> =>
  passwordHashing().run(() => rawScrypt(pw, salt, len, opts));

export const SESSION_COOKIE = 'wharf_session';
const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
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

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
export const hostGrantsOf = (u: Pick<UserRow, 'host_grants'>): HostGrants =>
  u.host_grants === null ? 'all' : (JSON.parse(u.host_grants) as string[]);
export const toSessionUser = (u: UserRow): SessionUser => ({
  id: u.id,
  username: u.username,
  role: u.role,
  hosts: hostGrantsOf(u),
  ...(u.must_change_password ? { mustChangePassword: true } : {}),
});

/** How a session names its browser in the sessions list: the user agent, shortened, and the address. */
export function clientLabel(userAgent: string | null | undefined, ip: string): string {
  const ua = [...(userAgent ?? '')]
    .filter((c) => c >= ' ')
    .join('')
    .slice(0, 160);
  return ua ? `${ua} · ${ip}` : ip;
}

export function isSetupRequired(rt: Runtime): boolean {
  return countUsers(rt.db) === 0;
}

const alreadySetUp = () => new ConflictError('Wharf is already set up: sign in instead');

/** Throws CONFLICT once an admin exists: a cheap check to make before any expensive setup work. */
export function assertSetupOpen(rt: Runtime): void {
  if (!isSetupRequired(rt)) throw alreadySetUp();
}

/** First run: creates the admin. Refused once any user exists. */
export async function setupAdmin(rt: Runtime, input: unknown): Promise<SessionUser> {
  // Cheap refusal first: once set up, no input is worth an scrypt.
  assertSetupOpen(rt);
  const parsed = setupInputSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const hash = await hashPassword(parsed.data.password);
  // Check and insert in one transaction so two racing first-run forms cannot both win.
  const user = rt.db.transaction(() => {
    if (countUsers(rt.db) > 0) throw alreadySetUp();
    return insertUser(rt.db, parsed.data.username, hash, 'admin');
  })();
  const admin = toSessionUser(user);
  recordAudit(rt, admin, 'auth.setup', `user:${user.username}`, 'ok');
  return admin;
}

/** Unattended installs: WHARF_ADMIN_USER / WHARF_ADMIN_PASSWORD create the admin on first start. */
export async function ensureAdminFromEnv(rt: Runtime): Promise<void> {
  const { adminUser, adminPassword } = rt.config;
  if (!adminUser || !adminPassword || !isSetupRequired(rt)) return;
  await setupAdmin(rt, { username: adminUser, password: adminPassword });
}

export async function login(
  rt: Runtime,
  input: unknown,
  clientIp: string,
  client: string | null = null,
): Promise<{ user: SessionUser; token: string }> {
  const parsed = loginInputSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { username, password } = parsed.data;
  // Counted before the password is checked, so parallel guesses cannot all get past the limit.
  const attempt = rt.loginLimiter.begin(clientIp, username);
  let row: UserRow | undefined;
  let ok: boolean;
  try {
    row = findUserByName(rt.db, username);
    // Hash even for unknown users so response time does not reveal which names exist.
    ok = row ? await verifyPassword(password, row.password_hash) : (await hashPassword(password), false);
  } catch (err) {
    // Refused for load, no password was checked: that does not use up the client's attempts.
    // (Checked by code: the limiter may come from the other copy of this module, see passwordHashing.)
    if (isAppError(err) && err.code === 'RATE_LIMITED') attempt.cancelled();
    throw err;
  }
  if (!row || !ok || row.disabled_at) {
    // Kept apart from the activity of signed-in users (the audit page's "Sign-in failures" tab).
    insertSigninFailure(rt.db, {
      username,
      clientIp,
      reason: !row ? 'unknown user' : !ok ? 'wrong password' : 'user disabled',
    });
    throw new UnauthenticatedError('Wrong username or password');
  }
  attempt.succeeded();
  const token = crypto.randomBytes(32).toString('base64url');
  insertSession(rt.db, hashToken(token), row.id, Date.now() + SESSION_TTL_MS, client);
  setLastLogin(rt.db, row.id);
  deleteExpiredSessions(rt.db, Date.now());
  const user = toSessionUser(row);
  recordAudit(rt, user, 'auth.login', `user:${row.username}`, 'ok');
  return { user, token };
}

/** Creates a session directly (after first-run setup). */
export function createSession(rt: Runtime, user: Pick<SessionUser, 'id'>, client: string | null = null): string {
  const token = crypto.randomBytes(32).toString('base64url');
  insertSession(rt.db, hashToken(token), user.id, Date.now() + SESSION_TTL_MS, client);
  setLastLogin(rt.db, user.id);
  return token;
}

export function logout(rt: Runtime, token: string | undefined, user: SessionUser | null): void {
  if (token) deleteSession(rt.db, hashToken(token));
  if (user) recordAudit(rt, user, 'auth.logout', `user:${user.username}`, 'ok');
}

/** How often "last seen" is written: once a minute at most, not on every request. */
const SEEN_EVERY_MS = 60_000;

/** Resolves a session cookie to its user and the session's public id, sliding the expiry forward once a day at most. */
export function resolveSession(rt: Runtime, token: string | undefined | null): { user: SessionUser; sessionId: string } | null {
  if (!token || token.length > 200) return null;
  const now = Date.now();
  const found = findSession(rt.db, hashToken(token), now);
  if (!found) return null;
  const { session } = found;
  const extend = session.expires_at - now < SESSION_TTL_MS - 24 * 3600 * 1000;
  if (extend || now - (session.last_seen_at ?? 0) > SEEN_EVERY_MS)
    touchSession(rt.db, session.id, now, extend ? now + SESSION_TTL_MS : undefined);
  return { user: toSessionUser(found.user), sessionId: session.id };
}

/** Resolves a session cookie to its user. */
export function userFromToken(rt: Runtime, token: string | undefined | null): SessionUser | null {
  return resolveSession(rt, token)?.user ?? null;
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

/** `Secure` when configured (WHARF_SECURE_COOKIES) or when this request came over https. */
export function sessionCookie(rt: Runtime, token: string, https = false): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.floor(SESSION_TTL_MS / 1000)}`];
  if (rt.config.secureCookies || https) parts.push('Secure');
  return parts.join('; ');
}

export function clearSessionCookie(rt: Runtime, https = false): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${rt.config.secureCookies || https ? '; Secure' : ''}`;
}
