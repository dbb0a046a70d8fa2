import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logout } from '@/server/services/auth';
import { liveClient } from '../support/live-client';
import { startHarness, type Harness } from '../support/harness';
import { startProductionServer, type ProductionServer } from '../support/production-server';
import { loadRig } from '../support/rig';

const rig = loadRig();

// ---------------------------------------------------------------- the production server, as a client meets it

const ADMIN = { username: 'sec-admin', password: 'security-test-pw' };
const TRUSTED_PROXY = '127.0.0.7';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-security-'));
let port = 0;
let server: ProductionServer;
let proc: ChildProcess;
let cookie = '';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function call(p: string, opts: { method?: string; from?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Reply> {
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: p,
        method: opts.method ?? 'GET',
        localAddress: opts.from,
        agent: false,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

/** Every state-changing route, read from app/api: [method, path with its [params] filled in]. */
function writeRoutes(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'route.ts') {
        const src = fs.readFileSync(p, 'utf8');
        const url = `/${path.relative('app', path.dirname(p)).split(path.sep).join('/')}`.replace(/\[[^\]]+\]/g, 'x1');
        for (const m of src.matchAll(/export (?:const|async function) (POST|PUT|PATCH|DELETE)\b/g)) out.push([m[1]!, url]);
      }
    }
  };
  walk('app/api');
  return out;
}

