import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, SessionUser } from '@/server/contracts/auth';
import { handlers, type RealtimeContext } from '@/server/realtime/handlers';
import { viewSchema } from '@/server/realtime/handlers/live-handler';
import type { WharfServer, WharfSocket } from '@/server/realtime';
import { setRuntime } from '@/server/runtime';
import { createToken, revokeToken } from '@/server/services/api-tokens';
import { createSession, userFromToken } from '@/server/services/auth';
import { can, type Permission } from '@/server/services/authorize';
import { insertUser } from '@/server/store/users';
import { startHarness, type Harness } from '../support/harness';
import { liveClient, type Reply } from '../support/live-client';
import { loadRig } from '../support/rig';

/**
 * Every HTTP route (walked from app/api) and every socket event (as the server's handlers register
 * them) against every kind of caller. A route or event without a rule here fails the test.
 */

type Rule = {
  /** The right it needs; `public`: answered without a session; `session`: any signed-in user. */
  right: Permission | 'public' | 'session';
  /** The host in the path (or payload) must be granted. */
  host?: boolean;
  /** The `[id]` of the path (default: a container that does not exist). */
  id?: string;
  query?: string;
  body?: unknown;
};

const NO_CONTAINER = 'wharf-access-none';
const NO_ENGINE = 'no-such-engine';
const NO_IMAGE = 'sha256:' + '0'.repeat(64);
const NO_OPERATION = '00000000-0000-4000-8000-000000000000';
/** Filled in beforeAll: the harness's engine id, used for `[hostId]` and host-scoped ids. */
const HOST = '@host';

const NO_VOLUME = 'wharf-access-none-volume';
/** Prunes tried by the matrix are scoped to a label nothing carries: an allowed caller prunes nothing. */
const NOTHING = 'wharf.test=access-matrix-nothing';

