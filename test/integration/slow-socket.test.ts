import type { Socket as TcpSocket } from 'node:net';
import Docker from 'dockerode';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerState } from '@/server/contracts/containers';
import type { Delta } from '@/server/contracts/live';
import { backlogOf, SLOW_SOCKET_LIMITS, slowSocketsDropped } from '@/server/realtime/slow-sockets';
import { startHarness, type Harness } from '../support/harness';
import { loadRig, waitFor, retryEngine } from '../support/rig';

const rig = loadRig();
const LABEL_KEY = 'wharf.test';
const LABEL_VALUE = 'integration-slow-socket';
const CONTAINERS = 6;
// Big labels make each container delta ≈16 KB, so the 8 MB bound is reached in seconds of real engine events.
const PAD = 'x'.repeat(16_000);

let h: Harness;
const sockets: Socket[] = [];
const engine = new Docker({ socketPath: rig.MAIN_SOCKET });

/** A browser-like socket.io client (websocket, reconnecting) subscribed to the engine's containers view. */
async function client(): Promise<Socket> {
  const s = connect(h.base, {
    transports: ['websocket'],
    extraHeaders: { cookie: h.cookie },
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', resolve);
    s.once('connect_error', reject);
  });
  const ack = await s.timeout(5_000).emitWithAck('live.subscribe', { kind: 'containers', hostId: h.host });
  expect(ack.ok).toBe(true);
  return s;
}

/** The net.Socket under a socket.io-client websocket (node's `ws`), to stop reading as a frozen tab does. */
const tcpOf = (s: Socket) => (s.io.engine.transport as unknown as { ws: { _socket: TcpSocket } }).ws._socket;

beforeAll(async () => {
  h = await startHarness('slow', rig.MAIN_SOCKET, `${LABEL_KEY}=${LABEL_VALUE}`);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await h?.close();
});

describe('a socket that stops reading', () => {
  it('is cut once over the bound, its buffers are released, and the other browser keeps getting events promptly', async () => {
    const ids: string[] = [];
    for (let i = 0; i < CONTAINERS; i++) {
      const c = await engine.createContainer({
        Image: rig.SEED_BUSYBOX,
        Cmd: ['sleep', '600'],
        Labels: { [LABEL_KEY]: LABEL_VALUE, 'wharf.pad': PAD },
        HostConfig: { Init: true },
      });
      await c.start();
      ids.push(c.id);
    }
    await waitFor(() => ids.every((id) => h.rt.engines.get(h.host).containers.get(id)?.state === 'running'), 10_000, 'containers running');

    const fast = await client();
    const slow = await client();
    const slowServer = h.io.sockets.sockets.get(slow.id!);
    expect(slowServer).toBeDefined();
    const conn = slowServer!.conn;
    const serverTcp = (conn.transport as unknown as { socket: { _socket: TcpSocket } }).socket._socket;
    const connectedAt = Date.now();
    let serverReason = '';
    slowServer!.on('disconnect', (reason) => (serverReason = reason));
    const clientReasons: string[] = [];
    slow.on('disconnect', (reason) => clientReasons.push(reason));
    let fastDisconnects = 0;
    fast.on('disconnect', () => fastDisconnects++);

    // The fast browser: each transition's latency from just before the engine call to its arrival.
    const waiters = new Set<{ id: string; state: ContainerState; resolve: () => void }>();
    fast.on('live.delta', ({ op }: Delta) => {
      if (op.op !== 'container') return;
      const c = op.c;
      for (const w of waiters) {
        if (w.id !== c.id || w.state !== c.state) continue;
        waiters.delete(w);
        w.resolve();
      }
    });
    const latencies: number[] = [];
    const transition = async (id: string, state: ContainerState, act: () => Promise<unknown>) => {
      const seen = new Promise<void>((resolve) => waiters.add({ id, state, resolve }));
      const t0 = performance.now();
      await act();
      await Promise.race([
        seen,
        new Promise((_, reject) => setTimeout(() => reject(new Error(`fast client missed ${id} ${state}`)), 5_000)),
      ]);
      latencies.push(performance.now() - t0);
    };
    let stop = false;
    const churn = (id: string) =>
      (async () => {
        const c = engine.getContainer(id);
        while (!stop) {
          await transition(id, 'paused', () => retryEngine(() => c.pause()));
          await transition(id, 'running', () => retryEngine(() => c.unpause()));
        }
      })();

    // The slow browser stops reading; the engine keeps producing container events for both.
    tcpOf(slow).pause();
    let maxPackets = 0;
    let maxBytes = 0;
    const sampler = setInterval(() => {
      if (conn.readyState !== 'open') return;
      const b = backlogOf(conn as never);
      maxPackets = Math.max(maxPackets, b.packets);
      maxBytes = Math.max(maxBytes, b.bytes);
    }, 50);
    const workers = Promise.all(ids.map(churn));
    let cutAfter = 0;
    let beforeCut = 0;
    try {
      // engine.io's own heartbeat would only give up on it after 25 s + 20 s: this must be the bound.
      await waitFor(() => serverReason !== '', 30_000, 'the slow socket to be cut');
      cutAfter = Date.now() - connectedAt;
      beforeCut = latencies.length;
      // A little more churn with the slow socket gone, then stop.
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      clearInterval(sampler);
      stop = true;
      await workers;
    }

    console.log(
      `slow socket cut after ${cutAfter} ms (${serverReason}); backlog seen up to ${maxPackets} packets / ${(maxBytes / 1048576).toFixed(1)} MB; ` +
        `fast client: ${latencies.length} transitions (${beforeCut} before the cut), p50 ${pct(latencies, 50).toFixed(1)} p95 ${pct(latencies, 95).toFixed(1)} max ${Math.max(...latencies).toFixed(1)} ms`,
    );

    // Cut by the bound, not by the heartbeat, once it was over the limit.
    expect(cutAfter).toBeLessThan(40_000);
    expect(slowSocketsDropped(h.io)).toBe(1);
    expect(maxPackets > SLOW_SOCKET_LIMITS.maxPackets || maxBytes > SLOW_SOCKET_LIMITS.maxBytes * 0.75).toBe(true);
    expect(maxBytes).toBeLessThan(SLOW_SOCKET_LIMITS.maxBytes * 3);

    // Its memory is let go: engine.io's queue, the websocket's unsent bytes, the TCP socket itself.
    await new Promise((r) => setImmediate(r));
    expect(conn.readyState).toBe('closed');
    expect(backlogOf(conn as never)).toEqual({ packets: 0, bytes: 0 });
    expect(serverTcp.destroyed).toBe(true);
    expect(serverTcp.writableLength).toBe(0);
    expect(h.io.sockets.sockets.has(slowServer!.id)).toBe(false);

    // The other browser never noticed: connected throughout, every transition seen, promptly.
    expect(fastDisconnects).toBe(0);
    expect(beforeCut).toBeGreaterThan(20);
    expect(pct(latencies, 95)).toBeLessThan(500);

    // When the frozen tab wakes up it sees a dropped transport (not "server hung up on you", which means
    // signed out) and reconnects on its own, as after any network drop; the page then refetches.
    tcpOf(slow).resume();
    await waitFor(() => clientReasons.length > 0, 15_000, 'the slow client to notice');
    expect(clientReasons[0]).toBe('transport close');
    await waitFor(() => slow.connected, 10_000, 'the slow client to reconnect');
    expect(fast.connected).toBe(true);
  }, 60_000);
});

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : Number.NaN;
}
