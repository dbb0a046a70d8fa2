import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as tokensRoute, POST as createTokenRoute } from '@/app/api/account/tokens/route';
import { DELETE as revokeTokenRoute } from '@/app/api/account/tokens/[id]/route';
import { POST as loginRoute } from '@/app/api/auth/login/route';
import { GET as containersRoute } from '@/app/api/containers/route';
import { POST as actionRoute } from '@/app/api/hosts/[hostId]/containers/[id]/actions/route';
import { POST as disableRoute } from '@/app/api/users/[id]/disable/route';
import { POST as createUserRoute } from '@/app/api/users/route';
import { setRuntime } from '@/server/runtime';
import { userFromApiToken } from '@/server/services/api-tokens';
import { authorize, can } from '@/server/services/authorize';
import { addEngine } from '@/server/services/engines';
import { startHarness, type Harness } from '../support/harness';
import { call, signIn } from '../support/identity';
import { docker, loadRig } from '../support/rig';

const rig = loadRig();
const LABEL = 'wharf.test=identity';
let h: Harness;
let host2 = '';
let box = '';
let op: { id: number; cookie: string };
const sockets: Socket[] = [];

async function token(body: Record<string, unknown>) {
  const r = await call(
    createTokenRoute,
    { cookie: op.cookie },
    { method: 'POST', body: { name: 'ci', expiresInDays: null, readOnly: false, hosts: null, ...body } },
  );
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { secret: string; token: { id: number; prefix: string } };
}

beforeAll(async () => {
  h = await startHarness('tokens', rig.MAIN_SOCKET, LABEL);
  setRuntime(h.rt);
  const adminUser = { id: 1, username: 'admin', role: 'admin' as const, hosts: 'all' as const };
  host2 = (await addEngine(h.rt, adminUser, { engine: { kind: 'socket', name: 'second', socketPath: rig.ENGINE2_SOCKET } })).id;
  box = await docker(rig.MAIN_SOCKET, 'run', '-d', '--label', LABEL, rig.SEED_BUSYBOX, 'sleep', '300');
  const created = await call(
    createUserRoute,
    { cookie: h.cookie },
    { method: 'POST', body: { username: 'tok-op', role: 'operator', hosts: 'all', password: 'tok-op-password' } },
  );
  op = { id: created.body.user.id, cookie: (await signIn(loginRoute, 'tok-op', 'tok-op-password')).cookie };
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  setRuntime(undefined);
  await h?.close();
});

