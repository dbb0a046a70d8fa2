/**
 * server.rss: resident memory of the whole process tree of the production server, started as
 * `npm start` ends (one node process on the compiled server), against the local engine.
 *
 *   idle_mb        30 s after start, no browser, no containers of ours
 *   listed_mb      1,000 containers on the engine, listed over HTTP, with 10 signed-in sockets
 *                  subscribed to the host (as 10 open browsers are)
 *   after_churn_mb after 1,000 create/start/stop/remove cycles with 20 sockets connected,
 *                  after a full GC (SIGUSR2 asks the server for one when started with --expose-gc)
 *
 *   BENCH {"name":"server.rss","idle_mb":…,"listed_mb":…,"before_churn_mb":…,"after_churn_mb":…,"churn_growth":…}
 */
import fs from 'node:fs';
import Docker from 'dockerode';
import {
  BENCH_LABEL_KEY,
  BENCH_LABEL_VALUE,
  connectSocket,
  inBatches,
  loadRig,
  localEngine,
  log,
  login,
  onCleanup,
  printBench,
  round,
  runBench,
  sleep,
  startWharf,
  type BenchSocket,
} from './lib';

const LISTED = Number(process.env.WHARF_BENCH_CONTAINERS ?? 1000);
const CYCLES = Number(process.env.WHARF_BENCH_CHURN ?? 1000);
const IDLE_WAIT_MS = Number(process.env.WHARF_BENCH_IDLE_MS ?? 30_000);

/** RSS of a process and all its descendants, in MB. */
function treeRssMb(pid: number): number {
  let kb = 0;
  const visit = (p: number) => {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        for (const c of fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ').filter(Boolean)) visit(Number(c));
      }
    } catch {
      // gone meanwhile
    }
  };
  visit(pid);
  return kb / 1024;
}

async function settledRss(pid: number, gc: boolean): Promise<number> {
  if (gc) {
    process.kill(pid, 'SIGUSR2');
    await sleep(1_000);
  }
  // The smallest of a few readings: a transient allocation is not the footprint.
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(treeRssMb(pid));
    await sleep(400);
  }
  return Math.min(...readings);
}

runBench(
  'server.rss',
  async () => {
    const env = loadRig();
    const docker = new Docker({ socketPath: env.MAIN_SOCKET });
    const wharf = await startWharf({ nodeArgs: ['--expose-gc'] });
    onCleanup(() => wharf.stop());
    const pid = wharf.proc.pid!;
    const cookie = await login(wharf);
    await localEngine(wharf, cookie);

    await sleep(IDLE_WAIT_MS);
    const idle = await settledRss(pid, false);
    log(`idle: ${round(idle, 1)} MB`);

    const label = { [BENCH_LABEL_KEY]: BENCH_LABEL_VALUE };
    const created: Docker.Container[] = [];
    onCleanup(async () => {
      await inBatches(created, 20, (c) => c.remove({ force: true }).catch(() => undefined));
    });
    await inBatches(Array.from({ length: LISTED }), 20, async () => {
      created.push(await docker.createContainer({ Image: env.SEED_BUSYBOX, Cmd: ['true'], Labels: label }));
    });
    // Ten browsers open the containers page: each subscribes to the live view and gets the whole list.
    const sockets: BenchSocket[] = [];
    for (let i = 0; i < 10; i++) {
      const s = await connectSocket(wharf, cookie);
      const ack = await s.emitWithAck('live.subscribe', { kind: 'containers' });
      if (!ack.ok) throw new Error(`live.subscribe refused: ${ack.message}`);
      const listedNow = ack.data.streams.reduce((n, st) => n + (st.data.kind === 'containers' ? st.data.containers.length : 0), 0);
      if (listedNow < LISTED) throw new Error(`listed ${listedNow} containers, expected ≥ ${LISTED}`);
      sockets.push(s);
    }
    const listed = await settledRss(pid, false);
    log(`listed: ${round(listed, 1)} MB`);
    await inBatches(created.splice(0), 20, (c) => c.remove({ force: true }).catch(() => undefined));

    for (let i = 0; i < 10; i++) sockets.push(await connectSocket(wharf, cookie));
    for (const s of sockets.slice(10)) await s.emitWithAck('live.subscribe', { kind: 'containers' });
    // Warm up so the baseline includes what a first cycle allocates once.
    const cycle = async () => {
      const c = await docker.createContainer({ Image: env.SEED_BUSYBOX, Cmd: ['sleep', '30'], Labels: label, HostConfig: { Init: true } });
      await c.start();
      await c.stop({ t: 0 });
      await c.remove({ force: true });
    };
    await inBatches(Array.from({ length: 50 }), 10, cycle);
    await sleep(2_000);
    const before = await settledRss(pid, true);
    const t0 = Date.now();
    let done = 0;
    await inBatches(Array.from({ length: CYCLES }), 10, async () => {
      await cycle();
      if (++done % 200 === 0) log(`${done} cycles in ${round((Date.now() - t0) / 1000, 1)} s`);
    });
    await sleep(3_000);
    const after = await settledRss(pid, true);

    printBench({
      name: 'server.rss',
      idle_mb: round(idle, 1),
      listed_mb: round(listed, 1),
      before_churn_mb: round(before, 1),
      after_churn_mb: round(after, 1),
      churn_growth: round(after / before - 1, 3),
      containers: LISTED,
      cycles: CYCLES,
    });
  },
  // 1,000 create/start/stop/remove cycles take 6–15 minutes, as fast as the engine goes on this machine.
  1_200_000,
);