describe('security basics (production build)', () => {
  beforeAll(async () => {
    port = await freePort();
    server = await startProductionServer(port, {
      WHARF_DATA_DIR: dir,
      WHARF_NO_DEFAULT_ENGINE: '1',
      WHARF_NO_UPDATE_SCHEDULE: '1',
      WHARF_ADMIN_USER: ADMIN.username,
      WHARF_ADMIN_PASSWORD: ADMIN.password,
      WHARF_TRUSTED_PROXIES: TRUSTED_PROXY,
    });
    proc = server.proc;
    const signIn = await call('/api/auth/login', { method: 'POST', from: '127.0.0.2', body: ADMIN });
    expect(signIn.status).toBe(200);
    cookie = signIn.headers['set-cookie']![0]!.split(';')[0]!;
  }, 90_000);

  afterAll(() => {
    proc?.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts the security headers on every answer: pages, API, assets, redirects and refusals', async () => {
    const page = await call('/', { headers: { cookie } });
    expect(page.status).toBe(200);
    const script = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeTruthy();
    const answers = [
      page,
      await call('/login'),
      await call('/containers'), // a redirect to sign-in
      await call('/api/health'),
      await call('/api/engines'), // 401
      await call('/api/engines', { headers: { cookie } }),
      await call(script!),
      await call('/api/engines', { method: 'POST', headers: { cookie, origin: 'http://evil.example' }, body: {} }), // 403
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 302, 200, 401, 200, 200, 403]);
    for (const a of answers) {
      const csp = String(a.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-eval');
      expect(a.headers['x-frame-options']).toBe('DENY');
      expect(a.headers['x-content-type-options']).toBe('nosniff');
      expect(a.headers['referrer-policy']).toBe('same-origin');
    }
  });

  it('refuses every state-changing route from another site (Origin, or Sec-Fetch-Site without one) with 403', async () => {
    const routes = writeRoutes();
    // Enumerated from the files: a new route is covered the day it is added.
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toContainEqual(['POST', '/api/hosts/x1/containers/x1/actions']);
    const refused: string[] = [];
    for (const [method, url] of routes) {
      for (const headers of [{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }] as Array<
        Record<string, string>
      >) {
        const r = await call(url, { method, headers: { cookie, ...headers }, body: {} });
        if (r.status === 403 && JSON.parse(r.body).code === 'FORBIDDEN') refused.push(`${method} ${url}`);
        else throw new Error(`${method} ${url} with ${JSON.stringify(headers)} answered ${r.status} ${r.body.slice(0, 200)}`);
      }
    }
    expect(refused).toHaveLength(routes.length * 3);
    // The same request from our own page gets past the check (and is refused for its content instead).
    const own = await call('/api/hosts/x1/containers/x1/actions', {
      method: 'POST',
      headers: { cookie, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' },
      body: { action: 'pause' },
    });
    expect(own.status).not.toBe(403);
    // A page POST (a Next server action from another site) is refused the same way.
    expect((await call('/', { method: 'POST', headers: { cookie, origin: 'http://evil.example' }, body: {} })).status).toBe(403);
  }, 60_000);

  it('limits sign-in per client: a new X-Forwarded-For each time does not make a new client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await call('/api/auth/login', {
        method: 'POST',
        from: '127.0.0.5',
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
        body: { username: ADMIN.username, password: 'wrong-password' },
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('believes X-Forwarded-For and X-Forwarded-Proto from a trusted proxy (WHARF_TRUSTED_PROXIES)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await call('/api/auth/login', {
        method: 'POST',
        from: TRUSTED_PROXY,
        headers: { 'x-forwarded-for': `198.51.100.${i}, ${TRUSTED_PROXY}` },
        body: { username: ADMIN.username, password: 'wrong-password' },
      });
      statuses.push(r.status);
    }
    // Seven clients behind the proxy, one attempt each: none is limited.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401]);
    const failures = JSON.parse((await call('/api/audit/signin-failures?limit=100', { headers: { cookie } })).body) as {
      entries: Array<{ clientIp: string }>;
    };
    const ips = failures.entries.map((f) => f.clientIp);
    expect(ips).toContain('198.51.100.6');
    // Not believed from an untrusted peer: those attempts count as 127.0.0.5.
    expect(ips.filter((ip) => ip === '127.0.0.5')).toHaveLength(5);

    // Secure cookies: over https per the trusted proxy; not when an untrusted client claims it.
    const viaProxy = await call('/api/auth/login', {
      method: 'POST',
      from: TRUSTED_PROXY,
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.50' },
      body: ADMIN,
    });
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.headers['set-cookie']![0]).toMatch(/; Secure/);
    const claimed = await call('/api/auth/login', {
      method: 'POST',
      from: '127.0.0.8',
      headers: { 'x-forwarded-proto': 'https' },
      body: ADMIN,
    });
    expect(claimed.status).toBe(200);
    expect(claimed.headers['set-cookie']![0]).not.toMatch(/Secure/);
    // A client cannot set the header the gate derives either.
    const forged = await call('/api/auth/login', { method: 'POST', from: '127.0.0.8', headers: { 'x-wharf-https': '1' }, body: ADMIN });
    expect(forged.headers['set-cookie']![0]).not.toMatch(/Secure/);
  });

  it('never answers, logs or bundles a secret: registry passwords and engine TLS keys stay in the server', async () => {
    const own = { cookie, origin: `http://127.0.0.1:${port}` };
    const key = fs.readFileSync(rig.TLS_KEY, 'utf8');
    const keyLine = key.split('\n').find((l) => l.length > 40 && !l.startsWith('-----'))!;
    const newKey = fs.readFileSync(rig.TLS_BAD_KEY, 'utf8');
    const newKeyLine = newKey.split('\n').find((l) => l.length > 40 && !l.startsWith('-----'))!;
    const reg = await call('/api/registries', {
      method: 'POST',
      headers: own,
      body: { name: 'sec-auth', address: rig.REGISTRY_AUTH_URL, username: rig.REGISTRY_USER, password: rig.REGISTRY_PASSWORD },
    });
    expect(reg.status, reg.body).toBeLessThan(300);
    const engine = await call('/api/engines', {
      method: 'POST',
      headers: own,
      body: {
        engine: {
          kind: 'tls',
          name: 'sec-tls',
          host: rig.TLS_HOST,
          port: Number(rig.TLS_PORT),
          ca: fs.readFileSync(rig.TLS_CA, 'utf8'),
          cert: fs.readFileSync(rig.TLS_CERT, 'utf8'),
          key,
        },
        skipCheck: true,
      },
    });
    expect(engine.status, engine.body).toBeLessThan(300);
    const engineId = (JSON.parse(engine.body) as { id: string }).id;
    // An edit with a new key is audited as "changed", never with the key.
    const edit = await call(`/api/engines/${engineId}`, {
      method: 'PUT',
      headers: own,
      body: {
        engine: { kind: 'tls', name: 'sec-tls2', host: rig.TLS_HOST, port: Number(rig.TLS_PORT), ca: '', cert: '', key: newKey },
        skipCheck: true,
      },
    });
    expect(edit.status, edit.body).toBeLessThan(300);
    const answers = await Promise.all(
      [
        '/api/registries',
        '/api/registries/engines',
        '/api/engines',
        `/api/engines/${engineId}`,
        '/api/audit?limit=500',
        '/api/audit/export?format=json',
      ].map((p) => call(p, { headers: { cookie } })),
    );
    for (const a of answers) {
      expect(a.status, a.body.slice(0, 200)).toBe(200);
      expect(a.body).not.toContain(rig.REGISTRY_PASSWORD);
      expect(a.body).not.toContain(keyLine);
      expect(a.body).not.toContain(newKeyLine);
      expect(a.body).not.toContain('PRIVATE KEY');
    }
    const audit = JSON.parse(answers[4]!.body) as { entries: Array<{ action: string; changes: unknown }> };
    expect(audit.entries.find((e) => e.action === 'engine.edit')?.changes).toEqual(
      expect.arrayContaining([
        { field: 'key', before: '***', after: '***', masked: true },
        { field: 'name', before: 'sec-tls', after: 'sec-tls2' },
      ]),
    );
    // The server's own output holds none of them (nor the admin's password).
    for (const secret of [rig.REGISTRY_PASSWORD, keyLine, newKeyLine, ADMIN.password]) expect(server.log()).not.toContain(secret);
    // The browser bundles hold no server secret or server-only module.
    const bundle = fs
      .readdirSync('.next/static', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .map((f) => fs.readFileSync(path.join('.next/static', f), 'utf8'))
      .join('\n');
    expect(bundle.length).toBeGreaterThan(100_000);
    for (const needle of [rig.REGISTRY_PASSWORD, ADMIN.password, 'WHARF_ADMIN_PASSWORD', 'better-sqlite3', 'password_hash'])
      expect(bundle, needle).not.toContain(needle);
  }, 60_000);
});

