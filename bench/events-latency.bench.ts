/**
 * events.latency: how long after `docker pause` / `docker unpause` on the engine each of 1,000
 * connected browsers (socket.io clients in worker threads, subscribed to the host's containers view) gets the matching
 * `live.delta` (engine_p50_ms/engine_p95_ms: the engine's own /events stream, read directly, in the same run).
 *
 * Sample = arrival at the client − t0 (taken just before the pause/unpause call to the engine),
 * one per client per transition: 1,000 clients (WHARF_BENCH_BROWSERS) × 20 iterations × 2 transitions.
 *
 *   BENCH {"name":"events.latency","browsers":1000,"p50_ms":…,"p95_ms":…,"samples":n,"engine_subscriptions":k}
 *
 * engine_subscriptions is Wharf's own count of /events streams to the engine (it should stay 1
 * however many browsers watch).
 *
 * The floor, in the same run: fanout_p95_ms is Wharf's share (arrival − the moment the engine's own
 * /events stream reported the change); raw_fanout_p95_ms is a bare Node `net` server writing a frame
 * of the same size to as many TCP clients, held the same way (bench/raw-fanout.ts), arrival − the
 * start of its write loop; fanout_ratio is the one over the other. On a machine where one socket
 * write costs tens of microseconds, 1,000 of them alone take tens of milliseconds.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import Docker from 'dockerode';
import type { ContainerState } from '../server/contracts/containers';
import { measureRawFanout } from './raw-fanout';
import {
  createBenchContainer,
  expectOk,
  loadRig,
  localEngine,
  log,
  onCleanup,
  login,
  percentile,
  printBench,
  requestJson,
  round,
  runBench,
  sleep,
  startWharf,
} from './lib';

const BROWSERS = Number(process.env.WHARF_BENCH_BROWSERS ?? 1000);
/** Threads the clients are spread over (WHARF_BENCH_CLIENT_THREADS). */
const WORKERS = Number(process.env.WHARF_BENCH_CLIENT_THREADS ?? 4);
const ITERATIONS = 20;
const PAUSE_BETWEEN_MS = 100;
/** How long a transition may take to reach every client before it counts as missed. */
const TRANSITION_TIMEOUT_MS = 10_000;

/** What every client waits for right now: the first update of `id` in `state` after `t0`. */
interface Expectation {
  id: string;
  state: ContainerState;
  t0: number;
  /** When the engine's own /events stream (read directly, as the raw baseline) said so. */
  engineAt?: number;
  arrivals: Array<number | undefined>;
  pending: number;
  /** Workers that sent their arrivals. */
  reported: number;
  done: () => void;
}

