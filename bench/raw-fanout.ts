/**
 * The floor under a broadcast to many sockets on this machine: bench/raw-fanout-server.ts (a bare
 * `net` server in its own process) writes one frame to `clients` plain TCP connections, held by
 * worker threads as events.latency's browsers are, `rounds` times. Per client per round: arrival −
 * the start of the server's write loop. No socket.io, no JSON, no Wharf: what the kernel and Node's
 * own socket writes cost here, to set Wharf's fan-out against in the same run.
 */
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { Worker } from 'node:worker_threads';
import { sleep } from './lib';

export interface RawFanout {
  /** Arrival − write-loop start, ms, every client every round. */
  samples: number[];
  /** How long the server's synchronous write loop took, ms, per round. */
  loops: number[];
}

export async function measureRawFanout(opts: { clients: number; threads: number; rounds: number; frameBytes: number }): Promise<RawFanout> {
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./raw-fanout-server.ts', import.meta.url).pathname, String(opts.frameBytes)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = readline.createInterface({ input: server.stdout! });
  const replies: Array<(v: Record<string, number>) => void> = [];
  lines.on('line', (l) => replies.shift()?.(JSON.parse(l) as Record<string, number>));
  const next = () => new Promise<Record<string, number>>((r) => replies.push(r));
  const workers: Worker[] = [];
  try {
    const { port } = await next();
    const per = Math.ceil(opts.clients / opts.threads);
    for (let w = 0; w * per < opts.clients; w++) {
      const count = Math.min(per, opts.clients - w * per);
      const loader = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./raw-fanout-clients.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`;
      workers.push(new Worker(loader, { eval: true, workerData: { port, count } }));
    }
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.once('error', reject);
            w.once('message', (m: { type: string }) => (m.type === 'ready' ? resolve() : reject(new Error(`raw client: ${m.type}`))));
          }),
      ),
    );
    const samples: number[] = [];
    const loops: number[] = [];
    for (let seq = 1; seq <= opts.rounds; seq++) {
      const arrivals = workers.map(
        (w) =>
          new Promise<Array<number | null>>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('raw fan-out: a round did not reach every client in 10 s')), 10_000);
            const on = (m: { type: string; seq?: number; at?: Array<number | null> }) => {
              if (m.type !== 'arrivals' || m.seq !== seq) return;
              clearTimeout(timer);
              w.off('message', on);
              resolve(m.at!);
            };
            w.on('message', on);
            w.postMessage({ type: 'expect', seq });
          }),
      );
      // Let every worker take its `expect` before the frame leaves.
      await sleep(20);
      const reply = next();
      server.stdin!.write(`go ${seq}\n`);
      const { t0, loop_ms } = await reply;
      for (const at of await Promise.all(arrivals)) for (const a of at) if (a !== null) samples.push(a - t0!);
      loops.push(loop_ms!);
      await sleep(100);
    }
    return { samples, loops };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    server.stdin!.end();
    server.kill();
  }
}

/** For a quick look on its own: `tsx bench/raw-fanout.ts` (not a bench line). */
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureRawFanout({ clients: 1000, threads: 4, rounds: 20, frameBytes: 600 });
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const p = (xs: number[], q: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor((q / 100) * xs.length))]!;
  console.log(
    `arrival p50 ${p(r.samples, 50).toFixed(1)} p95 ${p(r.samples, 95).toFixed(1)} ms; write loop p50 ${p(r.loops, 50).toFixed(1)} ms`,
  );
}
