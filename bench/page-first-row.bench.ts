/**
 * page.first_row: a cold navigation to /containers in Chromium until the first container row is
 * visible, with 1,000 and then 5,000 idle bench containers on the engine.
 *
 * Each load is a fresh browser context (empty cache, only the session cookie). A script installed
 * before the document exists watches for the first `tr[data-testid="container-row"]` with a layout
 * box and takes the next animation frame after it (the frame that draws it); ms is that frame's
 * performance.now(), i.e. measured from the start of the navigation. One unmeasured load per Wharf
 * first (its server-side route code loads on first use), then the median of 5.
 *
 *   BENCH {"name":"page.first_row","containers":1000,"ms":…}
 *   BENCH {"name":"page.first_row","containers":5000,"ms":…}
 *
 * Creating (and removing) 5,000 containers takes minutes: scripts/bench.sh gives this file a longer
 * timeout. The containers are left in place with WHARF_BENCH_KEEP=1; WHARF_BENCH_FIRST_ROW_SIZES=1000
 * measures one size only.
 *
 * The floor, in the same run: the empty page of bench/floor-app (Next and React, nothing of Wharf),
 * measured the same way until its one paragraph is drawn:
 *   BENCH {"name":"page.first_row","page":"(floor) empty Next page","ms":…}
 */
import { chromium, type Browser } from '@playwright/test';
import Docker from 'dockerode';
import type { ContainerSummary } from '../server/contracts/containers';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium';
import { ensureBenchContainers, removeBenchContainers } from './idle-containers';
import {
  BENCH_LABEL_KEY,
  BENCH_LABEL_VALUE,
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
import { startFloor } from './floor';

const SIZES = (process.env.WHARF_BENCH_FIRST_ROW_SIZES ?? '1000,5000').split(',').map(Number);
const LOADS = 5;
const ROW = 'tr[data-testid="container-row"]';

declare global {
  interface Window {
    __firstRow?: { dom: number; frame: number };
  }
}

/**
 * Runs in the page before any of its scripts: when the first row gets a box, and the frame after.
 * A string, not a function: tsx would wrap inner functions in a `__name` helper the page lacks.
 */
const watchFirst = (selector: string) => `(() => {
  const mo = new MutationObserver(() => {
    const row = document.querySelector(${JSON.stringify(selector)});
    if (!row || row.getBoundingClientRect().height === 0) return;
    mo.disconnect();
    const dom = performance.now();
    requestAnimationFrame(() => { window.__firstRow = { dom, frame: performance.now() }; });
  });
  mo.observe(document, { subtree: true, childList: true });
})();`;

/** Times from navigation start: the row's frame, and for the log where the time went. */
interface Load {
  dom: number;
  frame: number;
  html: number;
  dcl: number;
}

async function coldLoad(browser: Browser, url: string, selector: string, cookie?: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    if (cookie) {
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url }]);
    }
    await context.addInitScript({ content: watchFirst(selector) });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__firstRow !== undefined, undefined, { timeout: 30_000, polling: 50 });
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return { ...window.__firstRow!, html: nav?.responseEnd ?? 0, dcl: nav?.domContentLoadedEventEnd ?? 0 };
    });
  } finally {
    await context.close();
  }
}

runBench(
  'page.first_row',
  async () => {
    const env = loadRig();
    const docker = new Docker({ socketPath: env.MAIN_SOCKET });
    // Registered first so it runs last (after Wharf and Chromium are stopped), also when the bench fails.
    if (process.env.WHARF_BENCH_KEEP !== '1') onCleanup(() => removeBenchContainers(docker));
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    onCleanup(() => browser.close());

    for (const size of SIZES) {
      await ensureBenchContainers(docker, env.SEED_BUSYBOX, size);
      // A fresh Wharf per size, as a user starting it with that many containers.
      const wharf = await startWharf();
      const cookie = await login(wharf);
      const engine = await localEngine(wharf, cookie);
      const listed = await waitFor(
        async () => {
          const url = `${wharf.base}/api/containers?host=${encodeURIComponent(engine.id)}`;
          const list = expectOk(await requestJson<ContainerSummary[]>(url, { headers: { cookie } }), 'GET /api/containers');
          const bench = list.filter((c) => c.labels?.[BENCH_LABEL_KEY] === BENCH_LABEL_VALUE).length;
          return bench >= size ? bench : 0;
        },
        60_000,
        `Wharf listing ${size} bench containers`,
        250,
      );
      const load = () => coldLoad(browser, `${wharf.base}/containers`, ROW, cookie);
      await load(); // warm-up
      const loads: Load[] = [];
      for (let i = 0; i < LOADS; i++) loads.push(await load());
      const col = (k: keyof Load) => loads.map((l) => l[k].toFixed(0)).join(' ');
      log(
        `${listed} bench containers, ms from navigation: HTML ${col('html')}; DOMContentLoaded ${col('dcl')}; first row in DOM ${col('dom')}, drawn ${col('frame')}`,
      );
      await wharf.stop();
      printBench({ name: 'page.first_row', containers: listed, ms: round(median(loads.map((l) => l.frame)), 1) });
    }

    // The floor on this machine: an empty Next page (bench/floor-app) until its one paragraph is drawn.
    const floor = await startFloor();
    await coldLoad(browser, floor + '/', 'p');
    const loads: Load[] = [];
    for (let i = 0; i < LOADS; i++) loads.push(await coldLoad(browser, floor + '/', 'p'));
    log(`the floor app's empty page, ms from navigation: first element drawn ${loads.map((l) => l.frame.toFixed(0)).join(' ')}`);
    printBench({ name: 'page.first_row', page: '(floor) empty Next page', ms: round(median(loads.map((l) => l.frame)), 1) });
  },
  // Creating 5,000 containers takes minutes on a busy engine; removal runs after this deadline (bench.sh allows 600 s in all).
  480_000,
);
