/**
 * events.latency: how long after `docker pause` / `docker unpause` on the engine each of 1,000
 * connected browsers (socket.io clients subscribed to the host room) gets the matching
 * `container.updated`.
 *
 * Sample = arrival at the client − t0 (taken just before the pause/unpause call to the engine),
 * one per client per transition: 1,000 clients (WHARF_BENCH_BROWSERS) × 20 iterations × 2 transitions.
 *
 *   BENCH {"name":"events.latency","browsers":1000,"p50_ms":…,"p95_ms":…,"samples":n,"engine_subscriptions":k}
 *
 * engine_subscriptions is Wharf's own count of /events streams to the engine (it should stay 1
 * however many browsers watch).
 */
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import type { ContainerState } from '../server/contracts/containers';
import {
  type BenchSocket,
  connectSocket,
  createBenchContainer,
  expectOk,
  inBatches,
  loadRig,
  localEngine,
  log,
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
const ITERATIONS = 20;
const PAUSE_BETWEEN_MS = 100;
/** How long a transition may take to reach every client before it counts as missed. */
const TRANSITION_TIMEOUT_MS = 10_000;

/** What every client waits for right now: the first update of `id` in `state` after `t0`. */
interface Expectation {
  id: string;
  state: ContainerState;
  t0: number;
  arrivals: Array<number | undefined>;
  pending: number;
  done: () => void;
}

runBench('events.latency', async () => {
  const env = loadRig();
  const docker = new Docker({ socketPath: env.MAIN_SOCKET });

  const wharf = await startWharf();
  const cookie = await login(wharf);
  const engine = await localEngine(wharf, cookie);
  log(`Wharf on ${wharf.base}, engine ${engine.name} (${engine.id})`);

  // ---- 100 browsers, each its own connection, subscribed to the host room
  let expecting: Expectation | null = null;
  const clients: BenchSocket[] = [];
  const t0Connect = Date.now();
  await inBatches(
    Array.from({ length: BROWSERS }, (_, i) => i),
    20,
    async (i) => {
      const socket = await connectSocket(wharf, cookie);
      clients[i] = socket;
      // Listening before subscribing: nothing for this view can arrive before live.subscribe.
      socket.on('live.delta', ({ op }) => {
        const now = performance.now();
        const e = expecting;
        if (op.op !== 'container') return;
        const c = op.c;
        if (!e || c.id !== e.id || c.state !== e.state || e.arrivals[i] !== undefined) return;
        e.arrivals[i] = now;
        if (--e.pending === 0) e.done();
      });
      const ack = await socket.timeout(10_000).emitWithAck('live.subscribe', { kind: 'containers', hostId: engine.id });
      if (!ack.ok) throw new Error(`client ${i}: live.subscribe refused: ${ack.code} ${ack.message}`);
    },
  );
  log(`${BROWSERS} clients connected and subscribed in ${Date.now() - t0Connect} ms`);

  // ---- one running bench container
  const container = await createBenchContainer(docker, env.SEED_BUSYBOX);

  /** Runs `action` and collects, per client, the arrival of the first matching update. */
  const transition = async (state: ContainerState, action: () => Promise<unknown>): Promise<Expectation> => {
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    const e: Expectation = { id: container.id, state, t0: 0, arrivals: new Array(BROWSERS), pending: BROWSERS, done };
    expecting = e;
    e.t0 = performance.now();
    await action();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, TRANSITION_TIMEOUT_MS)))]);
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
  const byState: Record<'paused' | 'running', number[]> = { paused: [], running: [] };
  let missed = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    for (const [state, act] of [
      ['paused', () => container.pause()],
      ['running', () => container.unpause()],
    ] as const) {
      const e = await transition(state, act);
      missed += e.pending;
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
  const connected = clients.filter((c) => c.connected).length;

  const fmt = (xs: number[]) =>
    `p50 ${percentile(xs, 50).toFixed(1)} p95 ${percentile(xs, 95).toFixed(1)} max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;
  log(`pause: ${fmt(byState.paused)}; unpause: ${fmt(byState.running)}; missed ${missed}; ${connected}/${BROWSERS} clients still connected`);
  if (!samples.length) throw new Error('no latency samples');

  printBench({
    name: 'events.latency',
    browsers: BROWSERS,
    p50_ms: round(percentile(samples, 50)),
    p95_ms: round(percentile(samples, 95)),
    samples: samples.length,
    engine_subscriptions: detail.eventStreams,
  });
  if (missed) throw new Error(`${missed} expected update(s) never arrived`);
});
