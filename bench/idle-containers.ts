/**
 * Many idle bench containers on one engine (created with `true`, never started, label
 * wharf.test=bench), as the list and page benches need them, and their removal.
 */
import type Docker from 'dockerode';
import { BENCH_LABEL_FILTER, BENCH_LABEL_KEY, BENCH_LABEL_VALUE, inBatches, log } from './lib';

const BATCH = 20;

/** Whether labels mark a bench container. */
export const isBench = (labels: Record<string, string> | undefined | null) => labels?.[BENCH_LABEL_KEY] === BENCH_LABEL_VALUE;

/** Ids of every container labelled wharf.test=bench on the engine. */
export async function benchContainerIds(docker: Docker): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [BENCH_LABEL_FILTER] } });
  // The engine filtered already; check again so nothing else can ever be touched.
  return list.filter((c) => isBench(c.Labels)).map((c) => c.Id);
}

/** Creates idle bench containers until `total` bench containers exist (what a previous run left counts). */
export async function ensureBenchContainers(docker: Docker, image: string, total: number): Promise<void> {
  const existing = (await benchContainerIds(docker)).length;
  const missing = Math.max(0, total - existing);
  log(`${existing} bench container(s) present, creating ${missing}`);
  if (!missing) return;
  const t0 = Date.now();
  await inBatches(
    Array.from({ length: missing }, (_, i) => i),
    BATCH,
    async () => {
      await docker.createContainer({ Image: image, Cmd: ['true'], Labels: { [BENCH_LABEL_KEY]: BENCH_LABEL_VALUE } });
    },
  );
  log(`created ${missing} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Removes every bench container (force, with anonymous volumes), 20 at a time. */
export async function removeBenchContainers(docker: Docker): Promise<void> {
  const ids = await benchContainerIds(docker);
  if (!ids.length) return;
  const t0 = Date.now();
  let failed = 0;
  await inBatches(ids, BATCH, async (id) => {
    try {
      await docker.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      const e = err as { statusCode?: number; message?: string };
      // Gone already, or being removed by someone else: fine.
      if (e.statusCode !== 404 && e.statusCode !== 409) {
        failed++;
        if (failed <= 3) log(`remove ${id.slice(0, 12)}: ${e.message ?? String(err)}`);
      }
    }
  });
  log(
    `removed ${ids.length - failed} bench container(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s${failed ? `, ${failed} failed` : ''}`,
  );
  if (failed) throw new Error(`${failed} bench container(s) could not be removed`);
}
