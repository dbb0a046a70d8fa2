import { expect, test } from './support/fixtures';
import { io } from 'socket.io-client';
import { baseURL } from './playwright.config';
import { ADMIN } from './support/rig';

test('health answers without auth and says nothing sensitive', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(Object.keys(body).sort()).toEqual(['engines', 'ok', 'version']);
  expect(body.ok).toBe(true);
  expect(Object.keys(body.engines).sort()).toEqual(['online', 'total']);
  expect(body.engines.online).toBeGreaterThanOrEqual(1);
});

test('every other route needs a session', async ({ request }) => {
  for (const [method, path] of [
    ['GET', '/api/engines'],
    ['POST', '/api/engines'],
    ['GET', '/api/engines/whatever'],
    ['DELETE', '/api/engines/whatever'],
    ['POST', '/api/engines/test'],
    ['GET', '/api/audit'],
  ] as const) {
    const res = await request.fetch(path, { method, data: method === 'GET' ? undefined : {} });
    expect(res.status(), `${method} ${path}`).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  }
  const page = await request.get('/hosts/x', { maxRedirects: 0 });
  expect(page.status()).toBe(302);
  expect(page.headers().location).toMatch(/^\/login/);
});

test('sockets without a session are refused', async () => {
  const socket = io(baseURL, { transports: ['websocket'], reconnection: false });
  const err = await new Promise<Error>((resolve, reject) => {
    socket.on('connect_error', resolve);
    socket.on('connect', () => reject(new Error('connected without a session')));
  });
  socket.close();
  expect(err.message).toBe('UNAUTHENTICATED');
});

test('bad input gets a 4xx with {ok:false, code, message}, never a stack trace', async ({ request }) => {
  const login = await request.post('/api/auth/login', { data: ADMIN });
  expect(login.status()).toBe(200);

  const notJson = await request.post('/api/engines', { data: Buffer.from('{nope'), headers: { 'content-type': 'application/json' } });
  expect(notJson.status()).toBe(400);
  expect(await notJson.json()).toEqual({ ok: false, code: 'VALIDATION', message: 'Request body is not valid JSON' });

  const badForm = await request.post('/api/engines', { data: { engine: { kind: 'ftp', name: 'x' } } });
  expect(badForm.status()).toBe(400);
  expect(await badForm.json()).toMatchObject({ ok: false, code: 'VALIDATION' });

  const unreachable = await request.post('/api/engines/test', { data: { engine: { kind: 'tcp', name: 'x', host: '127.0.0.1', port: 1 } } });
  expect(unreachable.status()).toBe(422);
  expect(await unreachable.json()).toEqual({
    ok: false,
    code: 'ENGINE_UNREACHABLE',
    message: 'Connection refused by 127.0.0.1:1: is dockerd listening there?',
  });

  const missing = await request.get('/api/engines/nope');
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toMatchObject({ ok: false, code: 'NOT_FOUND' });

  const crossSite = await request.post('/api/engines', { data: {}, headers: { origin: 'http://evil.example' } });
  expect(crossSite.status()).toBe(403);

  const sockets = io(baseURL, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: 'http://evil.example' } });
  const err = await new Promise<Error>((resolve) => sockets.on('connect_error', resolve));
  sockets.close();
  expect(err.message).toBeTruthy();
});

test('the audit log records who changed which engine', async ({ request }) => {
  await request.post('/api/auth/login', { data: ADMIN });
  const res = await request.get('/api/audit?limit=200');
  expect(res.status()).toBe(200);
  const rows = ((await res.json()) as { entries: Array<{ username: string; action: string; result: string }> }).entries;
  expect(rows.some((r) => r.action === 'auth.setup' && r.username === ADMIN.username)).toBe(true);
  // Failed sign-ins are kept apart from the activity of signed-in users.
  expect(rows.some((r) => r.action === 'auth.login' && r.result === 'error')).toBe(false);
  const failures = (await (await request.get('/api/audit/signin-failures')).json()) as { entries: Array<{ username: string }> };
  expect(failures.entries.length).toBeGreaterThan(0);
});

test('login is rate-limited', async ({ request }) => {
  let last = 0;
  for (let i = 0; i < 7; i++) {
    const res = await request.post('/api/auth/login', { data: { username: 'ratelimit-probe', password: 'wrong-wrong' } });
    last = res.status();
  }
  expect(last).toBe(429);
});
