import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { io } from 'socket.io-client';
import { localHostId, ADMIN, docker, E2E_LABEL, loadRig, runSleeper } from './support/rig';
import { baseURL } from './playwright.config';

/**
 * Another site (served here on 127.0.0.1, a different site from localhost; and on localhost:<other port>,
 * the same site but another origin, where even SameSite=Lax cookies ride along on frames and fetches)
 * links, redirects, frames, form-POSTs and scripts its way to Wharf while the admin is signed in.
 * Nothing may run: no exec, no container change, no sign-out, no audit row. A terminal URL may only
 * pre-fill the confirm dialog, and pressing its button must still open the terminal.
 */

const r = loadRig();
const WHARF = new URL(baseURL).origin;
const MARK = `pwned-${randomUUID().slice(0, 8)}`;
const boxName = `e2e-xo-${MARK}`;
const okName = `e2e-xo-ok-${MARK}`;
const madeName = `e2e-xo-made-${MARK}`;
let box = '';
let okBox = '';

// The attacker's site: pages set by each test, plus /302?to=… redirects.
const evilPages = new Map<string, string>();
const evil = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://evil.invalid');
  if (url.pathname === '/302') {
    res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
    return res.end();
  }
  const html = evilPages.get(url.pathname);
  res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html ?? 'not found');
});
let crossSite = ''; // http://127.0.0.1:<port>
let sameSite = ''; // http://localhost:<port>

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  const { port } = evil.address() as AddressInfo;
  crossSite = `http://127.0.0.1:${port}`;
  sameSite = `http://localhost:${port}`;
  box = await runSleeper(boxName);
  okBox = await runSleeper(okName);
});
test.afterAll(async () => {
  await docker(r.MAIN_SOCKET, 'rm', '-f', '-v', box, okBox).catch(() => undefined);
  await docker(r.MAIN_SOCKET, 'rm', '-f', '-v', madeName).catch(() => undefined);
  await new Promise((resolve) => evil.close(resolve));
});

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Serves `body` on the attacker's site and returns its URL there. */
function evilPage(site: string, name: string, body: string): string {
  evilPages.set(`/${name}`, `<!doctype html><html><head><title>${name}</title></head><body>${body}</body></html>`);
  return `${site}/${name}`;
}

/** A terminal URL whose command leaves /tmp/<MARK>-<tag> behind if it ever runs. */
function terminalUrl(
  path: '/terminals' | '/terminal-popout',
  hostId: string,
  container: string,
  tag: string,
  extra: Record<string, string> = {},
) {
  const p = new URLSearchParams({ host: hostId, container, shell: 'custom' });
  for (const a of ['sh', '-c', `touch /tmp/${MARK}-${tag}; exec sleep 300`]) p.append('arg', a);
  p.set('user', 'root');
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return `${WHARF}${path}?${p.toString()}`;
}

/** The files the attacks would have left in a container (docker diff: no exec of our own needed). */
const markers = async (id: string) => (await docker(r.MAIN_SOCKET, 'diff', id)).split('\n').filter((l) => l.includes(MARK));

interface Snapshot {
  auditHead: number;
  state: string;
  execIds: string;
  processes: string;
  engines: string;
}

/** What an attack could change: the audit log, the container's state, its execs and processes, the engines. */
async function snapshot(page: Page): Promise<Snapshot> {
  const audit = await page.request.get('/api/audit?limit=1');
  expect(audit.status(), 'the admin session still works').toBe(200);
  const engines = await page.request.get('/api/engines');
  expect(engines.status()).toBe(200);
  return {
    auditHead: ((await audit.json()) as { entries: Array<{ id: number }> }).entries[0]?.id ?? 0,
    state: await docker(
      r.MAIN_SOCKET,
      'inspect',
      '-f',
      '{{.Name}} {{.State.Status}} {{.State.StartedAt}} {{.State.Paused}} {{.RestartCount}}',
      box,
    ),
    execIds: await docker(r.MAIN_SOCKET, 'inspect', '-f', '{{json .ExecIDs}}', box),
    processes: (await docker(r.MAIN_SOCKET, 'top', box, '-o', 'pid,args')).split('\n').slice(1).sort().join('\n'),
    engines: ((await engines.json()) as Array<{ id: string; name: string }>)
      .map((e) => `${e.id}:${e.name}`)
      .sort()
      .join(','),
  };
}

