/**
 * A worker thread holding a share of the raw fan-out floor's clients (bench/raw-fanout-server.ts):
 * plain TCP connections that note when each round's frame first arrives.
 *
 * Messages in: {type:'expect', seq} | {type:'close'}
 * Messages out: {type:'ready', connected} | {type:'arrivals', seq, at: Array<number|null>} (absolute ms)
 */
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';

const { port: serverPort, count } = workerData as { port: number; count: number };
const port = parentPort!;
const now = () => performance.timeOrigin + performance.now();

let expecting: { seq: number; at: Array<number | null>; pending: number } | null = null;
const sockets: net.Socket[] = [];

function connect(i: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(serverPort, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
    s.on('data', () => {
      const t = now();
      const e = expecting;
      if (!e || e.at[i] !== null) return;
      e.at[i] = t;
      if (--e.pending === 0) {
        expecting = null;
        port.postMessage({ type: 'arrivals', seq: e.seq, at: e.at });
      }
    });
  });
}

for (let i = 0; i < count; i += 50) {
  sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, k) => connect(i + k)))));
}
port.postMessage({ type: 'ready', connected: sockets.length });

port.on('message', (m: { type: string; seq?: number }) => {
  if (m.type === 'expect') expecting = { seq: m.seq!, at: new Array(count).fill(null), pending: count };
  else if (m.type === 'close') {
    for (const s of sockets) s.destroy();
    port.close();
  }
});
