import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as downloadRoute } from '@/app/api/hosts/[hostId]/containers/[id]/files/download/route';
import { GET as filesRoute } from '@/app/api/hosts/[hostId]/containers/[id]/files/route';
import { GET as exportRoute } from '@/app/api/hosts/[hostId]/containers/[id]/export/route';
import { GET as logsRoute } from '@/app/api/hosts/[hostId]/containers/[id]/logs/route';
import { openLiveStreams } from '@/server/realtime';
import { setRuntime, type Runtime } from '@/server/runtime';
import { openSessionCount } from '@/server/services/exec';
import { busyEngineConnections as busy, openFds, timedRemove } from '../support/engine-resources';
import { startHarness, type Harness } from '../support/harness';
import { docker, loadRig, waitFor } from '../support/rig';

/**
 * Opens and abandons many engine streams of every kind Wharf opens, in every way a consumer can go
 * away, then checks that nothing stays behind: engine connections and fds back to their baseline,
 * and every touched container removable at once.
 */
const rig = loadRig();
const label = 'wharf.test=integration-resources';
/** Streams of each kind opened and abandoned. Archive and terminal streams cost the engine ~0.1–0.3 s
 * each on a 2-core machine, so those 50 are shared among their endings; live logs and stats are cheap
 * and get 50 per ending. */
const N = 50;
const share = (endings: number, i: number) => Math.floor(N / endings) + (i < N % endings ? 1 : 0);
let h: Harness;
let rt: Runtime;
/** A stopped container: its folders are listed through the archive API. */
let stopped = '';
const sockets: Socket[] = [];
const c: Record<'file' | 'folder' | 'export' | 'logs' | 'stats' | 'exec' | 'attach', string> = {
  file: '',
  folder: '',
  export: '',
  logs: '',
  stats: '',
  exec: '',
  attach: '',
};

const busyEngineConnections = () => busy(rig.MAIN_SOCKET);

async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

function client(): Promise<Socket> {
  const s = connect(h.base, { transports: ['websocket'], extraHeaders: { cookie: h.cookie }, reconnection: false, forceNew: true });
  sockets.push(s);
  s.on('exec.output', (_p: unknown, ack: () => void) => ack());
  return new Promise((resolve, reject) => {
    s.on('connect', () => resolve(s));
    s.on('connect_error', reject);
  });
}
const ask = <T>(s: Socket, event: string, payload: unknown) =>
  new Promise<{ ok: boolean; data?: T; message?: string }>((resolve) => s.emit(event, payload, resolve));
const closed = (s: Socket) => {
  s.close();
  sockets.splice(sockets.indexOf(s), 1);
};

type Route = (req: Request, ctx: { params: Promise<{ hostId: string; id: string }> }) => Promise<Response>;
type HttpEnding = 'abort' | 'cancel' | 'gone-before-response';

/**
 * One HTTP download ended by the client. `abort`: the browser goes away mid-stream, which Next turns
 * into the request's signal aborting and the body being cancelled; `cancel`: only the body is
 * cancelled; `gone-before-response`: the client left before the answer, so Next never reads the body.
 */
async function httpThenAbandon(route: Route, id: string, query: string, ending: HttpEnding): Promise<void> {
  const ac = new AbortController();
  const req = new Request(`http://wharf.test/api/hosts/${h.host}/containers/${id}/x?${query}`, {
    headers: { cookie: h.cookie },
    signal: ac.signal,
  });
  const pending = route(req, { params: Promise.resolve({ hostId: h.host, id }) });
  if (ending === 'gone-before-response') {
    ac.abort();
    await pending;
    return;
  }
  const res = await pending;
  if (res.status !== 200) throw new Error(`${res.status}: ${await res.text()}`);
  const reader = res.body!.getReader();
  const first = await reader.read();
  expect(first.done).toBe(false);
  if (ending === 'abort') ac.abort();
  // After the abort the body may already have errored (the engine stream was destroyed): cancel then rejects.
  await reader.cancel().catch(() => undefined);
}

