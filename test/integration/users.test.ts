import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as passwordRoute } from '@/app/api/account/password/route';
import { GET as ownSessionsRoute } from '@/app/api/account/sessions/route';
import { DELETE as ownSessionRoute } from '@/app/api/account/sessions/[sessionId]/route';
import { POST as loginRoute } from '@/app/api/auth/login/route';
import { GET as containersRoute } from '@/app/api/containers/route';
import { DELETE as deleteUserRoute, PUT as updateUserRoute } from '@/app/api/users/[id]/route';
import { POST as disableRoute } from '@/app/api/users/[id]/disable/route';
import { POST as enableRoute } from '@/app/api/users/[id]/enable/route';
import { POST as resetRoute } from '@/app/api/users/[id]/reset-password/route';
import { GET as userSessionsRoute } from '@/app/api/users/[id]/sessions/route';
import { DELETE as userSessionRoute } from '@/app/api/users/[id]/sessions/[sessionId]/route';
import { GET as usersRoute, POST as createUserRoute } from '@/app/api/users/route';
import { setRuntime } from '@/server/runtime';
import { startHarness, type Harness } from '../support/harness';
import { call, signIn } from '../support/identity';
import { liveClient } from '../support/live-client';
import { loadRig, waitFor } from '../support/rig';

const rig = loadRig();
let h: Harness;
const sockets: Socket[] = [];
const admin = () => ({ cookie: h.cookie });

