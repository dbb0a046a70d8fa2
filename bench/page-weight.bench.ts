/**
 * page.weight: the JavaScript a cold Chromium load of a page downloads, and whether every script and
 * the HTML came compressed. js_gzip_kb is those scripts gzipped at level 9 (what a browser without
 * brotli receives, and the measure the targets are set in); js_wire_kb is what Chromium received, as
 * sent (`encoding`: br for Wharf's precompressed assets, gzip from `next start`).
 *
 *   BENCH {"name":"page.weight","page":"/containers","js_gzip_kb":…,"js_wire_kb":…,"encoding":"br","js_raw_kb":…,"scripts":n,"compressed":true}
 *
 * One line per page: `/`, `/containers` and a container page. First-load JS is what the page asks
 * for until its load event; what Next prefetches afterwards for links in view (other routes' code,
 * fetched while idle) is reported apart as `prefetch_gzip_kb`.
 *
 * The floor, in the same run: bench/floor-app, built with the same Next, React and libraries, served
 * by `next start` (gzip, like Wharf), and measured the same way. Two more lines:
 *   page "(floor) empty Next page"                    Next and React alone
 *   page "(floor) Next + react-query + socket.io"     plus the client libraries Wharf's shape fixes
 */
import { gzipSync } from 'node:zlib';
import Docker from 'dockerode';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium';
import { startFloor } from './floor';
import { createBenchContainer, loadRig, localEngine, log, login, onCleanup, printBench, round, runBench, startWharf } from './lib';

interface Script {
  url: string;
  /** Bytes received (as sent: brotli where the browser accepts it). */
  encoded: number;
  raw: number;
  /** The body gzipped at level 9 (what a browser without brotli gets: the server's .gz copy). */
  gzip: number;
  encoding: string;
  prefetch: boolean;
}

/** A cold load of `url` in a fresh context: the scripts it fetched, and how its HTML came. */
async function measure(browser: Browser, url: string, cookie?: { name: string; value: string }) {
  const context = await browser.newContext();
  if (cookie) await context.addCookies([{ ...cookie, url }]);
  const tab = await context.newPage();
  const scripts: Script[] = [];
  let loaded = false;
  tab.on('load', () => void (loaded = true));
  let htmlEncoding = '';
  const pending: Promise<void>[] = [];
  tab.on('response', (res) => {
    const type = res.request().resourceType();
    if (type === 'document' && res.url().startsWith(url.split('?')[0]!)) {
      pending.push(res.allHeaders().then((h) => void (htmlEncoding = h['content-encoding'] ?? '')));
    }
    if (type !== 'script') return;
    const prefetch = loaded;
    pending.push(
      (async () => {
        const [sizes, headers, body] = await Promise.all([
          res.request().sizes(),
          res.allHeaders(),
          res.body().catch(() => Buffer.alloc(0)),
        ]);
        scripts.push({
          url: res.url(),
          encoded: sizes.responseBodySize,
          raw: body.length,
          gzip: gzipSync(body, { level: 9 }).length,
          encoding: headers['content-encoding'] ?? '',
          prefetch,
        });
      })(),
    );
  });
  await tab.goto(url, { waitUntil: 'networkidle' });
  await Promise.all(pending);
  await context.close();
  return { scripts, htmlEncoding };
}

/** One BENCH line for a measured page. */
function report(page: string, { scripts, htmlEncoding }: Awaited<ReturnType<typeof measure>>): void {
  const uncompressed = scripts.filter((s) => !/gzip|br|zstd/.test(s.encoding));
  if (uncompressed.length) log(`${page}: uncompressed scripts: ${uncompressed.map((s) => s.url).join(', ')}`);
  const first = scripts.filter((s) => !s.prefetch);
  // WHARF_BENCH_VERBOSE=1: each first-load script and its compressed size, to see what a page carries.
  if (process.env.WHARF_BENCH_VERBOSE)
    for (const s of [...first].sort((a, b) => b.encoded - a.encoded)) log(`${page}: ${round(s.encoded / 1024, 1)} KB ${s.url}`);
  const later = scripts.filter((s) => s.prefetch);
  // A response cut short (a prefetch the page no longer wanted) reports no size (-1): it counts as 0.
  const kb = (list: Script[], key: 'encoded' | 'raw' | 'gzip') => round(list.reduce((a, s) => a + Math.max(0, s[key]), 0) / 1024, 1);
  printBench({
    name: 'page.weight',
    page,
    js_gzip_kb: kb(first, 'gzip'),
    js_wire_kb: kb(first, 'encoded'),
    encoding: [...new Set(first.map((s) => s.encoding || 'none'))].join('+'),
    js_raw_kb: kb(first, 'raw'),
    scripts: first.length,
    prefetch_gzip_kb: kb(later, 'gzip'),
    compressed: uncompressed.length === 0 && /gzip|br|zstd/.test(htmlEncoding),
  });
}

runBench(
  'page.weight',
  async () => {
    const env = loadRig();
    const docker = new Docker({ socketPath: env.MAIN_SOCKET });
    const wharf = await startWharf();
    onCleanup(() => wharf.stop());
    const cookie = await login(wharf);
    const host = await localEngine(wharf, cookie);
    const container = await createBenchContainer(docker, env.SEED_BUSYBOX);
    await container.start();

    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    onCleanup(() => browser.close());
    const [name, value] = cookie.split('=') as [string, string];

    for (const page of ['/', '/containers', `/hosts/${host.id}/containers/${container.id}`]) {
      const label = page.startsWith('/hosts/') ? '/hosts/[hostId]/containers/[id]' : page;
      report(label, await measure(browser, wharf.base + page, { name, value }));
    }

    const floor = await startFloor();
    report('(floor) empty Next page', await measure(browser, floor + '/'));
    report('(floor) Next + react-query + socket.io', await measure(browser, floor + '/stack'));
  },
  480_000,
);
