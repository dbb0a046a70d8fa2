import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Browser } from '@playwright/test';
import { expect, test, watchConsole } from './support/fixtures';
import { adminState, baseURL } from './playwright.config';
import { docker, loadRig } from './support/rig';

// A viewer granted the local host only, with engine2 present: the viewer sees local containers without
// actions or terminal, nothing of engine2 anywhere (counts, hosts, containers, search, images, live
// frames), and requests sent by hand are refused with 403 naming the right. Containers are labelled
// wharf.test=access and removed after; engine2 is removed again if this spec added it.
const r = loadRig();
const stamp = crypto.randomBytes(3).toString('hex');
const LABEL = 'wharf.test=access';
const LOCAL_NAME = `access-e2e-local-${stamp}`;
const B_NAME = `access-e2e-b-${stamp}`;
const VIEWER = { username: `access-viewer-${stamp}`, password: 'viewer-e2e-password' };
const SHOTS = process.env.WHARF_SHOTS_DIR ?? '/tmp/wharf-e2e-access/shots';

let localId = '';
let engine2Id = '';
let addedEngine2 = false;
let localContainer = '';
let bContainer = '';

async function adminRequest(browser: Browser) {
  const ctx = await browser.newContext({ storageState: adminState, baseURL });
  return { ctx, request: ctx.request };
}

test.beforeAll(async ({ browser }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const { ctx, request } = await adminRequest(browser);
  let engines = (await (await request.get('/api/engines')).json()) as Array<{ id: string; name: string; address: string }>;
  localId = engines.find((e) => e.name === 'local')!.id;
  if (!engines.some((e) => e.address.includes(r.ENGINE2_SOCKET))) {
    const res = await request.post('/api/engines', { data: { engine: { kind: 'socket', name: 'engine2', socketPath: r.ENGINE2_SOCKET } } });
    expect(res.status(), await res.text()).toBe(201);
    addedEngine2 = true;
    engines = (await (await request.get('/api/engines')).json()) as typeof engines;
  }
  engine2Id = engines.find((e) => e.address.includes(r.ENGINE2_SOCKET))!.id;
  const made = await request.post('/api/users', { data: { ...VIEWER, role: 'viewer', hosts: [localId] } });
  expect(made.status(), await made.text()).toBe(201);
  await ctx.close();
  localContainer = await docker(
    r.MAIN_SOCKET,
    'run',
    '-d',
    '--init',
    '--label',
    LABEL,
    '--name',
    LOCAL_NAME,
    r.SEED_BUSYBOX,
    'sleep',
    '600',
  );
  bContainer = await docker(r.ENGINE2_SOCKET, 'run', '-d', '--init', '--label', LABEL, '--name', B_NAME, r.SEED_BUSYBOX, 'sleep', '600');
});

test.afterAll(async ({ browser }) => {
  for (const sock of [r.MAIN_SOCKET, r.ENGINE2_SOCKET]) {
    const ids = await docker(sock, 'ps', '-aq', '--filter', `label=${LABEL}`).catch(() => '');
    if (ids) await docker(sock, 'rm', '-f', '-v', ...ids.split('\n')).catch(() => undefined);
  }
  if (addedEngine2) {
    const { ctx, request } = await adminRequest(browser);
    await request.delete(`/api/engines/${engine2Id}`);
    await ctx.close();
  }
});