const ROUTES: Record<string, Rule> = {
  'POST /api/account/password': { right: 'session' },
  'DELETE /api/account/sessions/[sessionId]': { right: 'session' },
  'GET /api/account/sessions': { right: 'session' },
  'DELETE /api/account/tokens/[id]': { right: 'session' },
  'GET /api/account/tokens': { right: 'session' },
  'POST /api/account/tokens': { right: 'session' },
  'GET /api/audit/export': { right: 'audit.read', query: 'format=json' },
  'GET /api/audit/facets': { right: 'audit.read' },
  'GET /api/audit/retention': { right: 'audit.read' },
  'PUT /api/audit/retention': { right: 'settings.manage', body: { days: 90, maxRows: null } },
  'GET /api/audit/signin-failures': { right: 'audit.read' },
  'GET /api/disk': { right: 'hosts.read' },
  'GET /api/events': { right: 'hosts.read' },
  'GET /api/hosts/[hostId]/disk': { right: 'hosts.read', host: true },
  'POST /api/hosts/[hostId]/networks/[id]/connect': { right: 'networks.manage', host: true },
  'POST /api/hosts/[hostId]/networks/[id]/disconnect': { right: 'networks.manage', host: true },
  'POST /api/hosts/[hostId]/networks/[id]/remove': { right: 'networks.manage', host: true },
  'GET /api/hosts/[hostId]/networks/create-options': { right: 'hosts.read', host: true },
  'POST /api/hosts/[hostId]/networks/prune/preview': { right: 'hosts.read', host: true, body: { label: NOTHING } },
  'POST /api/hosts/[hostId]/networks/prune': { right: 'networks.manage', host: true, body: { label: NOTHING } },
  'POST /api/hosts/[hostId]/networks': { right: 'networks.manage', host: true },
  'POST /api/hosts/[hostId]/prune/preview': { right: 'volumes.manage', host: true, body: { kind: 'volumes', label: NOTHING } },
  'POST /api/hosts/[hostId]/prune': { right: 'volumes.manage', host: true, body: { kind: 'volumes', label: NOTHING } },
  'GET /api/hosts/[hostId]/volumes/[name]/files/download': { right: 'files.read', host: true, query: 'path=/' },
  'GET /api/hosts/[hostId]/volumes/[name]/files': { right: 'files.read', host: true },
  'POST /api/hosts/[hostId]/volumes/[name]/files': { right: 'volumes.manage', host: true },
  'POST /api/hosts/[hostId]/volumes/[name]/remove': { right: 'volumes.manage', host: true },
  'POST /api/hosts/[hostId]/volumes': { right: 'volumes.manage', host: true },
  'POST /api/users/[id]/disable': { right: 'users.manage' },
  'POST /api/users/[id]/enable': { right: 'users.manage' },
  'POST /api/users/[id]/reset-password': { right: 'users.manage' },
  'PUT /api/users/[id]': { right: 'users.manage' },
  'DELETE /api/users/[id]': { right: 'users.manage' },
  'DELETE /api/users/[id]/sessions/[sessionId]': { right: 'users.manage' },
  'GET /api/users/[id]/sessions': { right: 'users.manage' },
  'GET /api/users': { right: 'users.manage' },
  'GET /api/audit': { right: 'audit.read' },
  'POST /api/auth/login': { right: 'public' },
  'POST /api/auth/logout': { right: 'public' },
  'POST /api/auth/setup': { right: 'public' },
  'GET /api/auth/state': { right: 'public' },
  'GET /api/health': { right: 'public' },
  'POST /api/containers/bulk': { right: 'containers.manage' },
  'GET /api/containers/deleted': { right: 'containers.read' },
  'GET /api/containers': { right: 'containers.read' },
  'GET /api/deploy/plan': { right: 'containers.read' },
  'POST /api/deploy': { right: 'containers.manage' },
  'GET /api/engines/[id]': { right: 'hosts.read', host: true, id: HOST },
  'PUT /api/engines/[id]': { right: 'engines.manage', id: NO_ENGINE },
  'DELETE /api/engines/[id]': { right: 'engines.manage', id: NO_ENGINE },
  'GET /api/engines': { right: 'hosts.read' },
  'POST /api/engines': { right: 'engines.manage' },
  'POST /api/engines/test': { right: 'engines.manage' },
  'POST /api/hosts/[hostId]/containers/[id]/actions': { right: 'containers.manage', host: true },
  'POST /api/hosts/[hostId]/containers/[id]/commit': { right: 'containers.manage', host: true },
  'GET /api/hosts/[hostId]/containers/[id]/export': { right: 'files.read', host: true },
  'GET /api/hosts/[hostId]/containers/[id]/files/download': { right: 'files.read', host: true, query: 'path=/etc/hostname' },
  'GET /api/hosts/[hostId]/containers/[id]/files': { right: 'containers.read', host: true },
  'POST /api/hosts/[hostId]/containers/[id]/files': { right: 'containers.manage', host: true },
  'GET /api/hosts/[hostId]/containers/[id]/logs': { right: 'containers.read', host: true },
  'POST /api/hosts/[hostId]/containers/[id]/recreate': { right: 'containers.manage', host: true },
  'POST /api/hosts/[hostId]/containers/[id]/reveal': { right: 'containers.manage', host: true },
  'GET /api/hosts/[hostId]/containers/[id]': { right: 'containers.read', host: true },
  'DELETE /api/hosts/[hostId]/containers/[id]': { right: 'containers.manage', host: true },
  'GET /api/hosts/[hostId]/containers/[id]/spec': { right: 'containers.manage', host: true },
  'GET /api/hosts/[hostId]/containers/[id]/top': { right: 'containers.read', host: true },
  'POST /api/hosts/[hostId]/containers/[id]/update-check': { right: 'containers.manage', host: true },
  'POST /api/hosts/[hostId]/containers/[id]/update': { right: 'containers.manage', host: true },
  'GET /api/hosts/[hostId]/containers': { right: 'containers.read', host: true },
  'POST /api/hosts/[hostId]/containers': { right: 'containers.manage', host: true },
  'POST /api/hosts/[hostId]/images/[id]/remove': { right: 'images.manage', host: true, id: NO_IMAGE },
  'POST /api/hosts/[hostId]/images/[id]/tag': { right: 'images.manage', host: true, id: NO_IMAGE },
  'POST /api/hosts/[hostId]/images/build': { right: 'images.manage', host: true },
  'POST /api/hosts/[hostId]/images/import': { right: 'images.manage', host: true },
  'POST /api/hosts/[hostId]/images/load': { right: 'images.manage', host: true },
  'POST /api/hosts/[hostId]/images/prune/preview': { right: 'images.manage', host: true },
  'POST /api/hosts/[hostId]/images/prune': { right: 'images.manage', host: true, body: { filters: { label: ['wharf.test=access-none'] } } },
  'POST /api/hosts/[hostId]/images/pull': { right: 'images.manage', host: true },
  'POST /api/hosts/[hostId]/images/push': { right: 'images.manage', host: true },
  'GET /api/hosts/[hostId]/images': { right: 'images.read', host: true },
  'GET /api/hosts/[hostId]/images/save': { right: 'files.read', host: true, query: 'ref=wharf-test/access-none:1' },
  'POST /api/hosts/[hostId]/images/untag': { right: 'images.manage', host: true },
  'GET /api/hosts/[hostId]/networks': { right: 'hosts.read', host: true },
  'GET /api/hosts/[hostId]/volumes': { right: 'hosts.read', host: true },
  'POST /api/images/bulk-remove': { right: 'images.manage' },
  'POST /api/operations/[id]/cancel': { right: 'images.manage', id: NO_OPERATION },
  'GET /api/registries/[id]/manifest': { right: 'images.read', id: '999999' },
  'DELETE /api/registries/[id]/manifest': { right: 'registries.manage', id: '999999' },
  'GET /api/registries/[id]/repositories': { right: 'images.read', id: '999999' },
  'PUT /api/registries/[id]': { right: 'registries.manage', id: '999999' },
  'DELETE /api/registries/[id]': { right: 'registries.manage', id: '999999' },
  'GET /api/registries/[id]/tag-details': { right: 'images.read', id: '999999' },
  'GET /api/registries/[id]/tags': { right: 'images.read', id: '999999' },
  'GET /api/registries/engines': { right: 'images.read' },
  'GET /api/registries': { right: 'images.read' },
  'POST /api/registries': { right: 'registries.manage' },
  'POST /api/registries/test': { right: 'registries.manage' },
  'GET /api/templates': { right: 'containers.read' },
  'POST /api/templates': { right: 'images.manage' },
  'DELETE /api/templates/sources/[id]': { right: 'images.manage', id: '999999' },
  'POST /api/updates/check': { right: 'containers.manage' },
  'GET /api/updates/settings': { right: 'containers.read' },
  'PUT /api/updates/settings': { right: 'registries.manage' },
  'POST /api/users': { right: 'users.manage' },
};

