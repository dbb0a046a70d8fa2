import crypto from 'node:crypto';
import type { HostGrants, SessionUser } from '../contracts/auth';
import { createTokenInputSchema, type ApiTokenSummary, type CreatedApiToken } from '../contracts/users';
import { NotFoundError, UnauthenticatedError, ValidationError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import { findApiToken, insertApiToken, listApiTokenRows, revokeApiTokenRow, touchApiToken, type ApiTokenRow } from '../store/api-tokens';
import { listEngineRows } from '../store/engines';
import { audited } from './audit';
import { hashToken, hostGrantsOf } from './auth';
import { requireAccountActor } from './account-actor';
import { rowId } from './row-ids';

export const TOKEN_PREFIX = 'wharf_';
const DAY_MS = 24 * 3600 * 1000;
/** How often "last used" is written: a script calling in a loop does not write on every request. */
const USED_EVERY_MS = 30_000;

const toSummary = (t: ApiTokenRow, now = Date.now()): ApiTokenSummary => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  readOnly: t.read_only === 1,
  hosts: t.hosts === null ? null : (JSON.parse(t.hosts) as string[]),
  createdAt: t.created_at,
  expiresAt: t.expires_at === null ? null : new Date(t.expires_at).toISOString(),
  lastUsedAt: t.last_used_at,
  expired: t.expires_at !== null && t.expires_at <= now,
});

/** `Authorization: Bearer <token>` → the token; undefined without a bearer header. */
export function bearerToken(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : '';
}

/** The hosts a token may reach: its user's grants (every host for an admin), narrowed to the token's subset. */
function tokenHosts(user: SessionUser, subset: string[] | null): HostGrants {
  const base: HostGrants = user.role === 'admin' ? 'all' : user.hosts;
  if (subset === null) return base;
  return base === 'all' ? subset : subset.filter((h) => base.includes(h));
}

/** Resolves a bearer token to the actor it stands for; refusals say why (401). */
export function userFromApiToken(rt: Runtime, secret: string): SessionUser {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) throw new UnauthenticatedError('This API token is not valid');
  const found = findApiToken(rt.db, hashToken(secret));
  if (!found) throw new UnauthenticatedError('This API token is not valid');
  const { token, user } = found;
  if (token.revoked_at) throw new UnauthenticatedError('This API token was revoked');
  const now = Date.now();
  if (token.expires_at !== null && token.expires_at <= now) throw new UnauthenticatedError('This API token has expired');
  if (user.disabled_at) throw new UnauthenticatedError('The user of this API token is disabled');
  if (!token.last_used_at || now - Date.parse(token.last_used_at) > USED_EVERY_MS)
    touchApiToken(rt.db, token.id, new Date(now).toISOString());
  const owner: SessionUser = { id: user.id, username: user.username, role: user.role, hosts: hostGrantsOf(user) };
  const subset = token.hosts === null ? null : (JSON.parse(token.hosts) as string[]);
  return { ...owner, hosts: tokenHosts(owner, subset), token: { id: token.id, readOnly: token.read_only === 1 } };
}

export function listOwnTokens(rt: Runtime, actor: SessionUser | null): ApiTokenSummary[] {
  const me = requireAccountActor(actor);
  const now = Date.now();
  return listApiTokenRows(rt.db, me.id).map((t) => toSummary(t, now));
}

export async function createToken(rt: Runtime, actor: SessionUser | null, input: unknown): Promise<CreatedApiToken> {
  const me = requireAccountActor(actor);
  const parsed = createTokenInputSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { name, expiresInDays, readOnly, hosts } = parsed.data;
  return audited(
    rt,
    me,
    'token.create',
    `token:${name}`,
    () => {
      let subset: string[] | null = null;
      if (hosts !== null) {
        subset = [...new Set(hosts)];
        const known = new Set(listEngineRows(rt.db).map((e) => e.id));
        const mine = me.role === 'admin' ? 'all' : me.hosts;
        const outside = subset.filter((h) => !known.has(h) || (mine !== 'all' && !mine.includes(h)));
        if (outside.length) throw new ValidationError('A token can only be limited to hosts you have access to', { hosts: 'Unknown host' });
      }
      const secret = TOKEN_PREFIX + crypto.randomBytes(24).toString('base64url');
      const row = insertApiToken(rt.db, {
        userId: me.id,
        name,
        tokenHash: hashToken(secret),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 4),
        readOnly,
        hosts: subset === null ? null : JSON.stringify(subset),
        expiresAt: expiresInDays === null ? null : Date.now() + expiresInDays * DAY_MS,
      });
      return { token: toSummary(row), secret };
    },
    (r) =>
      `${r.token.readOnly ? 'read-only' : 'read-write'}, ${r.token.hosts ? `hosts ${r.token.hosts.join(', ')}` : 'all my hosts'}, ${r.token.expiresAt ? `expires ${r.token.expiresAt}` : 'no expiry'}`,
  );
}

export async function revokeToken(rt: Runtime, actor: SessionUser | null, rawId: string | number): Promise<void> {
  const me = requireAccountActor(actor);
  const id = rowId(rawId, 'token');
  await audited(rt, me, 'token.revoke', `token:${id}`, () => {
    const row = revokeApiTokenRow(rt.db, me.id, id);
    if (!row) throw new NotFoundError('No such API token');
  });
}