// ---------------------------------------------------------------- sockets

describe('socket sessions', () => {
  let h: Harness;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    h = await startHarness('security', rig.MAIN_SOCKET, 'wharf.test=audit-security');
  }, 30_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await h?.close();
  });

  it('refuses a socket from another origin, and one without a session', async () => {
    const { io } = await import('socket.io-client');
    const fromElsewhere = io(h.base, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: h.cookie, origin: 'http://evil.example' },
    });
    sockets.push(fromElsewhere);
    const outcome = new Promise<string>((resolve) => {
      fromElsewhere.on('connect', () => resolve('connected'));
      fromElsewhere.on('connect_error', () => resolve('refused'));
    });
    expect(await outcome).toBe('refused');
    await expect(liveClient(h.base, 'wharf_session=not-a-session', sockets)).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it('checks the session again on every event: revoked while connected, the next event is refused and the socket closed', async () => {
    const token = h.cookie.split('=')[1]!;
    const { s } = await liveClient(h.base, h.cookie, sockets);
    const ok = (await s.timeout(10_000).emitWithAck('live.subscribe', { kind: 'hosts' })) as { ok: boolean };
    expect(ok.ok).toBe(true);
    const expired = new Promise<void>((resolve) => s.once('session.expired', () => resolve()));
    const closed = new Promise<string>((resolve) => s.once('disconnect', resolve));
    logout(h.rt, token, null);
    const refused = (await s.timeout(10_000).emitWithAck('live.subscribe', { kind: 'hosts' })) as { ok: boolean; code: string };
    expect(refused).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    await expired;
    expect(await closed).toBe('io server disconnect');
  });
});