/** Socket events: the payload each is tried with (a valid shape, so a refusal is the right's, not the schema's). */
const EVENTS: Record<string, Array<Rule & { payload: unknown }>> = {
  'live.subscribe': [
    { right: 'hosts.read', payload: { kind: 'hosts' } },
    { right: 'containers.read', payload: { kind: 'containers' } },
    { right: 'containers.read', host: true, payload: { kind: 'containers', hostId: HOST } },
    { right: 'containers.read', host: true, payload: { kind: 'container', hostId: HOST, id: NO_CONTAINER } },
    { right: 'containers.read', payload: { kind: 'deleted' } },
    { right: 'images.read', payload: { kind: 'images' } },
    { right: 'images.read', host: true, payload: { kind: 'images', hostId: HOST } },
    { right: 'images.read', host: true, payload: { kind: 'image', hostId: HOST, id: NO_IMAGE } },
    { right: 'images.read', payload: { kind: 'operations' } },
    { right: 'images.read', payload: { kind: 'operation', id: NO_OPERATION } },
    { right: 'containers.read', payload: { kind: 'updates' } },
    { right: 'hosts.read', payload: { kind: 'events' } },
    { right: 'hosts.read', host: true, payload: { kind: 'events', hostId: HOST } },
    { right: 'hosts.read', payload: { kind: 'networks' } },
    { right: 'hosts.read', host: true, payload: { kind: 'networks', hostId: HOST } },
    { right: 'hosts.read', payload: { kind: 'volumes' } },
    { right: 'hosts.read', host: true, payload: { kind: 'volumes', hostId: HOST } },
    { right: 'audit.read', payload: { kind: 'audit' } },
  ],
  'live.unsubscribe': [{ right: 'session', payload: { view: { kind: 'hosts' } } }],
  'logs.subscribe': [{ right: 'containers.read', host: true, payload: { hostId: HOST, id: NO_CONTAINER } }],
  'logs.unsubscribe': [{ right: 'session', payload: { hostId: HOST, id: NO_CONTAINER } }],
  'stats.subscribe': [{ right: 'containers.read', host: true, payload: { hostId: HOST, id: NO_CONTAINER } }],
  'stats.unsubscribe': [{ right: 'session', payload: { hostId: HOST, id: NO_CONTAINER } }],
  'container.create': [{ right: 'containers.manage', host: true, payload: { hostId: HOST, opId: 'm1', spec: {} } }],
  'container.recreate': [{ right: 'containers.manage', host: true, payload: { hostId: HOST, id: NO_CONTAINER, opId: 'm2', spec: {} } }],
  'exec.open': [{ right: 'exec', host: true, payload: { hostId: HOST, id: NO_CONTAINER, shell: 'sh', cols: 80, rows: 24 } }],
  'attach.open': [{ right: 'exec', host: true, payload: { hostId: HOST, id: NO_CONTAINER, cols: 80, rows: 24 } }],
  'exec.input': [{ right: 'exec', payload: { sessionId: NO_OPERATION, data: 'x' } }],
  'exec.resize': [{ right: 'exec', payload: { sessionId: NO_OPERATION, cols: 80, rows: 24 } }],
  'exec.close': [{ right: 'exec', payload: { sessionId: NO_OPERATION } }],
  'exec.reattach': [{ right: 'exec', payload: { sessionId: NO_OPERATION, since: null } }],
};

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Every route module under app/api and the methods it exports. */
async function discoverRoutes(): Promise<Array<{ key: string; path: string; handler: Handler }>> {
  const root = path.resolve(import.meta.dirname, '../../app/api');
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => path.basename(f) === 'route.ts').sort();
  const out: Array<{ key: string; path: string; handler: Handler }> = [];
  for (const f of files) {
    const mod = (await import(path.join(root, f))) as Record<string, unknown>;
    const route = `/api/${path.dirname(f)}`.replace(/\/\.$/, '').split(path.sep).join('/');
    for (const m of METHODS) if (typeof mod[m] === 'function') out.push({ key: `${m} ${route}`, path: route, handler: mod[m] as Handler });
  }
  return out;
}

