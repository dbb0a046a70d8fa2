/**
 * A worker thread holding a share of events.latency's browsers: each its own socket.io connection
 * subscribed to the host's containers view. Real browsers do not share one event loop; spreading the
 * clients over a few threads keeps the harness's own message handling from queueing behind itself.
 *
 * Messages in: {type:'expect', seq, id, state} | {type:'collect', seq} | {type:'close'}
 * Messages out: {type:'ready', connected} | {type:'arrivals', seq, at: Array<number|null> (absolute ms), bytes}
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { Delta } from '../server/contracts/live';

interface Setup {
  base: string;
  cookie: string;
  hostId: string;
  count: number;
}

const { base, cookie, hostId, count } = workerData as Setup;
const port = parentPort!;
const now = () => performance.timeOrigin + performance.now();

let expecting: { seq: number; id: string; state: string; at: Array<number | null>; pending: number; bytes?: number } | null = null;
const report = () => {
  const e = expecting;
  if (!e) return;
  expecting = null;
  port.postMessage({ type: 'arrivals', seq: e.seq, at: e.at, bytes: e.bytes });
};

async function connect(i: number): Promise<Socket> {
  const s = io(base, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true, reconnection: false, timeout: 10_000 });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', (err) => reject(new Error(`socket connect failed: ${err.message}`)));
  });
  s.on('live.delta', (delta: Delta) => {
    const t = now();
    const { op } = delta;
    const e = expecting;
    if (!e || op.op !== 'container' || op.c.id !== e.id || op.c.state !== e.state || e.at[i] !== null) return;
    e.at[i] = t;
    // The frame's size, for the raw fan-out floor (bench/raw-fanout.ts): the event packet as sent.
    if (!e.bytes) e.bytes = Buffer.byteLength(`42${JSON.stringify(['live.delta', delta])}`);
    if (--e.pending === 0) report();
  });
  const ack = (await s.timeout(10_000).emitWithAck('live.subscribe', { kind: 'containers', hostId })) as { ok: boolean; message?: string };
  if (!ack.ok) throw new Error(`live.subscribe refused: ${ack.message}`);
  return s;
}

const sockets: Socket[] = [];
for (let i = 0; i < count; i += 20) {
  sockets.push(...(await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, k) => connect(i + k)))));
}
port.postMessage({ type: 'ready', connected: sockets.length });

port.on('message', (m: { type: string; seq?: number; id?: string; state?: string }) => {
  if (m.type === 'expect') expecting = { seq: m.seq!, id: m.id!, state: m.state!, at: new Array(count).fill(null), pending: count };
  else if (m.type === 'collect' && expecting?.seq === m.seq) report();
  else if (m.type === 'status') port.postMessage({ type: 'status', connected: sockets.filter((s) => s.connected).length });
  else if (m.type === 'close') {
    for (const s of sockets) s.disconnect();
    port.close();
  }
});