test('a viewer of the local host sees its containers, no actions, no terminal, and no trace of engine2; by hand it is refused 403', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  // Signed out: the project's admin state is not this user's.
  const ctx = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  // The viewer's own browser is held to the same rule as every journey's: nothing in the console.
  const viewerConsole = watchConsole(ctx);
  const page = await ctx.newPage();
  // Everything the server pushes to this page: websocket frames and long-polling answers alike.
  const pushed: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => pushed.push(String(f.payload))));
  page.on('response', (res) => {
    if (res.url().includes('/socket.io/') && res.request().method() === 'GET')
      res.text().then(
        (t) => pushed.push(t),
        () => undefined,
      );
  });

  await page.goto('/login');
  await page.getByLabel('Username').fill(VIEWER.username);
  await page.getByLabel('Password').fill(VIEWER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  // Overview: one host, its counts, no address; no engine management.
  await expect(page.getByRole('heading', { name: 'Hosts' })).toBeVisible();
  await expect(page.locator('[data-testid="host-card"][data-host-name="local"]')).toHaveAttribute('data-status', 'online');
  await expect(page.getByTestId('host-card')).toHaveCount(1);
  await expect(page.getByTestId('total-hosts')).toHaveText('1 / 1');
  await expect(page.getByTestId('host-address')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add engine' })).toHaveCount(0);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Containers' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Terminals' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/viewer-overview.png` });

  // Containers: the local one, without select boxes, actions or "New container"; engine2's is nowhere, even searched.
  await page.goto('/containers');
  const row = page.locator(`[data-testid="container-row"][data-name="${LOCAL_NAME}"]`);
  await expect(row).toBeVisible();
  await expect(page.locator(`[data-testid="container-row"][data-host-id="${engine2Id}"]`)).toHaveCount(0);
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'New container' })).toHaveCount(0);
  await expect(page.getByTestId('check-updates')).toHaveCount(0);
  await row.getByRole('button', { name: `Actions for ${LOCAL_NAME}` }).click();
  await expect(page.getByRole('menu').getByRole('menuitem')).toHaveText(['Logs']);
  await page.keyboard.press('Escape');
  await page.getByPlaceholder('Search name or id…').fill(B_NAME);
  await expect(page.getByTestId('container-row')).toHaveCount(0);
  await page.getByPlaceholder('Search name or id…').fill(LOCAL_NAME);
  await expect(row).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/viewer-containers.png` });

  // The container page: no action buttons, no terminal, no edit, commit or export.
  await row.getByRole('link', { name: LOCAL_NAME }).click();
  await expect(page.getByTestId('container-name')).toHaveText(LOCAL_NAME);
  await expect(page.getByRole('group', { name: 'Container actions' })).toHaveCount(0);
  for (const name of ['Open terminal', 'Edit & recreate', 'Export']) await expect(page.getByRole('link', { name })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Commit' })).toHaveCount(0);
  await expect(page.getByTestId('env-withheld')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reveal values' })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/viewer-container.png` });

  // Images: the local host's only, no pull/build/load/import/prune.
  await page.goto('/images');
  await expect(page.getByTestId('image-row').first()).toBeVisible();
  await expect(page.locator(`[data-testid="image-row"][data-host-id="${engine2Id}"]`)).toHaveCount(0);
  await expect(page.locator(`[data-testid="image-row"][data-host-id="${localId}"]`).first()).toBeVisible();
  for (const name of ['Pull', 'Build', 'Load', 'Import', 'Prune']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
    await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);
  }

  // Live: engine2's container paused by the CLI pushes nothing to this page; a local pause does arrive.
  await page.goto('/containers');
  await expect(row).toBeVisible();
  await docker(r.ENGINE2_SOCKET, 'pause', bContainer);
  await docker(r.MAIN_SOCKET, 'pause', localContainer);
  await expect(row).toHaveAttribute('data-state', 'paused', { timeout: 15_000 });
  await docker(r.ENGINE2_SOCKET, 'unpause', bContainer);
  await docker(r.MAIN_SOCKET, 'unpause', localContainer);
  await expect(row).toHaveAttribute('data-state', 'running', { timeout: 15_000 });
  expect(pushed.length).toBeGreaterThan(0);
  expect(pushed.some((p) => p.includes(localContainer))).toBe(true);
  expect(pushed.filter((p) => p.includes(engine2Id) || p.includes(bContainer) || p.includes(B_NAME))).toEqual([]);
  expect(await page.content()).not.toContain(engine2Id);

  // By hand: a pause of the local container and engine2's containers are refused with 403 naming the right.
  const pause = await page.request.post(`/api/hosts/${localId}/containers/${localContainer}/actions`, { data: { action: 'pause' } });
  expect(pause.status()).toBe(403);
  expect(((await pause.json()) as { message: string }).message).toContain('containers.manage');
  const other = await page.request.get(`/api/hosts/${engine2Id}/containers`);
  expect(other.status()).toBe(403);
  expect(((await other.json()) as { message: string }).message).toContain('containers.read');
  const all = (await (await page.request.get('/api/containers')).json()) as Array<{ hostId: string }>;
  expect(all.length).toBeGreaterThan(0);
  expect(all.filter((c) => c.hostId !== localId)).toEqual([]);
  const engines = (await (await page.request.get('/api/engines')).json()) as Array<{ id: string; address: string }>;
  expect(engines).toEqual([expect.objectContaining({ id: localId, address: '' })]);
  const download = await page.request.get(`/api/hosts/${localId}/containers/${localContainer}/files/download?path=/etc/hostname`);
  expect(download.status()).toBe(403);

  // Form pages opened by URL say which right is missing instead of showing a form the API would refuse.
  for (const [url, right] of [
    ['/containers/new', 'containers.manage'],
    ['/deploy', 'containers.manage'],
    [`/hosts/${localId}/images/build`, 'images.manage'],
    [`/hosts/${localId}/containers/${localContainer}/edit`, 'containers.manage'],
    ['/users', 'users.manage'],
    ['/audit', 'audit.read'],
  ] as const) {
    await page.goto(url);
    await expect(page.getByTestId('missing-right')).toHaveAttribute('data-right', right);
    await expect(page.getByTestId('missing-right')).toContainText(`You need the right ${right}`);
    await expect(page.getByRole('button', { name: /^(Create|Deploy|Build|Recreate)/ })).toHaveCount(0);
  }
  expect(viewerConsole.problems, 'console errors or warnings in the viewer’s browser').toEqual([]);
  await ctx.close();
});