describe('API tokens', () => {
  it('the secret is shown once, works as a bearer on GET /api/containers, and is listed with its last use but never its hash', async () => {
    const { secret, token: t } = await token({ name: 'list containers' });
    expect(secret).toMatch(/^wharf_[A-Za-z0-9_-]{32}$/);
    expect(secret.startsWith(t.prefix)).toBe(true);

    const listed = await call(containersRoute, { bearer: secret });
    expect(listed.status).toBe(200);
    expect(listed.body.map((c: { id: string }) => c.id)).toContain(box);

    const mine = await call(tokensRoute, { cookie: op.cookie });
    const row = mine.body.find((x: { id: number }) => x.id === t.id);
    expect(row).toMatchObject({ name: 'list containers', readOnly: false, hosts: null, expiresAt: null, expired: false });
    expect(Date.parse(row.lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(mine.body)).not.toContain(secret.slice(10));
    expect(JSON.stringify(mine.body)).not.toMatch(/hash/);

    // A token cannot mint tokens, and is never accepted on the socket.
    expect(
      (
        await call(
          createTokenRoute,
          { bearer: secret },
          { method: 'POST', body: { name: 'x', expiresInDays: null, readOnly: false, hosts: null } },
        )
      ).status,
    ).toBe(403);
    const s = connect(h.base, { transports: ['websocket'], extraHeaders: { authorization: `Bearer ${secret}` }, reconnection: false });
    sockets.push(s);
    const refused = await new Promise<string>((resolve) => {
      s.once('connect', () => resolve('connected'));
      s.once('connect_error', (err) => resolve(err.message));
    });
    expect(refused).toBe('UNAUTHENTICATED');
  });

  it('a read-only token reads but is refused a change with 403 naming the right', async () => {
    const { secret } = await token({ name: 'read only', readOnly: true });
    expect((await call(containersRoute, { bearer: secret })).status).toBe(200);
    const stop = await call(
      actionRoute,
      { bearer: secret },
      { method: 'POST', params: { hostId: h.host, id: box }, body: { action: 'pause' } },
    );
    expect(stop).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(stop.body.message).toContain('read-only');
    expect(stop.body.message).toContain('containers.manage');
    expect((await docker(rig.MAIN_SOCKET, 'inspect', '-f', '{{.State.Status}}', box)).trim()).toBe('running');
  });

  it('expired and revoked tokens answer 401 with the reason; a disabled user’s tokens stop working', async () => {
    const expiring = await token({ name: 'expiring', expiresInDays: 1 });
    h.rt.db.prepare('UPDATE api_tokens SET expires_at = ? WHERE id = ?').run(Date.now() - 1000, expiring.token.id);
    expect(await call(containersRoute, { bearer: expiring.secret })).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED', message: 'This API token has expired' },
    });

    const revoked = await token({ name: 'revoked' });
    expect((await call(containersRoute, { bearer: revoked.secret })).status).toBe(200);
    expect(
      (await call(revokeTokenRoute, { cookie: op.cookie }, { method: 'DELETE', params: { id: String(revoked.token.id) } })).status,
    ).toBe(204);
    expect(await call(containersRoute, { bearer: revoked.secret })).toMatchObject({
      status: 401,
      body: { message: 'This API token was revoked' },
    });
    expect((await call(tokensRoute, { cookie: op.cookie })).body.map((x: { id: number }) => x.id)).not.toContain(revoked.token.id);

    expect(await call(containersRoute, { bearer: 'wharf_not-a-token' })).toMatchObject({
      status: 401,
      body: { message: 'This API token is not valid' },
    });

    const live = await token({ name: 'owner disabled' });
    expect((await call(disableRoute, { cookie: h.cookie }, { method: 'POST', params: { id: String(op.id) } })).status).toBe(200);
    expect(await call(containersRoute, { bearer: live.secret })).toMatchObject({
      status: 401,
      body: { message: 'The user of this API token is disabled' },
    });
    h.rt.db.prepare('UPDATE users SET disabled_at = NULL WHERE id = ?').run(op.id);
    op.cookie = (await signIn(loginRoute, 'tok-op', 'tok-op-password')).cookie;
  });

  it('a token limited to some hosts acts on those only (the intersection with the user’s grants)', async () => {
    const { secret } = await token({ name: 'main only', hosts: [h.host] });
    const actor = userFromApiToken(h.rt, secret);
    expect(actor).toMatchObject({ id: op.id, role: 'operator', hosts: [h.host], token: { readOnly: false } });
    expect(can(actor, 'containers.manage', h.host)).toBe(true);
    expect(() => authorize(actor, 'containers.read', host2)).toThrow(/no access to this host/);

    // Hosts outside the user's grants cannot be put on a token, and the grants narrow an existing one.
    h.rt.db.prepare('UPDATE users SET host_grants = ? WHERE id = ?').run(JSON.stringify([host2]), op.id);
    expect(userFromApiToken(h.rt, secret).hosts).toEqual([]);
    const outside = await call(
      createTokenRoute,
      { cookie: op.cookie },
      { method: 'POST', body: { name: 'x', expiresInDays: null, readOnly: false, hosts: [h.host] } },
    );
    expect(outside.status).toBe(400);

    // An admin's token with a subset is narrowed too (an admin session sees every host).
    const adminToken = await call(
      createTokenRoute,
      { cookie: h.cookie },
      { method: 'POST', body: { name: 'a', expiresInDays: 30, readOnly: false, hosts: [host2] } },
    );
    const adminActor = userFromApiToken(h.rt, adminToken.body.secret);
    expect(can(adminActor, 'containers.read', host2)).toBe(true);
    expect(can(adminActor, 'containers.read', h.host)).toBe(false);
  });
});
