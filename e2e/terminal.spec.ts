import { expect, test, type Locator, type Page } from '@playwright/test';
import { docker, E2E_LABEL, rig } from './support/rig';

const r = rig();
let box = '';
let attachBox = '';
let hostId = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  box = await docker(r.MAIN_SOCKET, 'run', '-d', '--init', '--label', E2E_LABEL, r.SEED_BUSYBOX, 'sleep', '600');
  attachBox = await docker(r.MAIN_SOCKET, 'run', '-dit', '--label', E2E_LABEL, r.SEED_BUSYBOX, 'sh');
});
test.afterAll(async () => {
  await docker(r.MAIN_SOCKET, 'rm', '-f', box, attachBox).catch(() => undefined);
});

async function openTerminal(page: Page, container: string, extra = '') {
  if (!hostId) {
    const engines = (await (await page.request.get('/api/engines')).json()) as Array<{ id: string; name: string }>;
    hostId = engines.find((e) => e.name === 'local')!.id;
  }
  await page.goto(`/terminals?host=${hostId}&container=${container}${extra}`);
  const panel = page.getByTestId('terminal-panel').last();
  await expect(panel).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  const term = panel.getByTestId('terminal');
  await term.click();
  return { panel, term, screen: term.locator('.xterm-rows') };
}

/** The terminal's screen, one string per row (xterm's DOM renderer draws a div per row). */
const lines = async (screen: Locator) =>
  (await screen.locator(':scope > div').allInnerTexts()).map((l) => l.replace(/\u00a0/g, ' ').trim());
const hasLine = (screen: Locator, line: string, timeout = 10_000) =>
  expect.poll(async () => (await lines(screen)).includes(line), { timeout }).toBe(true);

/** Shell processes in the container, leaving out its main process. */
const shells = async (id: string) =>
  (await docker(r.MAIN_SOCKET, 'top', id, '-o', 'pid,args'))
    .split('\n')
    .slice(1)
    .filter((l) => /\b(sh|yes)\b/.test(l) && !/sleep|docker-init/.test(l));

test('a real shell: arithmetic, the TTY follows the window size, Ctrl-C stops a flood, closing ends the shell', async ({ page }) => {
  const { term, screen } = await openTerminal(page, box);
  await page.keyboard.type('echo $((6*7))');
  await page.keyboard.press('Enter');
  await hasLine(screen, '42');

  for (const size of [
    { width: 1000, height: 640 },
    { width: 1300, height: 820 },
  ]) {
    const before = await term.getAttribute('data-cols');
    await page.setViewportSize(size);
    await expect(term).not.toHaveAttribute('data-cols', before ?? '');
    await page.waitForTimeout(200);
    const cols = await term.getAttribute('data-cols');
    const rows = await term.getAttribute('data-rows');
    await page.keyboard.type('clear; stty size');
    await page.keyboard.press('Enter');
    await hasLine(screen, `${rows} ${cols}`);
  }

  await page.keyboard.type('yes');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1500);
  const t = Date.now();
  await page.keyboard.press('Control+C');
  await page.keyboard.type('clear; echo back-$((1+1))');
  await page.keyboard.press('Enter');
  await hasLine(screen, 'back-2', 5000);
  expect(Date.now() - t).toBeLessThan(5000);
  expect((await shells(box)).length).toBeGreaterThan(0);

  await page.getByTestId('terminal-tab-close').first().click();
  await expect.poll(async () => (await shells(box)).length, { timeout: 5000 }).toBe(0);
});

test('leaving the page ends the shell too', async ({ page }) => {
  const { screen } = await openTerminal(page, box);
  await page.keyboard.type('echo ready-$((3*3))');
  await page.keyboard.press('Enter');
  await hasLine(screen, 'ready-9');
  expect((await shells(box)).length).toBeGreaterThan(0);
  await page.close();
  await expect.poll(async () => (await shells(box)).length, { timeout: 5000 }).toBe(0);
});

test('a missing shell and a stopped container are explained in the panel', async ({ page }) => {
  await openTerminal(page, box); // resolves the host id; its own tab is not used
  await page.goto(`/terminals?host=${hostId}&container=${box}&shell=bash`);
  const panel = page.getByTestId('terminal-panel').last();
  await expect(panel).toHaveAttribute('data-state', 'ended');
  await expect(panel).toContainText('bash was not found in the container');
  const stopped = await docker(r.MAIN_SOCKET, 'create', '--label', E2E_LABEL, r.SEED_BUSYBOX, 'true');
  await page.goto(`/terminals?host=${hostId}&container=${stopped}`);
  await expect(page.getByTestId('terminal-error')).toContainText('is not running: start it to open a terminal');
});

test('attach to the main process and detach with Ctrl-P Ctrl-Q: the container keeps running', async ({ page }) => {
  const { panel, screen } = await openTerminal(page, attachBox, '&mode=attach');
  await expect(panel.getByTestId('detach-hint')).toContainText('Ctrl-P Ctrl-Q');
  await page.keyboard.type('echo attached-$((2*3))');
  await page.keyboard.press('Enter');
  await hasLine(screen, 'attached-6');
  await page.keyboard.press('Control+P');
  await page.keyboard.press('Control+Q');
  await expect(panel).toHaveAttribute('data-state', 'ended');
  await expect(panel).toContainText('Detached');
  expect(await docker(r.MAIN_SOCKET, 'inspect', '-f', '{{.State.Running}}', attachBox)).toBe('true');
});