runBench('events.latency', async () => {
  const env = loadRig();
  const docker = new Docker({ socketPath: env.MAIN_SOCKET });

  const wharf = await startWharf();
  const cookie = await login(wharf);
  const engine = await localEngine(wharf, cookie);
  log(`Wharf on ${wharf.base}, engine ${engine.name} (${engine.id})`);

  // ---- 1,000 browsers, each its own connection subscribed to the host's containers view, spread
  // over a few worker threads (real browsers do not share one event loop; see bench/event-clients.ts)
  let expecting: Expectation | null = null;
  const t0Connect = Date.now();
  const perWorker = Math.ceil(BROWSERS / WORKERS);
  const workers = Array.from({ length: WORKERS }, (_, w) => {
    const count = Math.max(0, Math.min(perWorker, BROWSERS - w * perWorker));
    // The clients are TypeScript too: the thread loads them through tsx, as this process does.
    const loader = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(new URL('./event-clients.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`;
    return new Worker(loader, { eval: true, workerData: { base: wharf.base, cookie, hostId: engine.id, count } });
  }).filter((_, w) => w * perWorker < BROWSERS);
  onCleanup(() => Promise.all(workers.map((w) => w.terminate())));
  const offsets = workers.map((_, w) => w * perWorker);
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.once('error', reject);
          w.once('message', (m: { type: string }) => (m.type === 'ready' ? resolve() : reject(new Error(`worker: ${m.type}`))));
        }),
    ),
  );
  let seq = 0;
  /** The largest live.delta frame a client saw, for the raw fan-out floor. */
  let frameBytes = 0;
  for (const [k, w] of workers.entries()) {
    w.on('message', (m: { type: string; seq?: number; at?: Array<number | null>; bytes?: number }) => {
      const e = expecting;
      if (m.type !== 'arrivals' || !e || m.seq !== seq) return;
      frameBytes = Math.max(frameBytes, m.bytes ?? 0);
      m.at!.forEach((t, i) => {
        if (t === null) return;
        // Worker clocks are absolute (timeOrigin + now): back onto this thread's clock.
        e.arrivals[offsets[k]! + i] = t - performance.timeOrigin;
        e.pending--;
      });
      if (++e.reported === workers.length) e.done();
    });
  }
  log(`${BROWSERS} clients in ${workers.length} worker threads connected and subscribed in ${Date.now() - t0Connect} ms`);

  // ---- one running bench container
  const container = await createBenchContainer(docker, env.SEED_BUSYBOX);

  // ---- the raw engine: its own /events stream, read here, for the baseline in the same run
  const ACTION_STATE: Record<string, ContainerState> = { pause: 'paused', unpause: 'running', start: 'running' };
  const rawEvents = (await docker.getEvents({ filters: { container: [container.id] } })) as NodeJS.ReadableStream & { destroy(): void };
  onCleanup(() => rawEvents.destroy());
  let rawBuf = '';
  rawEvents.on('data', (chunk: Buffer) => {
    const now = performance.now();
    rawBuf += chunk.toString();
    const lines = rawBuf.split('\n');
    rawBuf = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      const ev = JSON.parse(line) as { Action?: string };
      const e = expecting;
      if (e && e.engineAt === undefined && ACTION_STATE[ev.Action ?? ''] === e.state) e.engineAt = now;
    }
  });

  /** Runs `action` and collects, per client, the arrival of the first matching update. */
  const transition = async (state: ContainerState, action: () => Promise<unknown>): Promise<Expectation> => {
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    const e: Expectation = { id: container.id, state, t0: 0, arrivals: new Array(BROWSERS), pending: BROWSERS, reported: 0, done };
    expecting = e;
    seq++;
    for (const w of workers) w.postMessage({ type: 'expect', seq, id: container.id, state });
    e.t0 = performance.now();
    await action();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((r) => (timer = setTimeout(r, TRANSITION_TIMEOUT_MS)));
    await Promise.race([
      all,
      timedOut.then(() => {
        for (const w of workers) w.postMessage({ type: 'collect', seq });
        return sleep(500);
      }),
    ]);
    clearTimeout(timer);
    expecting = null;
    if (e.pending) log(`${state}: ${e.pending} of ${BROWSERS} client(s) got no update within ${TRANSITION_TIMEOUT_MS} ms`);
    return e;
  };

  // Start it and wait until every client has seen it running, so no stale update leaks in.
  const started = await transition('running', () => container.start());
  if (started.pending) throw new Error(`${started.pending} client(s) never saw the bench container running`);
  await sleep(200);

  // ---- 20 × (pause, unpause)
  const samples: number[] = [];
  const engineSamples: number[] = [];
  /** Per client per transition: arrival − when the engine's own /events stream said so (Wharf's share). */
  const fanout: number[] = [];
  /** Per transition: the first browser's latency, and how long until the last one had it (the fan-out). */
  const firsts: number[] = [];
  const spreads: number[] = [];
  const byState: Record<'paused' | 'running', number[]> = { paused: [], running: [] };
  let missed = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    for (const [state, act] of [
      ['paused', () => container.pause()],
      ['running', () => container.unpause()],
    ] as const) {
      const e = await transition(state, act);
      missed += e.pending;
      if (e.engineAt !== undefined) {
        engineSamples.push(e.engineAt - e.t0);
        for (const a of e.arrivals) if (a !== undefined) fanout.push(a - e.engineAt);
      }
      const got = e.arrivals.filter((a): a is number => a !== undefined);
      if (got.length) {
        firsts.push(Math.min(...got) - e.t0);
        spreads.push(Math.max(...got) - Math.min(...got));
      }
      for (const a of e.arrivals) {
        if (a === undefined) continue;
        samples.push(a - e.t0);
        byState[state].push(a - e.t0);
      }
    }
    await sleep(PAUSE_BETWEEN_MS);
  }

  const detail = expectOk(
    await requestJson<{ eventStreams: number }>(`${wharf.base}/api/engines/${encodeURIComponent(engine.id)}`, { headers: { cookie } }),
    'GET /api/engines/:id',
  );
  const connected = (
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<number>((resolve) => {
            const on = (m: { type: string; connected?: number }) => {
              if (m.type !== 'status') return;
              w.off('message', on);
              resolve(m.connected ?? 0);
            };
            w.on('message', on);
            w.postMessage({ type: 'status' });
          }),
      ),
    )
  ).reduce((a, b) => a + b, 0);
  for (const w of workers) w.postMessage({ type: 'close' });

  const fmt = (xs: number[]) =>
    `p50 ${percentile(xs, 50).toFixed(1)} p95 ${percentile(xs, 95).toFixed(1)} max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;
  log(
    `pause: ${fmt(byState.paused)}; unpause: ${fmt(byState.running)}; missed ${missed}; ${connected}/${BROWSERS} clients still connected`,
  );
  log(`the engine's own /events (read directly): ${fmt(engineSamples)}`);
  log(`first browser: ${fmt(firsts)}; first to last browser: ${fmt(spreads)}`);
  if (!samples.length) throw new Error('no latency samples');
  await Promise.all(workers.map((w) => w.terminate()));

  // ---- the floor on this machine: the same number of clients, the same frame size, a bare `net` server
  const raw = await measureRawFanout({ clients: BROWSERS, threads: WORKERS, rounds: ITERATIONS * 2, frameBytes: frameBytes || 600 });
  log(`Wharf: engine event to browser ${fmt(fanout)}`);
  log(
    `raw: ${frameBytes} B written by a bare net server to ${BROWSERS} sockets: arrival ${fmt(raw.samples)}; its write loop ${fmt(raw.loops)}`,
  );

  printBench({
    name: 'events.latency',
    browsers: BROWSERS,
    p50_ms: round(percentile(samples, 50)),
    p95_ms: round(percentile(samples, 95)),
    samples: samples.length,
    // The raw engine in the same run: when its /events stream says so, read by one client directly.
    engine_p50_ms: round(percentile(engineSamples, 50)),
    engine_p95_ms: round(percentile(engineSamples, 95)),
    engine_subscriptions: detail.eventStreams,
    // Wharf's share (arrival − the engine's own event) against the floor: a bare `net` server writing
    // a frame of the same size to as many sockets, in the same run (bench/raw-fanout.ts).
    fanout_p95_ms: round(percentile(fanout, 95)),
    raw_fanout_p95_ms: round(percentile(raw.samples, 95)),
    raw_write_loop_p50_ms: round(percentile(raw.loops, 50)),
    fanout_ratio: round(percentile(fanout, 95) / percentile(raw.samples, 95)),
  });
  if (missed) throw new Error(`${missed} expected update(s) never arrived`);
});