beforeAll(async () => {
  // A dropped socket's terminal outlives it for the grace period: a short one, so the drops below end within the wait.
  h = await startHarness('resources', rig.MAIN_SOCKET, label, { env: { WHARF_TERMINAL_GRACE_S: '1' } });
  rt = h.rt;
  setRuntime(rt);
  const run = (...args: string[]) => docker(rig.MAIN_SOCKET, 'run', '-d', '--init', '--label', label, ...args);
  // 32 MiB files: far more than the socket buffers hold, so every abandoned stream is caught mid-flight.
  const withBig = (dir: string) => [
    rig.SEED_BUSYBOX,
    'sh',
    '-c',
    `mkdir -p ${dir} && dd if=/dev/zero of=${dir}/big bs=1M count=32 2>/dev/null && exec sleep 600`,
  ];
  [c.file, c.folder, c.export, c.logs, c.stats, c.exec, c.attach] = await Promise.all([
    run(...withBig('/')),
    run(...withBig('/data')),
    run(...withBig('/')),
    run(rig.SEED_BUSYBOX, 'sh', '-c', 'i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.05; done'),
    run(rig.SEED_BUSYBOX, 'sleep', '600'),
    run(rig.SEED_BUSYBOX, 'sleep', '600'),
    docker(rig.MAIN_SOCKET, 'run', '-dit', '--label', label, rig.SEED_BUSYBOX, 'sh'),
  ]);
  for (const id of [c.file, c.folder, c.export]) {
    const where = id === c.folder ? '/data/big' : '/big';
    await waitFor(
      async () => (await docker(rig.MAIN_SOCKET, 'exec', id, 'stat', '-c', '%s', where).catch(() => '')) === String(32 * 1024 * 1024),
      20_000,
      `${where} written`,
    );
  }
  stopped = await docker(rig.MAIN_SOCKET, 'create', '--label', label, rig.SEED_BUSYBOX, 'true');
  await waitFor(
    () => Object.values(c).every((id) => rt.engines.get(h.host).containers.get(id)?.state === 'running'),
    10_000,
    'all running',
  );
}, 120_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  setRuntime(undefined);
  await h.close();
});

