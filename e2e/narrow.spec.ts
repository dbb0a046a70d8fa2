import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { docker, E2E_LABEL, loadRig, localHostId } from './support/rig';

// Narrow screens (issue 13 point 3): at 800 px the sidebar is icons and tables keep name, state and
// actions; at 390 px (a phone) nothing scrolls sideways, the navigation is a menu and the main jobs work.

const r = loadRig();
const stamp = Date.now().toString(36);
const BOX = `e2e-narrow-${stamp}`;
const VOL = `e2e-narrow-vol-${stamp}`;
const HELLO = `narrow-hello-${stamp}`;
const SHOTS = process.env.WHARF_SHOTS_DIR ?? path.join(import.meta.dirname, '..', 'test-results', 'narrow');

let boxId = '';
let imageId = '';
let registryId = '';
let ownRegistry = false;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  boxId = await docker(
    r.MAIN_SOCKET,
    'run',
    '-d',
    '--init',
    '--label',
    E2E_LABEL,
    '--name',
    BOX,
    r.SEED_BUSYBOX,
    'sh',
    '-c',
    `echo ${HELLO}; exec sleep 600`,
  );
  await docker(r.MAIN_SOCKET, 'volume', 'create', '--label', E2E_LABEL, VOL);
  imageId = (await docker(r.MAIN_SOCKET, 'image', 'inspect', '-f', '{{.Id}}', r.SEED_WEB)).replace(/^sha256:/, '');
});

test.afterAll(async ({ request }) => {
  await docker(r.MAIN_SOCKET, 'rm', '-f', BOX).catch(() => undefined);
  await docker(r.MAIN_SOCKET, 'volume', 'rm', VOL).catch(() => undefined);
  if (ownRegistry && registryId) await request.delete(`/api/registries/${registryId}`).catch(() => undefined);
});

/** The open rig registry as Wharf knows it (added for this spec if no journey added it before). */
async function openRegistry(page: Page): Promise<string> {
  if (registryId) return registryId;
  const list = (await (await page.request.get('/api/registries')).json()) as Array<{ id: string; address: string }>;
  const known = list.find((x) => x.address === r.REGISTRY_URL);
  if (known) return (registryId = known.id);
  const res = await page.request.post('/api/registries', { data: { name: `narrow ${stamp}`, address: r.REGISTRY_URL } });
  expect(res.status()).toBe(201);
  ownRegistry = true;
  return (registryId = ((await res.json()) as { id: string }).id);
}

/** Every console page (app/(console)/**\/page.tsx), by a name the failure report uses. */
async function consolePages(page: Page): Promise<Array<[string, string]>> {
  const h = await localHostId(page);
  const reg = await openRegistry(page);
  const box = `/hosts/${h}/containers/${boxId}`;
  return [
    ['overview', '/'],
    ['containers', '/containers'],
    ['deleted', '/containers?state=deleted'],
    // /hosts/:id/containers redirects here; the poll below wants the final address.
    ['host containers', `/containers?host=${h}`],
    ['container', box],
    ['container logs', `${box}?tab=logs`],
    ['container stats', `${box}?tab=stats`],
    ['container processes', `${box}?tab=processes`],
    ['container files', `${box}?tab=files`],
    ['container inspect', `${box}?tab=inspect`],
    ['container edit', `${box}/edit`],
    ['terminals', '/terminals'],
    ['new container', `/containers/new?host=${h}`],
    ['images', '/images'],
    ['host images', `/hosts/${h}/images`],
    ['image', `/hosts/${h}/images/${imageId}`],
    ['image build', `/hosts/${h}/images/build`],
    ['networks', '/networks'],
    ['host networks', `/hosts/${h}/networks`],
    ['volumes', '/volumes'],
    ['host volumes', `/hosts/${h}/volumes`],
    ['volume', `/hosts/${h}/volumes/${VOL}`],
    ['ports', '/ports'],
    ['events', '/events'],
    ['host events', `/hosts/${h}/events`],
    ['registries', '/registries'],
    ['registry', `/registries/${reg}`],
    ['registry repository', `/registries/${reg}/repositories/wharf-test/web`],
    ['templates', '/templates'],
    ['deploy', `/deploy?ref=${encodeURIComponent(`${r.REGISTRY_URL}/wharf-test/web:1.0`)}`],
    ['audit', '/audit'],
    ['users', '/users'],
    ['account', '/account'],
    ['host', `/hosts/${h}`],
    ['disk', `/hosts/${h}/disk`],
  ];
}