/** Waits until a Wharf page reached by an attack has shown what it shows (and any exec would have run). */
async function landed(page: Page) {
  await page.waitForURL((u) => u.origin === WHARF, { timeout: 15_000 });
  await expect(
    page
      .getByTestId('confirm-terminal')
      .or(page.getByTestId('terminal-panel'))
      .or(page.getByLabel('Username'))
      .or(page.getByTestId('popout-idle'))
      .first(),
  ).toBeVisible({ timeout: 15_000 });
  // Give an exec every chance to run before saying that none did.
  await page.waitForTimeout(2500);
}

const dialogOf = (page: Page) => page.getByRole('dialog', { name: 'Open this terminal?' });

test('links, redirects and pop-ups from another site only pre-fill the confirm dialog: nothing runs', async ({ page, context }) => {
  test.setTimeout(300_000); // nine journeys, each waiting for an exec that must not come
  const hostId = await localHostId(page);
  const before = await snapshot(page);

  const cases: Array<{
    tag: string;
    site: string;
    path: '/terminals' | '/terminal-popout';
    how: 'link' | 'meta' | 'script' | '302' | 'popup';
    extra?: Record<string, string>;
  }> = [
    { tag: 'link', site: crossSite, path: '/terminals', how: 'link' },
    { tag: 'link-same-site', site: sameSite, path: '/terminals', how: 'link' },
    { tag: 'popout-link', site: crossSite, path: '/terminal-popout', how: 'link' },
    { tag: 'meta', site: crossSite, path: '/terminal-popout', how: 'meta' },
    { tag: 'script', site: sameSite, path: '/terminals', how: 'script' },
    { tag: '302', site: crossSite, path: '/terminal-popout', how: '302' },
    { tag: 'popup', site: crossSite, path: '/terminal-popout', how: 'popup' },
    // A made-up pop-out handoff key: only Wharf's own "Pop out" button can store one.
    { tag: 'handoff', site: crossSite, path: '/terminal-popout', how: 'link', extra: { handoff: randomUUID() } },
    { tag: 'attach', site: crossSite, path: '/terminals', how: 'link', extra: { mode: 'attach' } },
  ];

  for (const c of cases) {
    const target = terminalUrl(c.path, hostId, box, c.tag, c.extra);
    let victim = page;
    if (c.how === '302') {
      await page.goto(`${c.site}/302?to=${encodeURIComponent(target)}`);
    } else if (c.how === 'meta') {
      await page.goto(evilPage(c.site, `meta-${c.tag}`, `<meta http-equiv="refresh" content="0;url=${esc(target)}">`));
    } else if (c.how === 'script') {
      await page.goto(evilPage(c.site, `script-${c.tag}`, `<script>location.href = ${JSON.stringify(target)};</script>`));
    } else if (c.how === 'popup') {
      await page.goto(
        evilPage(
          c.site,
          `popup-${c.tag}`,
          `<button onclick="window.open(${esc(JSON.stringify(target))}, '_blank', 'popup')">Win a prize</button>`,
        ),
      );
      const popup = context.waitForEvent('page');
      await page.getByRole('button', { name: 'Win a prize' }).click();
      victim = await popup;
    } else {
      await page.goto(evilPage(c.site, `link-${c.tag}`, `<a href="${esc(target)}">Click here</a>`));
      await page.getByRole('link', { name: 'Click here' }).click();
    }
    await landed(victim);

    expect(await markers(box), `${c.tag}: the command ran in the container`).toEqual([]);
    expect(await victim.getByTestId('terminal-panel').count(), `${c.tag}: a terminal opened`).toBe(0);
    // The URL still pre-fills the dialog, for the user to check and confirm.
    const dialog = dialogOf(victim);
    await expect(dialog, c.tag).toBeVisible();
    await expect(dialog.getByTestId('confirm-host')).toHaveText('local');
    await expect(dialog.getByTestId('confirm-container')).toHaveText(boxName);
    if (c.extra?.mode === 'attach') await expect(dialog.getByTestId('confirm-command')).toContainText('Attach to the main process');
    else {
      await expect(dialog.getByTestId('confirm-command')).toHaveText(`$ sh -c 'touch /tmp/${MARK}-${c.tag}; exec sleep 300'`);
      await expect(dialog.getByTestId('confirm-user')).toHaveText('root');
    }
    if (victim !== page) await victim.close();
  }

  expect(await snapshot(page)).toEqual(before);
  expect(await markers(box)).toEqual([]);
});

