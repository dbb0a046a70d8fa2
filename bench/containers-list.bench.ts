/**
 * containers.list: Wharf's `GET /api/containers?host=<id>` (answered from its event-kept
 * snapshot) against the engine's own `GET /containers/json?all=1`, with 1,000 containers.
 *
 * Both sides are read in full and JSON-parsed by the same node http client with keep-alive;
 * the requests alternate (and alternate which goes first) after a warm-up.
 *
 *   BENCH {"name":"containers.list","containers":n,"wharf_ms":…,"engine_ms":…,"ratio":…}
 *
 * Leaves the 1,000 containers (label wharf.test=bench) in place when WHARF_BENCH_KEEP=1.
 */
import http from 'node:http';
import Docker from 'dockerode';
import type { ContainerSummary } from '../server/contracts/containers';
import { ensureBenchContainers, isBench, removeBenchContainers } from './idle-containers';
import {
  expectOk,
  loadRig,
  localEngine,
  log,
  login,
  median,
  onCleanup,
  printBench,
  requestJson,
  round,
  runBench,
  startWharf,
  waitFor,
} from './lib';

const TARGET = Number(process.env.WHARF_BENCH_CONTAINERS ?? 1000);
const WARMUP = 5;
const RUNS = 30;

runBench('containers.list', async () => {
  const env = loadRig();
  const docker = new Docker({ socketPath: env.MAIN_SOCKET });

  // Registered first so it runs last (after Wharf is stopped), also when the bench fails.
  if (process.env.WHARF_BENCH_KEEP !== '1') onCleanup(() => removeBenchContainers(docker));

  // ---- 1,000 bench containers on the main engine (reuse what a previous run left)
  await ensureBenchContainers(docker, env.SEED_BUSYBOX, TARGET);

  // ---- Wharf
  const wharf = await startWharf();
  const cookie = await login(wharf);
  const engine = await localEngine(wharf, cookie);
  log(`Wharf on ${wharf.base}, engine ${engine.name} (${engine.id})`);

  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const engineAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  onCleanup(() => {
    agent.destroy();
    engineAgent.destroy();
  });
  const wharfUrl = `${wharf.base}/api/containers?host=${encodeURIComponent(engine.id)}`;
  const wharfList = () => requestJson<ContainerSummary[]>(wharfUrl, { agent, headers: { cookie } });
  const engineList = () =>
    requestJson<Array<{ Id: string }>>('http://docker/containers/json?all=1', { socketPath: env.MAIN_SOCKET, agent: engineAgent });

  await waitFor(
    async () => {
      const list = expectOk(await wharfList(), 'GET /api/containers');
      return list.filter((c) => isBench(c.labels)).length >= TARGET;
    },
    60_000,
    `Wharf listing ${TARGET} bench containers`,
    250,
  );

  // ---- measure: warm-up, then interleaved runs (ABBA order)
  const wharfMs: number[] = [];
  const engineMs: number[] = [];
  let wharfCount = 0;
  let wharfBytes = 0;
  let engineCount = 0;
  let engineBytes = 0;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const pair: Array<() => Promise<void>> = [
      async () => {
        const r = await wharfList();
        expectOk(r, 'GET /api/containers');
        wharfCount = r.body.length;
        wharfBytes = r.bytes;
        if (i >= WARMUP) wharfMs.push(r.ms);
      },
      async () => {
        const r = await engineList();
        expectOk(r, 'engine GET /containers/json');
        engineCount = r.body.length;
        engineBytes = r.bytes;
        if (i >= WARMUP) engineMs.push(r.ms);
      },
    ];
    if (i % 2) pair.reverse();
    for (const step of pair) await step();
  }

  const wharfMed = median(wharfMs);
  const engineMed = median(engineMs);
  log(
    `wharf: ${wharfCount} containers, ${(wharfBytes / 1024).toFixed(0)} KiB, median ${wharfMed.toFixed(2)} ms ` +
      `(min ${Math.min(...wharfMs).toFixed(2)}, max ${Math.max(...wharfMs).toFixed(2)}); ` +
      `engine: ${engineCount} containers, ${(engineBytes / 1024).toFixed(0)} KiB, median ${engineMed.toFixed(2)} ms ` +
      `(min ${Math.min(...engineMs).toFixed(2)}, max ${Math.max(...engineMs).toFixed(2)})`,
  );

  await wharf.stop();
  printBench({
    name: 'containers.list',
    containers: wharfCount,
    wharf_ms: round(wharfMed),
    engine_ms: round(engineMed),
    ratio: round(wharfMed / engineMed),
  });
});