describe('engine streams abandoned by their consumers leave nothing behind', () => {
  let baseConns = 0;
  let baseFds = 0;

  it('measures the baseline after one stream of each kind ran to its end', async () => {
    // Warm-up: lazily created things (the agent's pool, socket.io's engine, zlib) exist before counting.
    const res = await downloadRoute(new Request(`http://wharf.test/x?path=/big`, { headers: { cookie: h.cookie } }), {
      params: Promise.resolve({ hostId: h.host, id: c.file }),
    });
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(32 * 1024 * 1024);
    const s = await client();
    expect((await ask(s, 'logs.subscribe', { hostId: h.host, id: c.logs })).ok).toBe(true);
    expect((await ask(s, 'logs.unsubscribe', { hostId: h.host, id: c.logs })).ok).toBe(true);
    closed(s);
    await waitFor(() => openLiveStreams(h.io) === 0, 5000, 'no live stream');
    baseConns = await waitFor(
      () => {
        const n = busyEngineConnections();
        return n >= 1 ? n : null;
      },
      5000,
      'the events stream',
    );
    baseFds = openFds();
  });

  it(`file and folder downloads and exports (${N} of each shared among three endings), ${N} archive listings, ${N} HTTP logs`, async () => {
    const endings = ['abort', 'cancel', 'gone-before-response'] as const;
    for (const [i, ending] of endings.entries()) {
      const n = share(endings.length, i);
      await Promise.all([
        pool(n, 4, () => httpThenAbandon(downloadRoute, c.file, 'path=/big', ending)),
        pool(n, 4, () => httpThenAbandon(downloadRoute, c.folder, 'path=/data', ending)),
        pool(n, 4, () => httpThenAbandon(exportRoute, c.export, '', ending)),
      ]);
    }
    // Folder listings of a stopped container read the archive API; half of the clients leave before the answer.
    await pool(N, 4, async (i) => {
      const ac = new AbortController();
      const p = filesRoute(new Request(`http://wharf.test/x?path=/bin`, { headers: { cookie: h.cookie }, signal: ac.signal }), {
        params: Promise.resolve({ hostId: h.host, id: stopped }),
      });
      if (i % 2) ac.abort();
      const res = await p;
      expect(res.status).toBe(200);
      expect(((await res.json()) as { via: string }).via).toBe('archive');
    });
    // Logs over HTTP are read whole from the engine: a client leaving early must not strand them either.
    await pool(N, 10, async (i) => {
      const ac = new AbortController();
      const p = logsRoute(new Request(`http://wharf.test/x?tail=1000`, { headers: { cookie: h.cookie }, signal: ac.signal }), {
        params: Promise.resolve({ hostId: h.host, id: c.logs }),
      });
      if (i % 2) ac.abort();
      await p;
    });
    // A container whose archive stream was abandoned is not locked in the engine.
    for (const id of [c.file, c.folder, c.export]) {
      const start = Date.now();
      await docker(rig.MAIN_SOCKET, 'inspect', '-f', '{{.State.Running}}', id);
      expect(Date.now() - start).toBeLessThan(2000);
    }
    await waitFor(
      () => busyEngineConnections() <= baseConns,
      10_000,
      `engine connections back to ${baseConns} (now ${busyEngineConnections()})`,
    );
  });

  it(`live logs and stats, ${N} subscriptions of each ended by unsubscribe, ${N} by socket drop, ${N} by leaving before the answer`, async () => {
    for (const kind of ['logs', 'stats'] as const) {
      const ref = { hostId: h.host, id: kind === 'logs' ? c.logs : c.stats };
      const s = await client();
      for (let i = 0; i < N; i++) {
        expect(await ask(s, `${kind}.subscribe`, ref)).toMatchObject({ ok: true, data: { following: true } });
        expect((await ask(s, `${kind}.unsubscribe`, ref)).ok).toBe(true);
      }
      closed(s);
      await pool(N, 10, async () => {
        const d = await client();
        expect((await ask(d, `${kind}.subscribe`, ref)).ok).toBe(true);
        closed(d);
      });
      await pool(N, 10, async () => {
        const d = await client();
        d.emit(`${kind}.subscribe`, ref);
        // Subscribe and leave again while the engine stream is still opening.
        d.emit(`${kind}.unsubscribe`, ref);
        d.emit(`${kind}.subscribe`, ref);
        closed(d);
      });
    }
    await waitFor(() => openLiveStreams(h.io) === 0, 10_000, 'no live stream left open');
    await waitFor(
      () => busyEngineConnections() <= baseConns,
      10_000,
      `engine connections back to ${baseConns} (now ${busyEngineConnections()})`,
    );
  });

  it(`terminals: ${N} exec and ${N} attach sessions shared among close, socket drop, and drop before the answer`, async () => {
    for (const [event, id] of [
      ['exec.open', c.exec],
      ['attach.open', c.attach],
    ] as const) {
      const payload = { hostId: h.host, id, shell: 'sh', cols: 80, rows: 24 };
      const endings = ['close', 'drop', 'drop-before-answer'] as const;
      for (const [i, ending] of endings.entries()) {
        await pool(share(endings.length, i), 10, async () => {
          const s = await client();
          if (ending === 'drop-before-answer') {
            s.emit(event, payload);
            await new Promise((r) => setTimeout(r, 5));
            closed(s);
            return;
          }
          const r = await ask<{ sessionId: string }>(s, event, payload);
          expect(r.ok, r.message).toBe(true);
          if (ending === 'close') expect((await ask(s, 'exec.close', { sessionId: r.data!.sessionId })).ok).toBe(true);
          closed(s);
        });
      }
    }
    await waitFor(() => openSessionCount() === 0, 15_000, 'every terminal session ended');
    // Closing an exec sends HUP at once and KILL 1.5 s later: let those finish before counting.
    await waitFor(
      () => busyEngineConnections() <= baseConns,
      15_000,
      `engine connections back to ${baseConns} (now ${busyEngineConnections()})`,
    );
    // Every shell ended (the detached kill helpers, themselves short-lived `sh`, included).
    let shells: string[] = [];
    await waitFor(
      async () => {
        shells = (await docker(rig.MAIN_SOCKET, 'top', c.exec, '-o', 'pid,args')).split('\n').filter((l) => /\bsh\b/.test(l));
        return shells.length === 0;
      },
      5000,
      `no shell left in the container (left: ${shells.join(' | ')})`,
    ).catch(() => expect(shells).toEqual([]));
    expect(await docker(rig.MAIN_SOCKET, 'inspect', '-f', '{{.State.Running}}', c.attach)).toBe('true');
  }, 120_000);

  it('ends with engine connections and fds at their baseline, and every touched container removable in < 2 s', async () => {
    await waitFor(
      () => busyEngineConnections() <= baseConns,
      10_000,
      `engine connections back to ${baseConns} (now ${busyEngineConnections()})`,
    );
    // A few fds may be created lazily on first use in a run (an epoll for the worker, a pipe for the CLI).
    await waitFor(() => openFds() <= baseFds + 4, 10_000, `fds back to ${baseFds} (+4) (now ${openFds()})`);
    for (const [kind, id] of [...Object.entries(c), ['listed', stopped] as const]) {
      const ms = await timedRemove(rig.MAIN_SOCKET, id);
      expect(ms, `${kind} container removed in ${ms} ms`).toBeLessThan(2000);
    }
  });
});