/** The socket events the server's handlers register, read off a recording socket. */
function discoverEvents(): string[] {
  const events: string[] = [];
  const socket = { on: (event: string) => events.push(event), data: {} } as unknown as WharfSocket;
  for (const register of handlers) register(socket, h.rt, {} as WharfServer, {} as RealtimeContext);
  return events.filter((e) => e !== 'disconnect').sort();
}

type Caller = 'admin' | 'operator' | 'viewer' | 'stranger' | 'expired' | 'revoked' | 'none';
const CALLERS: Caller[] = ['admin', 'operator', 'viewer', 'stranger', 'expired', 'revoked', 'none'];
/** API tokens of the operator (HTTP only: the socket takes no tokens): expired, revoked, and a read-only one. */
type TokenCaller = 'expired-token' | 'revoked-token' | 'readonly-token';
const TOKEN_CALLERS: TokenCaller[] = ['expired-token', 'revoked-token', 'readonly-token'];
const tokens = new Map<TokenCaller, string>();

let h: Harness;
const users = new Map<Caller, SessionUser>();
const sockets: Socket[] = [];

function makeUser(username: string, role: Role, grants: string[] | null): SessionUser {
  const row = insertUser(h.rt.db, username, 'not-a-password-hash', role);
  h.rt.db.prepare('UPDATE users SET host_grants = ? WHERE id = ?').run(grants ? JSON.stringify(grants) : null, row.id);
  const user = userFromToken(h.rt, createSession(h.rt, row));
  if (!user) throw new Error(`no session for ${username}`);
  return user;
}