/** How far the page (or its scrolling main area) reaches past the window, and what sticks out (outside any scroll box). */
function sideways(page: Page) {
  return page.evaluate(() => {
    const main = document.getElementById('main');
    const width = window.innerWidth;
    const over = Math.max(document.documentElement.scrollWidth - width, main ? main.scrollWidth - main.clientWidth : 0);
    const culprits: string[] = [];
    const clipped = (el: HTMLElement) => {
      for (let a = el.parentElement; a && a !== main; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true;
      return false;
    };
    if (over > 0) {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('#main *'))) {
        const box = el.getBoundingClientRect();
        const parent = el.parentElement?.getBoundingClientRect();
        if (box.width && box.right > width + 1 && parent && parent.right <= width + 1 && !clipped(el)) {
          culprits.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(box.width)}px`);
          if (culprits.length >= 3) break;
        }
      }
    }
    return { over, culprits };
  });
}

const WIDTHS = [
  { width: 800, height: 900 },
  { width: 390, height: 844 },
];

/** Every console page, loaded once and measured at both widths (a resize re-lays it out as a narrow window would). */
async function visitAll(page: Page) {
  const offenders: string[] = [];
  await page.setViewportSize(WIDTHS[0]!);
  await page.goto('/');
  for (const [name, url] of await consolePages(page)) {
    // In-app navigation (Next's router, as a link click does): one page load and one socket for all.
    await page.evaluate((u) => (window as unknown as { next: { router: { push: (u: string) => void } } }).next.router.push(u), url);
    await expect.poll(() => page.evaluate(() => location.pathname + location.search)).toBe(url);
    // Rendered with its data: the page's heading is there, the live socket is up, no skeleton is left.
    await expect(page.locator('#main').locator('h1, h2').first()).toBeVisible();
    await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
    await expect(page.locator('#main .animate-pulse.rounded')).toHaveCount(0);
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const s = await sideways(page);
      if (s.over > 0) offenders.push(`${name} at ${size.width} (${url}): ${s.over}px too wide ${s.culprits.join(' | ')}`);
    }
  }
  expect(offenders, 'pages wider than the window').toEqual([]);
}

function row(page: Page, name: string) {
  return page.locator(`[data-testid="container-row"][data-name="${name}"]`);
}

/** The element lies fully inside the window (not cut off or behind a sideways scroll). */
async function inView(page: Page, locator: ReturnType<Page['locator']>) {
  await expect(locator).toBeVisible();
  const box = (await locator.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

test('at 800 px the sidebar is icons and container rows keep name, state and actions', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 900 });
  await page.goto('/containers');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const link = nav.getByRole('link', { name: 'Containers' });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute('title', 'Containers');
  // Icon-only: the label is not drawn, the rail is narrow.
  expect((await nav.boundingBox())!.width).toBeLessThan(64);
  await expect(link.getByText('Containers')).toHaveClass(/sr-only/);
  await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();

  const boxRow = row(page, BOX);
  await inView(page, boxRow.getByRole('link', { name: BOX }));
  await inView(page, boxRow.getByTestId('state-badge'));
  await inView(page, boxRow.getByRole('button', { name: `Actions for ${BOX}` }));
  // The folded columns are on the line under the name.
  await expect(boxRow.getByTestId('row-details')).toContainText('local');
  await expect(boxRow.getByTestId('row-details')).toContainText(r.SEED_BUSYBOX);
  await page.screenshot({ path: `${SHOTS}/800-containers.png` });
  await page.goto('/');
  await page.screenshot({ path: `${SHOTS}/800-overview.png` });
  await page.goto(`/hosts/${await localHostId(page)}/containers/${boxId}?tab=logs`);
  await expect(page.getByText(HELLO)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/800-container.png` });
});

test('at 390 px the navigation is a menu: Escape and a link close it', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(nav).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  await menu.click();
  await nav.getByRole('link', { name: 'Volumes' }).click();
  await expect(page).toHaveURL(/\/volumes$/);
  await expect(page.getByRole('heading', { name: 'Volumes', exact: true })).toBeVisible();
  await expect(nav).toBeHidden();
  await page.goto('/');
  await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
  await page.screenshot({ path: `${SHOTS}/390-overview.png`, fullPage: true });
});

test('no console page scrolls sideways at 800 or 390 px', async ({ page }) => {
  await visitAll(page);
});