test('frames on another origin get nothing to click, and Wharf refuses to be framed', async ({ page }) => {
  const hostId = await localHostId(page);
  for (const path of ['/terminals', '/terminal-popout', '/containers', '/']) {
    const res = await page.request.get(path, { maxRedirects: 0 });
    expect(res.headers()['x-frame-options'], path).toBe('DENY');
    expect(res.headers()['content-security-policy'] ?? '', path).toContain("frame-ancestors 'none'");
  }
  const before = await snapshot(page);
  for (const site of [crossSite, sameSite]) {
    const tag = site === crossSite ? 'frame' : 'frame-same-site';
    const frames = [terminalUrl('/terminals', hostId, box, tag), terminalUrl('/terminal-popout', hostId, box, `${tag}-popout`)]
      .map((u) => `<iframe src="${esc(u)}" width="900" height="500"></iframe>`)
      .join('');
    await page.goto(evilPage(site, tag, frames));
    await page.waitForTimeout(4000);
    expect(await markers(box), `${tag}: the command ran in the container`).toEqual([]);
    for (const f of page.frames().filter((f) => f !== page.mainFrame())) {
      expect(await f.locator('[data-testid="confirm-open-terminal"], [data-testid="terminal-panel"]').count(), `${tag}: ${f.url()}`).toBe(
        0,
      );
    }
  }
  expect(await snapshot(page)).toEqual(before);
});