/** A fresh session cookie per call (sign-out ends the one it is sent with). */
function cookieOf(caller: Caller): string | null {
  if (caller === 'none') return null;
  const user = users.get(caller === 'expired' || caller === 'revoked' ? 'operator' : caller)!;
  const token = createSession(h.rt, user);
  if (caller === 'expired')
    h.rt.db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(Date.now() - 1000, hashToken(token));
  if (caller === 'revoked') h.rt.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
  return `wharf_session=${token}`;
}

/** What a caller should get for a rule: allowed (any answer but 401/403), 403 or 401. */
function expected(caller: Caller, rule: Rule): 'allowed' | 403 | 401 {
  if (rule.right === 'public') return 'allowed';
  if (caller === 'expired' || caller === 'revoked' || caller === 'none') return 401;
  if (rule.right === 'session') return 'allowed';
  return can(users.get(caller)!, rule.right, rule.host ? h.host : undefined) ? 'allowed' : 403;
}

/** As the store keys sessions (server/services/auth.ts). */
const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

const fill = (v: unknown): unknown =>
  JSON.parse(
    JSON.stringify(v ?? {})
      .split(HOST)
      .join(h.host),
  );

beforeAll(async () => {
  const rig = loadRig();
  h = await startHarness('access-matrix', rig.MAIN_SOCKET, 'wharf.test=access');
  setRuntime(h.rt);
  users.set('admin', userFromToken(h.rt, h.cookie.split('=')[1])!);
  users.set('operator', makeUser('matrix-operator', 'operator', [h.host]));
  users.set('viewer', makeUser('matrix-viewer', 'viewer', [h.host]));
  // An operator whose grants name another host: every host-scoped right is refused here.
  users.set('stranger', makeUser('matrix-stranger', 'operator', ['other-host']));
  for (const caller of TOKEN_CALLERS) {
    const made = await createToken(h.rt, users.get('operator')!, {
      name: caller,
      expiresInDays: 1,
      readOnly: caller === 'readonly-token',
      hosts: null,
    });
    if (caller === 'expired-token')
      h.rt.db.prepare('UPDATE api_tokens SET expires_at = ? WHERE id = ?').run(Date.now() - 1000, made.token.id);
    if (caller === 'revoked-token') await revokeToken(h.rt, users.get('operator')!, made.token.id);
    tokens.set(caller, made.secret);
  }
});

/** What a token caller should get: 401 for a dead token; a read-only one keeps only its user's reading rights. */
function expectedForToken(caller: TokenCaller, rule: Rule): 'allowed' | 403 | 401 {
  if (rule.right === 'public') return 'allowed';
  if (caller !== 'readonly-token') return 401;
  // Account routes (own password, sessions, tokens) are for a signed-in session, never a token.
  if (rule.right === 'session') return 403;
  const operator = users.get('operator')!;
  return can({ ...operator, token: { id: 0, readOnly: true } }, rule.right, rule.host ? h.host : undefined) ? 'allowed' : 403;
}

afterAll(async () => {
  for (const s of sockets) s.close();
  setRuntime(undefined);
  await h?.close();
});

