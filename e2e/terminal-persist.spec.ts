import type { Locator } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { docker, loadRig, localHostId, runSleeper } from './support/rig';

const r = loadRig();
let box = '';

test.beforeAll(async () => {
  box = await runSleeper();
});
test.afterAll(async () => {
  await docker(r.MAIN_SOCKET, 'rm', '-f', box).catch(() => undefined);
});

/** The terminal's screen, one string per row (xterm's DOM renderer draws a div per row). */
const lines = async (screen: Locator) =>
  (await screen.locator(':scope > div').allInnerTexts()).map((l) => l.replace(/\u00a0/g, ' ').trim());
const hasLine = (screen: Locator, line: string, timeout = 10_000) =>
  expect.poll(async () => (await lines(screen)).includes(line), { timeout }).toBe(true);

/** The box's processes besides its main `sleep 600` (and its init). */
const processes = async () =>
  (await docker(r.MAIN_SOCKET, 'top', box, '-o', 'pid,args'))
    .split('\n')
    .slice(1)
    .filter((l) => !/docker-init|sleep 600/.test(l));
const sleeping = async () => (await processes()).some((l) => /sleep 999/.test(l));

test('a shell outlives navigation and a reload, and closing its tab ends it with everything it started', async ({ page }) => {
  const hostId = await localHostId(page);
  await page.goto(`/terminals?host=${hostId}&container=${box}`);
  const confirm = page.getByRole('dialog', { name: 'Open this terminal?' });
  await expect(confirm.getByTestId('confirm-host')).toHaveText('local');
  await confirm.getByRole('button', { name: 'Open terminal' }).click();
  await expect(confirm).toHaveCount(0);
  const dock = page.getByTestId('terminal-dock');
  const panel = dock.getByTestId('terminal-panel');
  await expect(panel).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  const sessionId = await panel.getAttribute('data-session-id');
  const screen = panel.getByTestId('terminal').locator('.xterm-rows');
  await panel.getByTestId('terminal').click();
  await page.keyboard.type('sleep 999 & echo persist-$((6*7))');
  await page.keyboard.press('Enter');
  await hasLine(screen, 'persist-42');
  await expect.poll(sleeping, { timeout: 5000 }).toBe(true);

  // Another page: the dock folds to its tab; the shell and its job run on, and the dock shows it there too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Containers' }).click();
  await expect(page.getByRole('heading', { name: 'Containers', level: 1 })).toBeVisible();
  await expect(dock).toHaveAttribute('data-mode', 'folded');
  await expect(dock.getByTestId('terminal-tab')).toHaveAttribute('data-state', 'open');
  expect(await sleeping()).toBe(true);
  await dock.getByRole('tab').click();
  await expect(dock).toHaveAttribute('data-mode', 'dock');
  await hasLine(screen, 'persist-42');

  // Back to Terminals: the same session, its scrollback, and it still answers.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Terminals' }).click();
  await expect(dock).toHaveAttribute('data-mode', 'page');
  await expect(panel).toHaveAttribute('data-session-id', sessionId ?? '');
  await hasLine(screen, 'persist-42');
  await panel.getByTestId('terminal').click();
  await page.keyboard.type('echo alive-$((2+3))');
  await page.keyboard.press('Enter');
  await hasLine(screen, 'alive-5');

  // A reload asks first (beforeunload), then re-attaches: same session, the screen redrawn from the server's buffer.
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (d) => {
      resolve(d.type());
      void d.accept();
    }),
  );
  await page.reload();
  expect(await asked).toBe('beforeunload');
  await expect(panel).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  await expect(panel).toHaveAttribute('data-session-id', sessionId ?? '');
  await hasLine(screen, 'persist-42');
  await hasLine(screen, 'alive-5');
  await panel.getByTestId('terminal').click();
  await page.keyboard.type('echo back-$((3*3))');
  await page.keyboard.press('Enter');
  await hasLine(screen, 'back-9');
  expect(await sleeping()).toBe(true);

  // Closing the tab ends the shell and the sleep it started: nothing left in the container.
  await dock.getByTestId('terminal-tab-close').click();
  await expect(dock).toHaveCount(0);
  await expect.poll(processes, { timeout: 5000 }).toEqual([]);
});
