/**
 * events.dom: a change made outside Wharf (pause / unpause of one of 1,000 bench containers, straight
 * on the engine's API as the docker CLI makes it) until that container's row on an open /containers
 * page in Chromium shows the new state.
 *
 * Sample = the moment a MutationObserver in the page sees the row's state badge read the new state
 * (performance.timeOrigin + performance.now() in the page) − t0 (the same clock in this process, taken
 * just before the engine call). Both run on this machine, so the two clocks are the same wall clock.
 * 20 transitions (10 × pause + unpause) after one unmeasured pair.
 *
 * The list is virtualised and not filtered (the page holds all 1,000+ containers): the watched
 * container is named `000-bench-events-dom-…`, so the default sort (name) puts it in the first screen
 * of rows; the bench checks its row is rendered before measuring.
 *
 *   BENCH {"name":"events.dom","containers":1000,"p50_ms":…,"p95_ms":…,"samples":n}
 *
 * The 999 idle containers are left in place with WHARF_BENCH_KEEP=1.
 */
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { chromium } from '@playwright/test';
import Docker from 'dockerode';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium';
import { benchContainerIds, ensureBenchContainers, removeBenchContainers } from './idle-containers';
import {
  BENCH_LABEL_KEY,
  BENCH_LABEL_VALUE,
  loadRig,
  log,
  login,
  onCleanup,
  percentile,
  printBench,
  round,
  runBench,
  sleep,
  startWharf,
} from './lib';

const CONTAINERS = 1000;
const PAIRS = 10;
const TIMEOUT_MS = 10_000;

/** What the page keeps: the state it waits for, and when each awaited state appeared. */
interface Probe {
  expect: { id: string; state: string } | null;
  hits: Array<{ state: string; at: number }>;
}
declare global {
  interface Window {
    __eventsDom?: Probe;
  }
}

runBench('events.dom', async () => {
  const env = loadRig();
  const docker = new Docker({ socketPath: env.MAIN_SOCKET });
  // Registered first so it runs last (after Wharf is stopped), also when the bench fails.
  if (process.env.WHARF_BENCH_KEEP !== '1') onCleanup(() => removeBenchContainers(docker));

  // ---- the watched container (running, so it can be paused), then idle ones up to 1,000
  const name = `000-bench-events-dom-${crypto.randomBytes(3).toString('hex')}`;
  const watched = await docker.createContainer({
    name,
    Image: env.SEED_BUSYBOX,
    Cmd: ['sleep', '600'],
    Labels: { [BENCH_LABEL_KEY]: BENCH_LABEL_VALUE },
    HostConfig: { Init: true },
  });
  onCleanup(() => watched.remove({ force: true }).catch(() => undefined));
  await watched.start();
  await ensureBenchContainers(docker, env.SEED_BUSYBOX, CONTAINERS);
  const labelled = (await benchContainerIds(docker)).length;

  // ---- Wharf and a signed-in page on /containers
  const wharf = await startWharf();
  const cookie = await login(wharf);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  onCleanup(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const [cookieName, cookieValue] = cookie.split('=') as [string, string];
  await context.addCookies([{ name: cookieName, value: cookieValue, url: wharf.base }]);
  const page = await context.newPage();
  await page.goto(`${wharf.base}/containers`);
  const badge = `tr[data-testid="container-row"][data-id="${watched.id}"] [data-testid="state-badge"]`;
  try {
    await page.waitForSelector(`${badge}[data-state="running"]`, { timeout: 30_000 });
  } catch (err) {
    const count = await page
      .locator('[data-testid="container-count"]')
      .textContent()
      .catch(() => '?');
    throw new Error(`the watched row ${name} is not rendered in the first screen (${count}): ${err instanceof Error ? err.message : err}`);
  }
  const shown = (await page.locator('[data-testid="container-count"]').textContent()) ?? '';
  log(`page: ${shown}; ${labelled} bench containers; watching ${name}`);
  if (labelled < CONTAINERS) throw new Error(`only ${labelled} bench containers`);

  // ---- the observer: records when the watched row's badge first reads the awaited state
  await page.evaluate((sel) => {
    const probe: Probe = { expect: null, hits: [] };
    window.__eventsDom = probe;
    const table = document.querySelector('[data-testid="container-table"]');
    if (!table) throw new Error('no container table');
    new MutationObserver(() => {
      const e = probe.expect;
      if (!e) return;
      if (document.querySelector(sel)?.textContent?.trim() !== e.state) return;
      probe.hits.push({ state: e.state, at: performance.timeOrigin + performance.now() });
      probe.expect = null;
    }).observe(table, { subtree: true, childList: true, characterData: true, attributes: true });
  }, badge);

  const transition = async (state: 'paused' | 'running', act: () => Promise<unknown>): Promise<number> => {
    const n = await page.evaluate(
      ({ id, state }) => {
        const probe = window.__eventsDom!;
        probe.expect = { id, state };
        return probe.hits.length;
      },
      { id: watched.id, state },
    );
    const t0 = performance.timeOrigin + performance.now();
    await act();
    await page.waitForFunction((k) => window.__eventsDom!.hits.length > k, n, { timeout: TIMEOUT_MS, polling: 20 });
    const hit = await page.evaluate((k) => window.__eventsDom!.hits[k]!, n);
    if (hit.state !== state) throw new Error(`expected ${state}, the row showed ${hit.state}`);
    return hit.at - t0;
  };

  const pair = async () => [await transition('paused', () => watched.pause()), await transition('running', () => watched.unpause())];
  await pair(); // warm-up: first renders of the paused badge, code paths, JIT
  await sleep(300);
  const samples: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    samples.push(...(await pair()));
    await sleep(200);
  }
  log(`samples (ms): ${samples.map((s) => s.toFixed(1)).join(' ')}`);
  if (samples.some((s) => s < 0)) throw new Error('a negative sample: the clocks disagree');

  await context.close();
  await wharf.stop();
  printBench({
    name: 'events.dom',
    containers: labelled,
    p50_ms: round(percentile(samples, 50)),
    p95_ms: round(percentile(samples, 95)),
    samples: samples.length,
  });
});
