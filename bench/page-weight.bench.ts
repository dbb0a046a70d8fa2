/**
 * page.weight: the JavaScript a cold Chromium load of a page downloads, as sent on the wire
 * (compressed bytes), and whether every script and the HTML came compressed.
 *
 *   BENCH {"name":"page.weight","page":"/containers","js_gzip_kb":…,"js_raw_kb":…,"scripts":n,"compressed":true}
 *
 * One line per page: `/`, `/containers` and a container page. First-load JS is what the page asks
 * for until its load event; what Next prefetches afterwards for links in view (other routes' code,
 * fetched while idle) is reported apart as `prefetch_gzip_kb`.
 */
import Docker from 'dockerode';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium';
import { createBenchContainer, loadRig, localEngine, log, login, onCleanup, printBench, round, runBench, startWharf } from './lib';

runBench('page.weight', async () => {
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
    // A fresh context per page: nothing cached, as a first visit.
    const context = await browser.newContext();
    await context.addCookies([{ name, value, url: wharf.base }]);
    const tab = await context.newPage();
    const scripts: Array<{ url: string; encoded: number; raw: number; encoding: string; prefetch: boolean }> = [];
    let loaded = false;
    tab.on('load', () => void (loaded = true));
    let htmlEncoding = '';
    const pending: Promise<void>[] = [];
    tab.on('response', (res) => {
      const type = res.request().resourceType();
      if (type === 'document' && res.url().startsWith(wharf.base + page.split('?')[0])) {
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
            encoding: headers['content-encoding'] ?? '',
            prefetch,
          });
        })(),
      );
    });
    await tab.goto(wharf.base + page, { waitUntil: 'networkidle' });
    await Promise.all(pending);
    const uncompressed = scripts.filter((s) => !/gzip|br|zstd/.test(s.encoding));
    if (uncompressed.length) log(`${page}: uncompressed scripts: ${uncompressed.map((s) => s.url).join(', ')}`);
    const first = scripts.filter((s) => !s.prefetch);
    // WHARF_BENCH_VERBOSE=1: each first-load script and its compressed size, to see what a page carries.
    if (process.env.WHARF_BENCH_VERBOSE)
      for (const s of [...first].sort((a, b) => b.encoded - a.encoded)) log(`${page}: ${round(s.encoded / 1024, 1)} KB ${s.url}`);
    const later = scripts.filter((s) => s.prefetch);
    const kb = (list: typeof scripts, key: 'encoded' | 'raw') => round(list.reduce((a, s) => a + s[key], 0) / 1024, 1);
    printBench({
      name: 'page.weight',
      page: page.startsWith('/hosts/') ? '/hosts/[hostId]/containers/[id]' : page,
      js_gzip_kb: kb(first, 'encoded'),
      js_raw_kb: kb(first, 'raw'),
      scripts: first.length,
      prefetch_gzip_kb: kb(later, 'encoded'),
      compressed: uncompressed.length === 0 && /gzip|br|zstd/.test(htmlEncoding),
    });
    await context.close();
  }
});
