import { spawn } from 'node:child_process';
import fs from 'node:fs';
import tar from 'tar-stream';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOW_HIGH_WATERMARK } from '@/server/contracts/exec';
import type { ExecExit, ExecOpened } from '@/server/contracts/exec';
import type { Runtime } from '@/server/runtime';
import { openSessionCount, sessionById } from '@/server/services/exec';
import { busyEngineConnections } from '../support/engine-resources';
import { startHarness, type Harness } from '../support/harness';
import { docker, loadRig, waitFor } from '../support/rig';

const rig = loadRig();
const label = 'wharf.test=integration-exec';
let h: Harness;
let rt: Runtime;

let base = '';
let cookie = '';
let host = '';
let box = '';
const sockets: Socket[] = [];

interface Term {
  socket: Socket;
  opened: ExecOpened;
  text: () => string;
  exit: Promise<ExecExit>;
  send: (data: string) => void;
  autoAck: { on: boolean; held: Array<() => void> };
}

async function openTerm(payload: Record<string, unknown>, event = 'exec.open'): Promise<Term> {
  const socket = connect(base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  sockets.push(socket);
  await new Promise<void>((r, j) => (socket.on('connect', () => r()), socket.on('connect_error', j)));
  let out = '';
  const autoAck = { on: true, held: [] as Array<() => void> };
  socket.on('exec.output', (p: { data: Buffer }, ack: () => void) => {
    out += Buffer.from(p.data).toString('utf8');
    if (autoAck.on) ack();
    else autoAck.held.push(ack);
  });
  const exit = new Promise<ExecExit>((r) => socket.on('exec.exit', r));
  const reply = await new Promise<{ ok: boolean; data?: ExecOpened; message?: string }>((r) => socket.emit(event, payload, r));
  if (!reply.ok) throw Object.assign(new Error(reply.message), { reply });
  const opened = reply.data!;
  return {
    socket,
    opened,
    text: () => out,
    exit,
    send: (data) => socket.emit('exec.input', { sessionId: opened.sessionId, data }),
    autoAck,
  };
}

const shellsIn = async (id: string) =>
  (await docker(rig.MAIN_SOCKET, 'top', id, '-o', 'pid,args'))
    .split('\n')
    .filter((l) => /\b(sh|bash|yes|cat)\b/.test(l) && !/sleep/.test(l));

beforeAll(async () => {
  // A short grace: a dropped socket's shell ends soon after (terminal-persist.test.ts covers re-attaching).
  h = await startHarness('exec', rig.MAIN_SOCKET, label, { env: { WHARF_TERMINAL_GRACE_S: '1' } });
  ({ rt, base, cookie, host } = h);
  box = await docker(rig.MAIN_SOCKET, 'run', '-d', '--init', '--label', label, rig.SEED_BUSYBOX, 'sleep', '600');
  await waitFor(() => rt.engines.get(host).containers.get(box)?.state === 'running', 5000, 'box running');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await h.close();
});

describe('exec terminal over socket.io against a real engine', () => {
  it('runs a shell with a TTY: arithmetic, resize, and the exit code', async () => {
    const t = await openTerm({ hostId: host, id: box, shell: 'auto', cols: 100, rows: 30 });
    expect(t.opened).toMatchObject({ kind: 'exec', containerName: expect.any(String) });
    t.send('echo $((6*7))\r');
    await waitFor(() => /\r?\n42\r?\n/.test(t.text()), 3000, '42');
    expect(t.text()).not.toContain('7771');
    t.send('stty size\r');
    await waitFor(() => t.text().includes('30 100'), 3000, 'stty 30 100');
    await new Promise<void>((r) => t.socket.emit('exec.resize', { sessionId: t.opened.sessionId, cols: 120, rows: 40 }, () => r()));
    t.send('stty size\r');
    await waitFor(() => t.text().includes('40 120'), 3000, 'stty 40 120');
    t.send('exit 3\r');
    expect(await t.exit).toMatchObject({ exitCode: 3, reason: 'The shell exited', cause: 'exited' });
    const audit = rt.db.prepare("SELECT action, detail FROM audit WHERE action LIKE 'exec.%' ORDER BY id").all() as Array<{
      action: string;
      detail: string;
    }>;
    expect(audit.map((a) => a.action)).toEqual(['exec.open', 'exec.end']);
    expect(audit[1]!.detail).toContain('exit code 3');
  });

  it('without a TTY, stdout and stderr both reach the terminal', async () => {
    const t = await openTerm({ hostId: host, id: box, shell: 'custom', command: ['sh', '-c', 'echo to-out; echo to-err >&2'], tty: false });
    const exit = await t.exit;
    expect(exit.exitCode).toBe(0);
    expect(t.text()).toContain('to-out');
    expect(t.text()).toContain('to-err');
  });

  it('holds a flood at the high watermark until the browser acknowledges, and Ctrl-C stops it', async () => {
    const t = await openTerm({ hostId: host, id: box, shell: 'sh' });
    await waitFor(() => t.text().includes('#'), 3000, 'prompt');
    t.autoAck.on = false;
    t.send('yes\r');
    const session = sessionById(t.opened.sessionId)!;
    await waitFor(() => session.isPaused, 3000, 'paused at the watermark');
    // Frames sent just before the pause may still be on their way (a loaded machine): let them land first.
    let seen = -1;
    await waitFor(
      async () => {
        const before = t.text().length;
        await new Promise((r) => setTimeout(r, 150));
        const same = t.text().length === before && before === seen;
        seen = t.text().length;
        return same;
      },
      5000,
      'output in flight landed',
    );
    const held = t.text().length;
    await new Promise((r) => setTimeout(r, 500));
    // Paused: nothing more arrives while nothing is acknowledged (bounded memory).
    expect(t.text().length - held).toBeLessThan(70_000);
    expect(session.inFlight).toBeLessThan(FLOW_HIGH_WATERMARK + 70_000);
    t.autoAck.on = true;
    for (const ack of t.autoAck.held.splice(0)) ack();
    await waitFor(() => t.text().length > held + 200_000, 5000, 'flood resumed after acks');
    const start = Date.now();
    t.send('\x03');
    t.send('echo done-$((1+1))\r');
    await waitFor(() => t.text().includes('done-2'), 5000, 'prompt back after Ctrl-C');
    expect(Date.now() - start).toBeLessThan(5000);
    await new Promise<void>((r) => t.socket.emit('exec.close', { sessionId: t.opened.sessionId }, () => r()));
    await t.exit;
  });

  it('closing the tab, or losing the connection past the grace period, ends the shell and what it started', async () => {
    const t = await openTerm({ hostId: host, id: box, shell: 'sh' });
    await waitFor(() => t.text().includes('#'), 3000, 'prompt');
    t.send('cat\r');
    await waitFor(async () => (await shellsIn(box)).some((l) => /\bcat\b/.test(l)), 3000, 'cat running');
    t.socket.disconnect();
    await waitFor(async () => (await shellsIn(box)).length === 0, 5000, 'no sh or cat left in the container');
  });

  it('says clearly when the shell is missing or the container is stopped', async () => {
    const t = await openTerm({ hostId: host, id: box, shell: 'bash' });
    expect(await t.exit).toMatchObject({ exitCode: 127, reason: 'bash was not found in the container', cause: 'command-not-found' });
    const stopped = await docker(
      rig.MAIN_SOCKET,
      'create',
      '--label',
      label,
      '--name',
      `wharf-exec-stopped-${Date.now()}`,
      rig.SEED_BUSYBOX,
      'true',
    );
    await expect(openTerm({ hostId: host, id: stopped, shell: 'sh' })).rejects.toThrow(/is not running: start it to open a terminal/);
  });

  it('runs a custom command in an image without sh, and says a shell cannot be had there', async () => {
    // An image with only /bin/busybox and no sh link, made here: like a distroless image.
    const image = `wharf-test/no-shell:${Date.now().toString(36)}`;
    const pack = tar.pack();
    pack.entry({ name: 'bin/busybox', mode: 0o755 }, fs.readFileSync('/bin/busybox'));
    pack.finalize();
    const importer = spawn('docker', ['import', '--change', 'LABEL wharf.test=integration-exec', '-', image], {
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    pack.pipe(importer.stdin);
    await new Promise((r) => importer.on('exit', r));
    try {
      const id = await docker(rig.MAIN_SOCKET, 'run', '-d', '--label', label, image, '/bin/busybox', 'sleep', '300');
      await waitFor(() => rt.engines.get(host).containers.get(id)?.state === 'running', 5000, 'running');
      await expect(openTerm({ hostId: host, id, shell: 'auto' })).rejects.toThrow(/has no shell \(sh\)/);
      const t = await openTerm({ hostId: host, id, shell: 'custom', command: ['/bin/busybox', 'echo', 'no-shell-ok'] });
      expect(await t.exit).toMatchObject({ exitCode: 0 });
      expect(t.text()).toContain('no-shell-ok');
      await docker(rig.MAIN_SOCKET, 'rm', '-f', '-v', id);
    } finally {
      await docker(rig.MAIN_SOCKET, 'rmi', image).catch(() => undefined);
    }
  });

  it('closes the terminal with a message when the container stops', async () => {
    const id = await docker(rig.MAIN_SOCKET, 'run', '-d', '--init', '--label', label, rig.SEED_BUSYBOX, 'sleep', '600');
    await waitFor(() => rt.engines.get(host).containers.get(id)?.state === 'running', 5000, 'running');
    const t = await openTerm({ hostId: host, id, shell: 'sh' });
    await waitFor(() => t.text().includes('#'), 3000, 'prompt');
    await docker(rig.MAIN_SOCKET, 'stop', '-t', '1', id);
    expect(await t.exit).toMatchObject({ reason: 'The container stopped', cause: 'container-stopped' });
  });

  it('attaches to the main process and detaches with Ctrl-P Ctrl-Q, leaving it running', async () => {
    const id = await docker(rig.MAIN_SOCKET, 'run', '-dit', '--label', label, rig.SEED_BUSYBOX, 'sh');
    await waitFor(() => rt.engines.get(host).containers.get(id)?.state === 'running', 5000, 'running');
    const t = await openTerm({ hostId: host, id, cols: 80, rows: 24 }, 'attach.open');
    t.send('echo attached-$((2*3))\r');
    await waitFor(() => t.text().includes('attached-6'), 3000, 'attached output');
    t.send('\x10\x11');
    expect(await t.exit).toMatchObject({ reason: 'Detached', cause: 'detached' });
    expect(await docker(rig.MAIN_SOCKET, 'inspect', '-f', '{{.State.Running}}', id)).toBe('true');
  });

  it("refuses an unknown user at once, in the engine's words, without a session, and audits the refusal", async () => {
    const socket = connect(base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((r) => socket.on('connect', () => r()));
    const events: string[] = [];
    socket.on('exec.output', (_p: unknown, ack: () => void) => (events.push('output'), ack()));
    socket.on('exec.exit', () => events.push('exit'));
    const sessionsBefore = openSessionCount();
    const start = Date.now();
    const reply = await new Promise<{ ok: boolean; code?: string; message?: string }>((r) =>
      socket.emit('exec.open', { hostId: host, id: box, shell: 'sh', user: 'nosuchuser' }, r),
    );
    expect(Date.now() - start).toBeLessThan(3000);
    expect(reply).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(reply.message).toContain('nosuchuser');
    expect(reply.message).toContain('unable to find user nosuchuser: no matching entries in passwd file');
    const badDir = await new Promise<{ ok: boolean; code?: string; message?: string }>((r) =>
      socket.emit('exec.open', { hostId: host, id: box, shell: 'sh', workingDir: '/no/such/dir' }, r),
    );
    expect(badDir).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(badDir.message).toMatch(/Working directory "\/no\/such\/dir" does not exist in .*: .*no such file or directory/);
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toEqual([]);
    expect(openSessionCount()).toBe(sessionsBefore);
    const audit = rt.db.prepare("SELECT result, detail FROM audit WHERE action = 'exec.open' ORDER BY id DESC LIMIT 2").all() as Array<{
      result: string;
      detail: string;
    }>;
    expect(audit.map((a) => a.result)).toEqual(['error', 'error']);
    expect(audit[1]!.detail).toContain('unable to find user nosuchuser');
    socket.close();
  });

  it('answers the open before any output or exit of its session, even for a command that ends at once', async () => {
    const socket = connect(base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((r) => socket.on('connect', () => r()));
    const order: string[] = [];
    socket.on('exec.output', (p: { sessionId: string }, ack: () => void) => (order.push(`output ${p.sessionId}`), ack()));
    socket.on('exec.exit', (p: ExecExit) => order.push(`exit ${p.sessionId}`));
    const ids = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const r = await new Promise<{ ok: boolean; data?: ExecOpened }>((res) =>
          socket.emit(
            'exec.open',
            { hostId: host, id: box, shell: 'custom', command: ['echo', `at-once-${i}`], tty: i % 2 === 0 },
            (a: { ok: boolean; data?: ExecOpened }) => {
              // Recorded in the ack callback itself: an awaited promise would resolve after later packets of the same frame.
              if (a.data) order.push(`ack ${a.data.sessionId}`);
              res(a);
            },
          ),
        );
        expect(r.ok).toBe(true);
        return r.data!.sessionId;
      }),
    );
    await waitFor(() => ids.every((id) => order.includes(`exit ${id}`)), 10_000, 'every session exited');
    for (const id of ids) {
      const mine = order.filter((e) => e.endsWith(` ${id}`));
      expect(mine[0], mine.join(', ')).toBe(`ack ${id}`);
      expect(mine.some((e) => e.startsWith('output'))).toBe(true);
      expect(mine[mine.length - 1]).toBe(`exit ${id}`);
    }
    socket.close();
  });

  it('closing terminals and dropping sockets leaves no engine connection behind', async () => {
    await waitFor(() => openSessionCount() === 0, 10_000, 'no session left from earlier tests');
    const baseline = await waitFor(
      () => {
        const n = busyEngineConnections(rig.MAIN_SOCKET);
        return n >= 1 ? n : null;
      },
      5000,
      'the events stream',
    );
    const terms = await Promise.all(Array.from({ length: 10 }, () => openTerm({ hostId: host, id: box, shell: 'sh' })));
    for (const t of terms) await waitFor(() => t.text().includes('#'), 5000, 'prompt');
    await Promise.all(
      terms.map((t, i) =>
        i % 2
          ? new Promise<void>((r) => t.socket.emit('exec.close', { sessionId: t.opened.sessionId }, () => r()))
          : Promise.resolve(t.socket.disconnect()),
      ),
    );
    await waitFor(() => openSessionCount() === 0, 10_000, 'sessions ended');
    // The KILL helper runs 1.5 s after the HUP one; both must have let go of their connections.
    await new Promise((r) => setTimeout(r, 2500));
    await waitFor(
      () => busyEngineConnections(rig.MAIN_SOCKET) <= baseline,
      5000,
      `engine connections back to ${baseline} (now ${busyEngineConnections(rig.MAIN_SOCKET)})`,
    );
    expect(await shellsIn(box)).toEqual([]);
  });
});