async function createUser(username: string, role: 'admin' | 'operator' | 'viewer', extra: Record<string, unknown> = {}) {
  const r = await call(createUserRoute, admin(), { method: 'POST', body: { username, role, hosts: 'all', ...extra } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { user: { id: number; username: string }; temporaryPassword: string | null };
}

/** What a socket hears before the server hangs up on it. */
function watch(s: Socket) {
  const heard: { ended?: unknown; refresh?: boolean; disconnect?: string } = {};
  s.on('session.ended', (p: unknown) => (heard.ended = p));
  s.on('session.refresh', () => (heard.refresh = true));
  s.on('disconnect', (reason: string) => (heard.disconnect = reason));
  return heard;
}

beforeAll(async () => {
  h = await startHarness('users', rig.MAIN_SOCKET, 'wharf.test=identity');
  setRuntime(h.rt);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  setRuntime(undefined);
  await h?.close();
});

describe('users', () => {
  it('a generated temporary password must be changed at first sign-in; until then everything else answers 403', async () => {
    const { user, temporaryPassword } = await createUser('temp-op', 'operator');
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const { cookie, user: signedIn } = await signIn(loginRoute, 'temp-op', temporaryPassword!);
    expect(signedIn).toMatchObject({ id: user.id, mustChangePassword: true });

    const refused = await call(containersRoute, { cookie });
    expect(refused).toMatchObject({ status: 403, body: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    await expect(liveClient(h.base, cookie, sockets)).rejects.toThrow('PASSWORD_CHANGE_REQUIRED');

    const wrong = await call(
      passwordRoute,
      { cookie },
      { method: 'POST', body: { currentPassword: 'nope', newPassword: 'a-new-password' } },
    );
    expect(wrong).toMatchObject({ status: 400, body: { fields: { currentPassword: 'Wrong password' } } });
    const same = await call(
      passwordRoute,
      { cookie },
      { method: 'POST', body: { currentPassword: temporaryPassword, newPassword: temporaryPassword } },
    );
    expect(same.status).toBe(400);
    const ok = await call(
      passwordRoute,
      { cookie },
      { method: 'POST', body: { currentPassword: temporaryPassword, newPassword: 'a-new-password' } },
    );
    expect(ok.status).toBe(204);
    expect((await call(containersRoute, { cookie })).status).toBe(200);
    await signIn(loginRoute, 'temp-op', 'a-new-password');
  });

  it('disable refuses sign-in and ends open sockets at once; enable lets the user in again', async () => {
    const { user } = await createUser('dis-op', 'operator', { password: 'dis-op-password' });
    const { cookie } = await signIn(loginRoute, 'dis-op', 'dis-op-password');
    const { s } = await liveClient(h.base, cookie, sockets);
    const heard = watch(s);

    const r = await call(disableRoute, admin(), { method: 'POST', params: { id: String(user.id) } });
    expect(r).toMatchObject({ status: 200, body: { disabled: true } });
    await waitFor(() => heard.disconnect, 5_000, 'socket disconnected');
    expect(heard).toEqual({ ended: { reason: 'disabled', byAdmin: true }, disconnect: 'io server disconnect' });
    expect((await call(containersRoute, { cookie })).status).toBe(401);
    await expect(signIn(loginRoute, 'dis-op', 'dis-op-password')).rejects.toThrow('401');

    expect((await call(enableRoute, admin(), { method: 'POST', params: { id: String(user.id) } })).body).toMatchObject({ disabled: false });
    await signIn(loginRoute, 'dis-op', 'dis-op-password');
  });

  it('the admin cannot disable or delete themselves, nor demote the last admin; deleting another user works', async () => {
    const me = (await call(usersRoute, admin())).body.find((u: { username: string }) => u.username === 'admin');
    const self = { params: { id: String(me.id) } };
    expect(await call(disableRoute, admin(), { method: 'POST', ...self })).toMatchObject({ status: 409 });
    expect(await call(deleteUserRoute, admin(), { method: 'DELETE', ...self })).toMatchObject({ status: 409 });
    const demote = await call(updateUserRoute, admin(), { method: 'PUT', body: { role: 'operator', hosts: 'all' }, ...self });
    expect(demote).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect(demote.body.message).toContain('last admin');

    const { user } = await createUser('gone-op', 'viewer', { password: 'gone-op-password' });
    expect((await call(deleteUserRoute, admin(), { method: 'DELETE', params: { id: String(user.id) } })).status).toBe(204);
    await expect(signIn(loginRoute, 'gone-op', 'gone-op-password')).rejects.toThrow('401');
    const names = (await call(usersRoute, admin())).body.map((u: { username: string }) => u.username);
    expect(names).not.toContain('gone-op');
  });

  it('reset password ends the sessions and issues a temporary password that must be changed', async () => {
    const { user } = await createUser('reset-op', 'operator', { password: 'reset-op-password' });
    const { cookie } = await signIn(loginRoute, 'reset-op', 'reset-op-password');
    const { s } = await liveClient(h.base, cookie, sockets);
    const heard = watch(s);
    const r = await call(resetRoute, admin(), { method: 'POST', params: { id: String(user.id) } });
    expect(r.status).toBe(200);
    await waitFor(() => heard.disconnect, 5_000, 'socket disconnected');
    expect(heard.ended).toEqual({ reason: 'password-reset', byAdmin: true });
    expect((await call(containersRoute, { cookie })).status).toBe(401);
    const again = await signIn(loginRoute, 'reset-op', r.body.temporaryPassword);
    expect(again.user.mustChangePassword).toBe(true);
  });

  it('sessions are listed with a public id (no token hash) and revoking one disconnects its socket at once', async () => {
    const { user } = await createUser('sess-op', 'operator', { password: 'sess-op-password' });
    const a = await signIn(loginRoute, 'sess-op', 'sess-op-password', 'Browser A');
    const b = await signIn(loginRoute, 'sess-op', 'sess-op-password', 'Browser B');
    const own = await call(ownSessionsRoute, { cookie: a.cookie });
    expect(own.body).toHaveLength(2);
    const current = own.body.find((x: { current: boolean }) => x.current);
    expect(current.client).toBe('Browser A · 127.0.0.1');
    expect(JSON.stringify(own.body)).not.toMatch(/token|hash/);

    // The admin sees the same sessions and revokes B while B has a socket open.
    const listed = await call(userSessionsRoute, admin(), { params: { id: String(user.id) } });
    const sessionB = listed.body.find((x: { client: string }) => x.client.startsWith('Browser B'));
    const { s } = await liveClient(h.base, b.cookie, sockets);
    const heard = watch(s);
    const revoked = await call(userSessionRoute, admin(), { method: 'DELETE', params: { id: String(user.id), sessionId: sessionB.id } });
    expect(revoked.status).toBe(204);
    await waitFor(() => heard.disconnect, 5_000, 'socket disconnected');
    expect(heard.ended).toEqual({ reason: 'revoked', byAdmin: true });
    expect((await call(containersRoute, { cookie: b.cookie })).status).toBe(401);
    expect((await call(containersRoute, { cookie: a.cookie })).status).toBe(200);

    // A user revokes their own other session.
    const c = await signIn(loginRoute, 'sess-op', 'sess-op-password', 'Browser C');
    const mine = await call(ownSessionsRoute, { cookie: a.cookie });
    const sessionC = mine.body.find((x: { client: string }) => x.client.startsWith('Browser C'));
    expect((await call(ownSessionRoute, { cookie: a.cookie }, { method: 'DELETE', params: { sessionId: sessionC.id } })).status).toBe(204);
    expect((await call(containersRoute, { cookie: c.cookie })).status).toBe(401);
  });

  it('changing role or grants reconnects open sockets; only admins manage users and the refusal names the right', async () => {
    const { user } = await createUser('role-op', 'operator', { password: 'role-op-password' });
    const { cookie } = await signIn(loginRoute, 'role-op', 'role-op-password');
    const { s } = await liveClient(h.base, cookie, sockets);
    const heard = watch(s);
    const r = await call(updateUserRoute, admin(), {
      method: 'PUT',
      params: { id: String(user.id) },
      body: { role: 'viewer', hosts: [h.host] },
    });
    expect(r.body).toMatchObject({ role: 'viewer', hosts: [h.host] });
    await waitFor(() => heard.disconnect, 5_000, 'socket disconnected');
    expect(heard.refresh).toBe(true);
    expect(heard.ended).toBeUndefined();

    const list = await call(usersRoute, { cookie });
    expect(list).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(list.body.message).toContain('users.manage');
    const unknownHost = await call(updateUserRoute, admin(), {
      method: 'PUT',
      params: { id: String(user.id) },
      body: { role: 'viewer', hosts: ['nope'] },
    });
    expect(unknownHost.status).toBe(400);
  });
});