test('on a phone: find a container, read its logs, stop and start it, open a terminal', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  // See the hosts.
  await page.goto('/');
  await expect(page.locator('[data-testid="host-card"][data-host-name="local"]')).toBeVisible();
  // Find the container.
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Containers' }).click();
  await page.getByLabel('Search by name').fill(BOX);
  await expect(page.getByTestId('container-row')).toHaveCount(1);
  await inView(page, row(page, BOX).getByRole('button', { name: `Actions for ${BOX}` }));
  await page.screenshot({ path: `${SHOTS}/390-containers.png` });
  await row(page, BOX).getByRole('link', { name: BOX }).click();
  // Its logs.
  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(page.getByText(HELLO)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/390-container.png` });
  // Stop and start it.
  const header = page.getByTestId('container-header');
  const actions = page.getByRole('group', { name: 'Container actions' });
  await actions.getByRole('button', { name: 'Stop', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await inView(page, dialog);
  await dialog.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(header).toHaveAttribute('data-state', 'exited', { timeout: 15_000 });
  expect(await docker(r.MAIN_SOCKET, 'inspect', '-f', '{{.State.Status}}', BOX)).toBe('exited');
  await actions.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(header).toHaveAttribute('data-state', 'running');
  expect(await docker(r.MAIN_SOCKET, 'inspect', '-f', '{{.State.Status}}', BOX)).toBe('running');
  // A terminal.
  await page.getByRole('link', { name: 'Open terminal' }).click();
  const confirm = page.getByRole('dialog', { name: 'Open this terminal?' });
  await inView(page, confirm);
  await confirm.getByRole('button', { name: 'Open terminal' }).click();
  const panel = page.getByTestId('terminal-panel').last();
  await expect(panel).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  await panel.getByTestId('terminal').click();
  await page.keyboard.type('echo $((6*7))');
  await page.keyboard.press('Enter');
  await expect(panel.locator('.xterm-rows')).toContainText('42');
  await page.screenshot({ path: `${SHOTS}/390-terminal.png` });
  expect((await sideways(page)).over).toBe(0);
});

test('at 390 px the container header keeps its main actions in view (two rows at most), the rest under More', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/hosts/${await localHostId(page)}/containers/${boxId}`);
  const header = page.getByTestId('container-header');
  await expect(header).toHaveAttribute('data-state', 'running');
  const bar = page.getByTestId('container-action-bar');
  const more = bar.getByRole('button', { name: 'More actions' });
  await expect(bar.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
  await expect(bar.getByRole('link', { name: 'Open terminal' })).toBeVisible();
  await expect(more).toBeVisible();
  for (const name of ['Restart', 'Kill', 'Pause', 'Remove', 'Commit'])
    await expect(bar.getByRole('button', { name, exact: true })).toBeHidden();
  await expect(bar.getByRole('link', { name: 'Edit & recreate' })).toBeHidden();
  // The rows the bar takes: the distinct tops of its visible controls.
  const rows = () =>
    bar.evaluate((el) => {
      const shown = Array.from(el.querySelectorAll<HTMLElement>('a, button')).filter((b) => b.offsetParent !== null);
      return new Set(shown.map((b) => Math.round(b.getBoundingClientRect().top))).size;
    });
  expect(await rows()).toBeGreaterThanOrEqual(1);
  expect(await rows()).toBeLessThanOrEqual(2);
  await inView(page, more);

  // An accessible menu: keyboard opens it on its first item, arrows move, Escape closes it back onto the button.
  await expect(more).toHaveAttribute('aria-haspopup', 'menu');
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await more.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'More actions' });
  await expect(menu).toBeVisible();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await expect(menu.getByRole('menuitem', { name: 'Start', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Restart', exact: true })).toBeFocused();
  await expect(menu.getByRole('menuitem')).toHaveText([
    'Start',
    'Restart',
    'Kill',
    'Pause',
    'Unpause',
    'Rename',
    'Remove',
    'Edit & recreate',
    'Commit',
    'Export',
  ]);
  await inView(page, menu);
  await page.screenshot({ path: `${SHOTS}/390-container-more.png` });
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(more).toBeFocused();
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  // A click outside closes it too.
  await more.click();
  await expect(menu).toBeVisible();
  await page.getByTestId('container-name').click();
  await expect(menu).toBeHidden();

  // Pause from the menu: the badge and the engine say paused, and Unpause becomes the button in view.
  await more.click();
  await menu.getByRole('menuitem', { name: 'Pause', exact: true }).click();
  await expect(header).toHaveAttribute('data-state', 'paused', { timeout: 15_000 });
  await expect(header.getByTestId('state-badge')).toHaveText('paused');
  expect(await docker(r.MAIN_SOCKET, 'inspect', '-f', '{{.State.Status}}', BOX)).toBe('paused');
  await expect(bar.getByRole('button', { name: 'Stop', exact: true })).toBeHidden();
  expect(await rows()).toBeLessThanOrEqual(2);
  await bar.getByRole('button', { name: 'Unpause', exact: true }).click();
  await expect(header).toHaveAttribute('data-state', 'running', { timeout: 15_000 });
  await expect(header.getByTestId('state-badge')).toHaveText('running');
  expect(await docker(r.MAIN_SOCKET, 'inspect', '-f', '{{.State.Status}}', BOX)).toBe('running');
  await page.screenshot({ path: `${SHOTS}/390-container-header.png` });

  // From 768 px up the header is as it always was: every action a button, no More.
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(more).toBeHidden();
  for (const name of ['Start', 'Stop', 'Restart', 'Kill', 'Pause', 'Unpause', 'Rename', 'Remove', 'Commit'])
    await expect(bar.getByRole('button', { name, exact: true })).toBeVisible();
  for (const name of ['Open terminal', 'Edit & recreate', 'Export']) await expect(bar.getByRole('link', { name })).toBeVisible();
  expect(await rows()).toBe(1);
  await page.screenshot({ path: `${SHOTS}/1280-container-header.png` });
});