describe('permission matrix', () => {
  it('every HTTP route has a rule, and every rule a route', async () => {
    const keys = (await discoverRoutes()).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(50);
    expect(
      keys.filter((k) => !ROUTES[k]),
      'routes without a rule',
    ).toEqual([]);
    expect(
      Object.keys(ROUTES).filter((k) => !keys.includes(k)),
      'rules without a route',
    ).toEqual([]);
  });

  it('every socket event has a rule, and every rule an event', () => {
    const events = discoverEvents();
    expect(events.length).toBeGreaterThan(10);
    expect(
      events.filter((e) => !EVENTS[e]),
      'events without a rule',
    ).toEqual([]);
    expect(
      Object.keys(EVENTS).filter((e) => !events.includes(e)),
      'rules without an event',
    ).toEqual([]);
  });

  it('every live view kind is tried by live.subscribe, and every kind tried is one', () => {
    const kinds = viewSchema.options.map((o) => o.shape.kind.value).sort();
    expect(kinds.length).toBeGreaterThan(10);
    const tried = [...new Set(EVENTS['live.subscribe']!.map((r) => (r.payload as { kind: string }).kind))].sort();
    expect(tried).toEqual(kinds);
  });

  it('HTTP: each route allows and refuses each caller as its rule says', async () => {
    const routes = await discoverRoutes();
    const wrong: string[] = [];
    let checked = 0;
    let tokenChecked = 0;
    for (const r of routes) {
      const rule = ROUTES[r.key];
      if (!rule) continue;
      const method = r.key.split(' ')[0]!;
      const id = rule.id === HOST ? h.host : (rule.id ?? NO_CONTAINER);
      const url = `http://wharf.test${r.path
        .replace('[hostId]', h.host)
        .replace('[id]', encodeURIComponent(id))
        .replace('[name]', NO_VOLUME)
        .replace('[sessionId]', 'no-such-session')}${rule.query ? `?${rule.query}` : ''}`;
      const params = { hostId: h.host, id, name: NO_VOLUME, sessionId: 'no-such-session' };
      await Promise.all(
        CALLERS.map(async (caller) => {
          const cookie = cookieOf(caller);
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (cookie) headers.cookie = cookie;
          const body = method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(fill(rule.body));
          const res = await r.handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
          const text = await res.text();
          const want = expected(caller, rule);
          checked++;
          const ok = want === 'allowed' ? res.status !== 401 && res.status !== 403 : res.status === want;
          if (!ok) wrong.push(`${r.key} as ${caller}: ${res.status} (wanted ${want}) ${text.slice(0, 160)}`);
          // A refusal names the missing right.
          if (ok && want === 403 && !text.includes(String(rule.right))) wrong.push(`${r.key} as ${caller}: 403 without the right: ${text}`);
        }),
      );
      // The same route with an API token in the Authorization header.
      await Promise.all(
        TOKEN_CALLERS.map(async (caller) => {
          const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(caller)}` };
          const body = method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(fill(rule.body));
          const res = await r.handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
          const text = await res.text();
          const want = expectedForToken(caller, rule);
          tokenChecked++;
          const ok = want === 'allowed' ? res.status !== 401 && res.status !== 403 : res.status === want;
          if (!ok) wrong.push(`${r.key} as ${caller}: ${res.status} (wanted ${want}) ${text.slice(0, 160)}`);
        }),
      );
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(routes.length * CALLERS.length);
    expect(tokenChecked).toBe(routes.length * TOKEN_CALLERS.length);
  });

  it('socket: each event allows and refuses each caller as its rule says', async () => {
    const wrong: string[] = [];
    for (const caller of CALLERS) {
      const cookie = cookieOf(caller) ?? '';
      if (expected(caller, { right: 'session' }) === 401) {
        // No session, an expired or a revoked one: the socket is refused at the handshake.
        await expect(liveClient(h.base, cookie, sockets), caller).rejects.toThrow('UNAUTHENTICATED');
        continue;
      }
      const { s } = await liveClient(h.base, cookie, sockets);
      for (const [event, rules] of Object.entries(EVENTS)) {
        for (const rule of rules) {
          const reply = (await s.timeout(15_000).emitWithAck(event, fill(rule.payload))) as Reply<unknown>;
          const want = expected(caller, rule);
          const code = reply.ok ? 'ok' : reply.code;
          const ok = want === 'allowed' ? code !== 'FORBIDDEN' && code !== 'UNAUTHENTICATED' : code === 'FORBIDDEN';
          if (!ok)
            wrong.push(`${event} ${JSON.stringify(rule.payload)} as ${caller}: ${code} (wanted ${want}) ${reply.ok ? '' : reply.message}`);
        }
      }
      s.close();
    }
    expect(wrong).toEqual([]);
  });

  it('a session revoked while its socket is open is refused at the next subscription', async () => {
    const cookie = cookieOf('viewer')!;
    const { s } = await liveClient(h.base, cookie, sockets);
    const first = (await s.timeout(5000).emitWithAck('live.subscribe', { kind: 'hosts' })) as Reply<unknown>;
    expect(first.ok).toBe(true);
    h.rt.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(cookie.split('=')[1]!));
    const again = (await s.timeout(5000).emitWithAck('live.subscribe', { kind: 'containers' })) as Reply<unknown>;
    expect(again.ok ? 'ok' : again.code).toBe('UNAUTHENTICATED');
  });
});
