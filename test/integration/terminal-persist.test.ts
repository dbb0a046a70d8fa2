import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecExit, ExecOpened, ExecReattached } from '@/server/contracts/exec';
import type { Runtime } from '@/server/runtime';
import { createSession, logout, userFromToken } from '@/server/services/auth';
import { sessionById } from '@/server/services/exec';
import { createUser } from '@/server/services/users';
import { startHarness, type Harness } from '../support/harness';
import { docker, loadRig, waitFor } from '../support/rig';

const rig = loadRig();
const label = 'wharf.test=integration-term-persist';
const GRACE_S = 3;
let h: Harness;
let rt: Runtime;
let box = '';
const sockets: Socket[] = [];

type Reply<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

/** A browser tab's socket: what it was sent, counted in bytes as the browser counts them for `since`. */
async function client(cookie: string) {
  const socket = connect(h.base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  sockets.push(socket);
  await new Promise<void>((r, j) => (socket.on('connect', () => r()), socket.on('connect_error', j)));
  const got = { text: '', bytes: 0, exits: [] as ExecExit[] };
  socket.on('exec.output', (p: { data: Buffer }, ack: () => void) => {
    const b = Buffer.from(p.data);
    got.text += b.toString('utf8');
    got.bytes += b.length;
    ack();
  });
  socket.on('exec.exit', (e: ExecExit) => got.exits.push(e));
  const call = <T>(event: string, payload: unknown) => new Promise<Reply<T>>((r) => socket.emit(event, payload, r));
  return { socket, got, call };
}

const cookieOf = (token: string) => `wharf_session=${token}`;
/** The container's processes other than its main one (pid 1 `sleep 600` under --init). */
const processes = async () =>
  (await docker(rig.MAIN_SOCKET, 'top', box, '-o', 'pid,args'))
    .split('\n')
    .slice(1)
    .filter((l) => !/docker-init|sleep 600/.test(l));

beforeAll(async () => {
  h = await startHarness('term-persist', rig.MAIN_SOCKET, label, { env: { WHARF_TERMINAL_GRACE_S: String(GRACE_S) } });
  rt = h.rt;
  box = await docker(rig.MAIN_SOCKET, 'run', '-d', '--init', '--label', label, rig.SEED_BUSYBOX, 'sleep', '600');
  await waitFor(() => rt.engines.get(h.host).containers.get(box)?.state === 'running', 5000, 'box running');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await h.close();
});

describe('terminals outlive their socket for the grace period', () => {
  it('re-attaches with the missed output replayed, refuses anyone else, and ends everything when the grace runs out', async () => {
    const a = await client(h.cookie);
    const opened = await a.call<ExecOpened>('exec.open', { hostId: h.host, id: box, shell: 'sh' });
    if (!opened.ok) throw new Error(opened.message);
    const id = opened.data.sessionId;
    const send = (s: Socket, data: string) => s.emit('exec.input', { sessionId: id, data });
    send(a.socket, 'sleep 777 & echo mark-$((6*7))\r');
    await waitFor(() => a.got.text.includes('mark-42'), 5000, 'marker');
    // Printed while no browser is attached: the ring keeps it.
    send(a.socket, '(sleep 1; echo late-$((2+3))) &\r');
    await new Promise((r) => setTimeout(r, 300));
    const seen = a.got.bytes;
    a.socket.disconnect();
    await new Promise((r) => setTimeout(r, 1500));
    expect(a.got.text).not.toContain('late-5');
    expect(sessionById(id)?.attached).toBe(false);
    expect((await processes()).some((l) => /sleep 777/.test(l))).toBe(true);

    // Another user, and even another sign-in of the same user, get the same answer as for an unknown id.
    const adminUser = userFromToken(rt, h.cookie.split('=')[1])!;
    const { user: other } = await createUser(rt, adminUser, {
      username: 'other-admin',
      role: 'admin',
      hosts: 'all',
      password: 'other-password',
    });
    for (const cookie of [cookieOf(createSession(rt, other)), cookieOf(createSession(rt, adminUser))]) {
      const c = await client(cookie);
      const refused = await c.call<ExecReattached>('exec.reattach', { sessionId: id, since: null });
      expect(refused).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await c.call('exec.input', { sessionId: id, data: 'echo intruder\r' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await c.call('exec.close', { sessionId: id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      c.socket.disconnect();
    }

    // The owner's new socket (a dropped connection): only what it missed, then live output.
    const b = await client(h.cookie);
    const back = await b.call<ExecReattached>('exec.reattach', { sessionId: id, since: seen });
    if (!back.ok) throw new Error(back.message);
    const missed = Buffer.from(back.data.replay as Buffer).toString('utf8');
    expect(missed).toContain('late-5');
    expect(missed).not.toContain('mark-42');
    expect(back.data).toMatchObject({ reset: false, offset: seen + Buffer.byteLength(missed), kind: 'exec' });
    send(b.socket, 'echo again-$((1+1))\r');
    await waitFor(() => b.got.text.includes('again-2'), 5000, 'live output after re-attach');
    expect(b.got.text).not.toContain('intruder');

    // A reload (a fresh screen): the whole kept output, marker included; the socket that had it is told.
    const c = await client(h.cookie);
    const reloaded = await c.call<ExecReattached>('exec.reattach', { sessionId: id, since: null });
    if (!reloaded.ok) throw new Error(reloaded.message);
    expect(Buffer.from(reloaded.data.replay as Buffer).toString('utf8')).toMatch(/mark-42[\s\S]*late-5[\s\S]*again-2/);
    await waitFor(() => b.got.exits.some((e) => e.cause === 'moved'), 3000, 'the old socket told');
    expect(await b.call('exec.input', { sessionId: id, data: 'echo stale\r' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    await new Promise<void>((r) => c.socket.emit('exec.resize', { sessionId: id, cols: 111, rows: 33 }, () => r()));
    send(c.socket, 'stty size\r');
    await waitFor(() => c.got.text.includes('33 111'), 5000, 'resize after re-attach');

    // Nobody comes back: the grace runs out and the shell goes with everything it started.
    const gone = Date.now();
    c.socket.disconnect();
    await new Promise((r) => setTimeout(r, 1000));
    expect(sessionById(id)).toBeDefined();
    await waitFor(async () => (await processes()).length === 0, (GRACE_S + 6) * 1000, 'no sh or sleep left');
    expect(Date.now() - gone).toBeGreaterThanOrEqual(GRACE_S * 1000 - 100);
    expect(sessionById(id)).toBeUndefined();
    // The end is audited once the shell's stream has closed, a moment after its processes are gone.
    const ended = await waitFor(
      () =>
        rt.db.prepare("SELECT detail FROM audit WHERE action = 'exec.end' ORDER BY id DESC LIMIT 1").get() as
          { detail: string } | undefined,
      5000,
      'the end audited',
    );
    expect(ended.detail).toContain(`No browser came back within ${GRACE_S} s`);
    const late = await client(h.cookie);
    expect(await late.call('exec.reattach', { sessionId: id, since: null })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('signing out ends a detached shell at once, without waiting for the grace period', async () => {
    const token = createSession(rt, userFromToken(rt, h.cookie.split('=')[1])!);
    const a = await client(cookieOf(token));
    const opened = await a.call<ExecOpened>('exec.open', { hostId: h.host, id: box, shell: 'sh' });
    if (!opened.ok) throw new Error(opened.message);
    await waitFor(() => a.got.text.includes('#'), 5000, 'prompt');
    a.socket.disconnect();
    await waitFor(() => sessionById(opened.data.sessionId)?.attached === false, 3000, 'detached');
    logout(rt, token, null);
    const t = Date.now();
    await waitFor(() => sessionById(opened.data.sessionId) === undefined, 2500, 'ended by the sign-out');
    expect(Date.now() - t).toBeLessThan(GRACE_S * 1000);
    await waitFor(async () => (await processes()).length === 0, 5000, 'no process left');
    await waitFor(
      () => rt.db.prepare("SELECT 1 FROM audit WHERE action = 'exec.end' AND detail LIKE 'sh: Signed out%'").get() !== undefined,
      3000,
      'the end audited as a sign-out',
    );
  });

  it('a tab closed while its connection was down: the close sent on the next socket ends the shell', async () => {
    const a = await client(h.cookie);
    const opened = await a.call<ExecOpened>('exec.open', { hostId: h.host, id: box, shell: 'sh' });
    if (!opened.ok) throw new Error(opened.message);
    await waitFor(() => a.got.text.includes('#'), 5000, 'prompt');
    a.socket.disconnect();
    await waitFor(() => sessionById(opened.data.sessionId)?.attached === false, 3000, 'detached');
    const b = await client(h.cookie);
    expect(await b.call('exec.close', { sessionId: opened.data.sessionId })).toMatchObject({ ok: true });
    await waitFor(() => sessionById(opened.data.sessionId) === undefined, 3000, 'session ended');
    await waitFor(async () => (await processes()).length === 0, 5000, 'no process left');
    await waitFor(
      () => rt.db.prepare("SELECT 1 FROM audit WHERE action = 'exec.end' AND detail LIKE 'sh: Closed%'").get() !== undefined,
      3000,
      'the end audited',
    );
  });
});