test('form posts, scripted requests and websockets from another origin change nothing', async ({ page }) => {
  test.setTimeout(300_000); // sixteen form posts and two scripted pages
  const hostId = await localHostId(page);
  const before = await snapshot(page);
  const api = (p: string) => `${WHARF}/api${p}`;
  const containerApi = `/hosts/${hostId}/containers/${box}`;
  const writes: Array<{ url: string; body: unknown }> = [
    { url: api(`${containerApi}/actions`), body: { action: 'stop', timeout: 0 } },
    { url: api(`${containerApi}/actions`), body: { action: 'pause' } },
    { url: api(`${containerApi}/actions`), body: { action: 'rename', name: `${boxName}-renamed` } },
    { url: api('/containers/bulk'), body: { targets: [{ hostId, id: box }], action: { action: 'remove', force: true } } },
    {
      url: api(`/hosts/${hostId}/containers`),
      body: { image: r.SEED_BUSYBOX, name: madeName, cmd: ['sleep', '600'], labels: { 'wharf.test': 'e2e' }, start: true },
    },
    { url: api(`${containerApi}/commit`), body: { repo: `e2e-xo-${MARK}`, tag: 'x' } },
    { url: api('/engines'), body: { engine: { kind: 'tcp', name: `evil-${MARK}`, host: '127.0.0.1', port: 1 }, skipCheck: true } },
    { url: api('/auth/logout'), body: {} },
  ];

  for (const site of [crossSite, sameSite]) {
    // A classic CSRF form: text/plain smuggles a JSON body ({"…":"="}), submitted on load.
    for (const [i, w] of writes.entries()) {
      const json = JSON.stringify(w.body);
      const name = `${json.slice(0, -1)},"pad":"`;
      await page.goto(
        evilPage(
          site,
          `form-${i}`,
          `<form method="POST" enctype="text/plain" action="${esc(w.url)}"><input type="hidden" name="${esc(name)}" value='"}'></form><script>document.forms[0].submit()</script>`,
        ),
      );
      await page.waitForURL((u) => u.origin === WHARF);
      await expect(page.locator('body'), `${site} form → ${w.url}`).toContainText('Cross-origin request refused');
    }

    // Scripted: no-cors POSTs with the cookie, a CORS DELETE of the engine, a raw socket.io session asking for an exec.
    const socketUrl = `${WHARF.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const execOpen = {
      hostId,
      id: box,
      shell: 'custom',
      command: ['sh', '-c', `touch /tmp/${MARK}-socket`],
      tty: true,
      cols: 80,
      rows: 24,
    };
    const script = `
      window.__log = [];
      const log = (m) => window.__log.push(m);
      const writes = ${JSON.stringify(writes)};
      Promise.allSettled([
        ...writes.map((w) => fetch(w.url, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(w.body) })),
        fetch(${JSON.stringify(api(`/engines/${hostId}`))}, { method: 'DELETE', credentials: 'include' }).then((r) => log('delete:' + r.status), () => log('delete:blocked')),
      ]).then(() => {
        const ws = new WebSocket(${JSON.stringify(socketUrl)});
        ws.onopen = () => log('ws:open');
        ws.onmessage = (e) => {
          log('ws:' + e.data);
          if (e.data.startsWith('0{')) ws.send('40');
          else if (e.data.startsWith('40')) ws.send('420' + JSON.stringify(['exec.open', ${JSON.stringify(execOpen)}]));
          else if (e.data === '2') ws.send('3');
        };
        ws.onerror = () => log('ws:error');
        ws.onclose = () => { log('ws:closed'); window.__done = true; };
        setTimeout(() => { window.__done = true; }, 5000);
      });
    `;
    await page.goto(evilPage(site, 'scripted', `<script>${script}</script>`));
    await page.waitForFunction(() => (window as unknown as { __done?: boolean }).__done === true, undefined, { timeout: 20_000 });
    const log = await page.evaluate(() => (window as unknown as { __log: string[] }).__log);
    expect(log, site).not.toContain('ws:open');
    expect(log, site).toContain('delete:blocked');
  }

  await page.waitForTimeout(1000);
  expect(await snapshot(page)).toEqual(before);
  expect(await markers(box)).toEqual([]);
  expect(await docker(r.MAIN_SOCKET, 'ps', '-aq', '--filter', `name=^/${madeName}$`)).toBe('');
  const state = (await (await page.request.get('/api/auth/state')).json()) as { user: { username: string } | null };
  expect(state.user?.username).toBe(ADMIN.username);
});

test('the socket server refuses a foreign Origin even with the session cookie', async ({ page }) => {
  const hostId = await localHostId(page);
  const before = await snapshot(page);
  const session = (await page.context().cookies(WHARF)).find((c) => c.name === 'wharf_session');
  expect(session).toBeTruthy();
  const cookie = `wharf_session=${session!.value}`;

  const tryConnect = (origin: string) =>
    new Promise<{ connected: boolean; error?: string; ack?: unknown }>((resolve) => {
      const s = io(baseURL, { transports: ['websocket'], reconnection: false, timeout: 5000, extraHeaders: { origin, cookie } });
      s.on('connect', () => {
        // Own origin only: check the session is really usable, without running anything.
        s.timeout(5000).emit('exec.open', { hostId, id: 'no-such-container-xo' }, (err: Error | null, ack: unknown) => {
          s.close();
          resolve({ connected: true, ack: err ? String(err) : ack });
        });
      });
      s.on('connect_error', (err) => {
        s.close();
        resolve({ connected: false, error: err.message });
      });
    });

  for (const origin of [crossSite, sameSite, 'null', 'http://evil.example']) {
    const res = await tryConnect(origin);
    expect(res.connected, origin).toBe(false);
    // The polling handshake (the transport socket.io starts with) is refused as well.
    const poll = await page.request.get(`/socket.io/?EIO=4&transport=polling&t=${Date.now()}`, { headers: { origin } });
    expect(poll.status(), origin).toBe(403);
  }
  // Without an Origin: a browser's request from another site (a <script> include) and JSONP polling are refused.
  for (const headers of [{ 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': 'cross-site' }] as Array<Record<string, string>>) {
    const res = await page.request.get(`/socket.io/?EIO=4&transport=polling&t=${Date.now()}`, { headers });
    expect(res.status(), JSON.stringify(headers)).toBe(403);
  }
  const jsonp = await page.request.get(`/socket.io/?EIO=4&transport=polling&j=0&t=${Date.now()}`, { headers: { origin: WHARF } });
  expect(jsonp.status()).toBe(403);
  // The same cookie from Wharf's own origin connects (so the refusals above are about the Origin).
  const own = await tryConnect(WHARF);
  expect(own.connected).toBe(true);
  expect(own.ack).toMatchObject({ ok: false });
  for (const headers of [{ origin: WHARF }, { 'sec-fetch-site': 'same-origin' }] as Array<Record<string, string>>) {
    const poll = await page.request.get(`/socket.io/?EIO=4&transport=polling&t=${Date.now()}`, { headers });
    expect(poll.status(), JSON.stringify(headers)).toBe(200);
  }

  const after = await snapshot(page);
  expect({ ...after, auditHead: 0 }).toEqual({ ...before, auditHead: 0 });
  // The own-origin probe's exec.open for a missing container may be audited; nothing else is.
  const rows = (
    (await (await page.request.get('/api/audit?limit=50')).json()) as {
      entries: Array<{ id: number; action: string; target: string | null }>;
    }
  ).entries;
  expect(rows.filter((row) => row.id > before.auditHead && row.target !== null && row.target.includes(boxName))).toEqual([]);
  expect(await markers(box)).toEqual([]);
});

test('no socket.io session through JSONP polling from another origin (no Origin header on a script request)', async ({ page }) => {
  const hostId = await localHostId(page);
  const before = await snapshot(page);
  const execOpen = { hostId, id: box, shell: 'custom', command: ['sh', '-c', `touch /tmp/${MARK}-jsonp`], tty: true, cols: 80, rows: 24 };
  // A <script> GET carries the SameSite=Lax cookie on the same site but no Origin header; later
  // POSTs name their session id, and engine.io checks allowRequest on the handshake only.
  const script = `
    window.__log = [];
    const log = (m) => window.__log.push(m);
    window.___eio = [];
    const base = ${JSON.stringify(`${WHARF}/socket.io/?EIO=4&transport=polling&j=0`)};
    const jsonp = (url) => new Promise((resolve, reject) => {
      window.___eio[0] = resolve;
      const s = document.createElement('script');
      s.src = url + '&t=' + Math.random();
      s.onerror = () => reject(new Error('script refused'));
      document.body.appendChild(s);
    });
    const send = (sid, data) => fetch(base + '&sid=' + sid, { method: 'POST', mode: 'no-cors', credentials: 'include',
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'd=' + encodeURIComponent(data) });
    (async () => {
      try {
        const hs = await jsonp(base);
        log('handshake:' + hs);
        const sid = JSON.parse(hs.slice(1)).sid;
        await send(sid, '40');
        log('connect:' + await jsonp(base + '&sid=' + sid));
        await send(sid, '421' + JSON.stringify(['exec.open', ${JSON.stringify(execOpen)}]));
        log('ack:' + await jsonp(base + '&sid=' + sid));
      } catch (e) { log('refused:' + e.message); }
      window.__done = true;
    })();
  `;
  for (const site of [crossSite, sameSite]) {
    await page.goto(evilPage(site, 'jsonp', `<script>${script}</script>`));
    await page.waitForFunction(() => (window as unknown as { __done?: boolean }).__done === true, undefined, { timeout: 30_000 });
    const log = await page.evaluate(() => (window as unknown as { __log: string[] }).__log);
    expect(
      log.filter((l) => /^(connect|ack):4[03]/.test(l)),
      `${site}: ${log.join(' | ')}`,
    ).toEqual([]);
  }
  await page.waitForTimeout(1000);
  expect(await markers(box)).toEqual([]);
  expect(await snapshot(page)).toEqual(before);
});

/** The terminal's screen, one string per row. */
const lines = async (screen: Locator) =>
  (await screen.locator(':scope > div').allInnerTexts()).map((l) => l.replace(/\u00a0/g, ' ').trim());

test('the confirm dialog shows host, container, user and command; only its button opens the terminal', async ({ page, context }) => {
  const hostId = await localHostId(page);
  const before = await snapshot(page);
  const target = new URL(terminalUrl('/terminals', hostId, okBox, 'confirmed', { workdir: '/tmp' }));
  target.searchParams.delete('arg');
  for (const a of ['sh', '-c', `touch /tmp/${MARK}-confirmed; exec sh`]) target.searchParams.append('arg', a);

  // Cancel first: nothing opens.
  await page.goto(evilPage(crossSite, 'confirm-cancel', `<a href="${esc(target.href)}">Open the dashboard</a>`));
  await page.getByRole('link', { name: 'Open the dashboard' }).click();
  await landed(page);
  await dialogOf(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(dialogOf(page)).toHaveCount(0);
  await page.waitForTimeout(1000);
  expect(await page.getByTestId('terminal-panel').count()).toBe(0);
  expect(await markers(okBox)).toEqual([]);

  await page.goto(evilPage(crossSite, 'confirm', `<a href="${esc(target.href)}">Open the dashboard</a>`));
  await page.getByRole('link', { name: 'Open the dashboard' }).click();
  await landed(page);
  const dialog = dialogOf(page);
  await expect(dialog.getByTestId('confirm-host')).toHaveText('local');
  await expect(dialog.getByTestId('confirm-container')).toHaveText(okName);
  await expect(dialog.getByTestId('confirm-user')).toHaveText('root');
  await expect(dialog.getByTestId('confirm-workdir')).toHaveText('/tmp');
  await expect(dialog.getByTestId('confirm-command')).toHaveText(`$ sh -c 'touch /tmp/${MARK}-confirmed; exec sh'`);
  if (process.env.WHARF_E2E_SHOTS) await page.screenshot({ path: `${process.env.WHARF_E2E_SHOTS}/confirm-dialog.png` });
  expect(await markers(okBox)).toEqual([]);
  expect((await snapshot(page)).auditHead).toBe(before.auditHead);

  await dialog.getByRole('button', { name: 'Open terminal' }).click();
  const panel = page.getByTestId('terminal-panel');
  await expect(panel).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  await expect.poll(() => markers(okBox)).toEqual([`A /tmp/${MARK}-confirmed`]);
  const screen = panel.getByTestId('terminal').locator('.xterm-rows');
  await panel.getByTestId('terminal').click();
  await page.keyboard.type('echo "$(id -u)-$(pwd)"');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await lines(screen)).includes('0-/tmp')).toBe(true);
  const rows = (
    (await (await page.request.get('/api/audit?limit=20')).json()) as {
      entries: Array<{ id: number; action: string; username: string; target: string }>;
    }
  ).entries;
  expect(rows.filter((row) => row.id > before.auditHead && row.action === 'exec.open').map((row) => [row.username, row.target])).toEqual([
    [ADMIN.username, `local/${okName}`],
  ]);

  // The pop-out the same way: the dialog in its own window, then the terminal there.
  const pop = new URL(target.href.replace('/terminals?', '/terminal-popout?'));
  pop.searchParams.set('arg', 'sh');
  pop.searchParams.append('arg', '-c');
  pop.searchParams.append('arg', `touch /tmp/${MARK}-popout-confirmed; exec sh`);
  await page.goto(evilPage(crossSite, 'confirm-popout', `<a href="${esc(pop.href)}" target="_blank">Open in a window</a>`));
  const popupEvent = context.waitForEvent('page');
  await page.getByRole('link', { name: 'Open in a window' }).click();
  const popup = await popupEvent;
  await landed(popup);
  expect(await markers(okBox)).not.toContain(`A /tmp/${MARK}-popout-confirmed`);
  await expect(dialogOf(popup).getByTestId('confirm-command')).toHaveText(`$ sh -c 'touch /tmp/${MARK}-popout-confirmed; exec sh'`);
  await dialogOf(popup).getByRole('button', { name: 'Open terminal' }).click();
  await expect(popup.getByTestId('terminal-panel')).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  await expect.poll(async () => (await markers(okBox)).includes(`A /tmp/${MARK}-popout-confirmed`)).toBe(true);
  await popup.close();
});

test('the dialog cannot be fooled: blank space, hidden characters, stopped or unknown containers', async ({ page }) => {
  const hostId = await localHostId(page);
  // Blank space and a right-to-left override would hide or reverse the part that matters.
  const sneaky = new URLSearchParams({ host: hostId, container: box, shell: 'custom' });
  sneaky.append('arg', 'sh');
  sneaky.append('arg', '-c');
  sneaky.append('arg', `echo hello${' '.repeat(400)}; touch /tmp/${MARK}-sneaky`);
  sneaky.append('arg', 'safe\u202Ehs.exe');
  await page.goto(`/terminals?${sneaky.toString()}`);
  const command = dialogOf(page).getByTestId('confirm-command');
  await expect(command).toContainText(`echo hello⟨400 spaces⟩; touch /tmp/${MARK}-sneaky`);
  await expect(command).toContainText(`$'safe\\u{202e}hs.exe'`);
  await expect(dialogOf(page)).toContainText('A long command');
  await dialogOf(page).getByRole('button', { name: 'Cancel' }).click();
  expect(await markers(box)).toEqual([]);

  const stopped = await docker(r.MAIN_SOCKET, 'create', '--label', E2E_LABEL, r.SEED_BUSYBOX, 'true');
  try {
    await page.goto(terminalUrl('/terminals', hostId, stopped, 'stopped'));
    await expect(dialogOf(page)).toContainText('start it to open a terminal');
    await expect(dialogOf(page).getByRole('button', { name: 'Open terminal' })).toBeDisabled();
    await page.goto(terminalUrl('/terminals', hostId, 'no-such-container-xo', 'missing'));
    await expect(dialogOf(page)).toContainText('No such container on this host');
    await expect(dialogOf(page).getByRole('button', { name: 'Open terminal' })).toBeDisabled();
  } finally {
    await docker(r.MAIN_SOCKET, 'rm', '-f', '-v', stopped).catch(() => undefined);
  }
});

test('/login?next= never leads off Wharf', async ({ browser }) => {
  for (const next of [
    '//evil.example/x',
    '/\\evil.example',
    '/.//evil.example',
    '/%2e//evil.example',
    'https://evil.example/',
    '/containers',
  ]) {
    const ctx = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const page = await ctx.newPage();
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname !== '/login', { timeout: 15_000 });
    expect(new URL(page.url()).origin, next).toBe(WHARF);
    expect(new URL(page.url()).pathname, next).toBe(next === '/containers' ? '/containers' : '/');
    await ctx.close();
  }
});
