/**
 * images.list: the time until Wharf's images view snapshot (`live.subscribe {kind:'images', hostId}`)
 * arrives over a signed-in socket, against the engine's own `GET /images/json`, with ≥ 500 images.
 *
 * The images are commits of one idle busybox container, each with its own labels (so each has its own
 * id): metadata and an empty layer, made in seconds. Both sides are read whole and JSON-decoded (the
 * socket by socket.io's parser, the engine by the same node http client the other benches use), in
 * alternating order after a warm-up.
 *
 *   BENCH {"name":"images.list","images":n,"wharf_ms":…,"engine_ms":…,"ratio":…}
 *
 * The images carry wharf.test=bench and wharf.test.bench-image; they stay for the next run when
 * WHARF_BENCH_KEEP=1.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import type { ImageSummary } from '../server/contracts/images';
import type { ViewSnapshot, ViewSpec } from '../server/contracts/live';
import {
  BENCH_LABEL_FILTER,
  BENCH_LABEL_KEY,
  BENCH_LABEL_VALUE,
  connectSocket,
  expectOk,
  inBatches,
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
  type BenchSocket,
} from './lib';

const TARGET = Number(process.env.WHARF_BENCH_IMAGES ?? 500);
const WARMUP = 5;
const RUNS = 30;
const REPO = 'wharf-test/bench-images';
/** The label that marks this bench's images (with wharf.test=bench): nothing else is ever removed. */
const IMAGE_KEY = 'wharf.test.bench-image';

const isBenchImage = (labels: Record<string, string> | null | undefined) =>
  labels?.[BENCH_LABEL_KEY] === BENCH_LABEL_VALUE && !!labels?.[IMAGE_KEY];

async function benchImages(docker: Docker): Promise<Docker.ImageInfo[]> {
  const list = await docker.listImages({ filters: { label: [BENCH_LABEL_FILTER, IMAGE_KEY] } });
  // The engine filtered already; check again so nothing else can ever be touched.
  return list.filter((i) => isBenchImage(i.Labels));
}

/** Commits one idle container until `total` bench images exist (what a previous run left counts). */
async function ensureBenchImages(docker: Docker, base: string, total: number): Promise<void> {
  const existing = await benchImages(docker);
  const missing = Math.max(0, total - existing.length);
  log(`${existing.length} bench image(s) present, making ${missing}`);
  if (!missing) return;
  const source = await docker.createContainer({ Image: base, Cmd: ['true'], Labels: { [BENCH_LABEL_KEY]: BENCH_LABEL_VALUE } });
  try {
    const t0 = Date.now();
    const stamp = Date.now().toString(36);
    await inBatches(
      Array.from({ length: missing }, (_, i) => i),
      8,
      async (i) => {
        const n = `${stamp}-${i}`;
        await source.commit({
          repo: REPO,
          tag: n,
          changes: [`LABEL ${BENCH_LABEL_KEY}=${BENCH_LABEL_VALUE}`, `LABEL ${IMAGE_KEY}=${n}`],
        });
      },
    );
    log(`made ${missing} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await source.remove({ force: true });
  }
}

async function removeBenchImages(docker: Docker): Promise<void> {
  const list = await benchImages(docker);
  const t0 = Date.now();
  let failed = 0;
  await inBatches(list, 8, async (img) => {
    try {
      await docker.getImage(img.Id).remove({ force: true });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) failed++;
    }
  });
  log(`removed ${list.length - failed} bench image(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s${failed ? `, ${failed} failed` : ''}`);
  if (failed) throw new Error(`${failed} bench image(s) could not be removed`);
}

type Reply<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

/** Subscribes to the view and returns its images, then unsubscribes (each run starts from no subscription). */
async function snapshotOnce(socket: BenchSocket, view: ViewSpec): Promise<{ ms: number; images: ImageSummary[] }> {
  const t0 = performance.now();
  const reply = (await socket.timeout(30_000).emitWithAck('live.subscribe', view)) as Reply<ViewSnapshot>;
  const ms = performance.now() - t0;
  if (!reply.ok) throw new Error(`live.subscribe: ${reply.code} ${reply.message}`);
  await socket.timeout(10_000).emitWithAck('live.unsubscribe', { view });
  const images = reply.data.streams.flatMap((s) => (s.data.kind === 'images' ? s.data.images : []));
  return { ms, images };
}

runBench('images.list', async () => {
  const env = loadRig();
  const docker = new Docker({ socketPath: env.MAIN_SOCKET });

  // Registered first so it runs last (after Wharf is stopped), also when the bench fails.
  if (process.env.WHARF_BENCH_KEEP !== '1') onCleanup(() => removeBenchImages(docker));
  await ensureBenchImages(docker, env.SEED_BUSYBOX, TARGET);

  const wharf = await startWharf();
  const cookie = await login(wharf);
  const engine = await localEngine(wharf, cookie);
  const socket = await connectSocket(wharf, cookie);
  const view: ViewSpec = { kind: 'images', hostId: engine.id };
  log(`Wharf on ${wharf.base}, engine ${engine.name} (${engine.id})`);

  // Wharf has listed them and read their layers (the shared sizes are known) before anything is timed.
  await waitFor(
    async () => {
      const { images } = await snapshotOnce(socket, view);
      const bench = images.filter((i) => isBenchImage(i.labels));
      return bench.length >= TARGET && images.every((i) => i.sharedSize !== null);
    },
    120_000,
    `Wharf listing ${TARGET} bench images with their layers read`,
    500,
  );

  const engineAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  onCleanup(() => engineAgent.destroy());
  const engineList = () =>
    requestJson<Array<{ Id: string }>>('http://docker/images/json', { socketPath: env.MAIN_SOCKET, agent: engineAgent });

  const wharfMs: number[] = [];
  const engineMs: number[] = [];
  let wharfCount = 0;
  let engineCount = 0;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const pair: Array<() => Promise<void>> = [
      async () => {
        const r = await snapshotOnce(socket, view);
        wharfCount = r.images.length;
        if (i >= WARMUP) wharfMs.push(r.ms);
      },
      async () => {
        const r = await engineList();
        expectOk(r, 'engine GET /images/json');
        engineCount = r.body.length;
        if (i >= WARMUP) engineMs.push(r.ms);
      },
    ];
    if (i % 2) pair.reverse();
    for (const step of pair) await step();
  }

  const wharfMed = median(wharfMs);
  const engineMed = median(engineMs);
  log(
    `wharf: ${wharfCount} images, median ${wharfMed.toFixed(2)} ms (min ${Math.min(...wharfMs).toFixed(2)}, max ${Math.max(...wharfMs).toFixed(2)}); ` +
      `engine: ${engineCount} images, median ${engineMed.toFixed(2)} ms (min ${Math.min(...engineMs).toFixed(2)}, max ${Math.max(...engineMs).toFixed(2)})`,
  );

  await wharf.stop();
  printBench({
    name: 'images.list',
    images: wharfCount,
    wharf_ms: round(wharfMed),
    engine_ms: round(engineMed),
    ratio: round(wharfMed / engineMed),
  });
});
