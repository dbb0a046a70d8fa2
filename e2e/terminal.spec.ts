import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { ADMIN, docker, E2E_LABEL, loadRig, runSleeper } from './support/rig';

const r = loadRig();
let box = '';
let attachBox = '';
let hostId = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  box = await runSleeper();
  attachBox = await docker(r.MAIN_SOCKET, 'run', '-dit', '--label', E2E_LABEL, r.SEED_BUSYBOX, 'sh');
});
test.afterAll(async () => {
  await docker(r.MAIN_SOCKET, 'rm', '-f', '-v', box, attachBox).catch(() => undefined);
});

async function openTerminal(page: Page, container: string, extra = '') {
  if (!hostId) {
    const engines = (await (await page.request.get('/api/engines')).json()) as Array<{ id: string; name: string }>;
    hostId = engines.find((e) => e.name === 'local')!.id;
  }
  // A terminal URL only pre-fills the confirm dialog: the click opens the terminal.
  await page.goto(`/terminals?host=${hostId}&container=${container}${extra}`);
  await confirm(page);
  const panel = page.getByTestId('terminal-panel').last();
  await expect(panel).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  const term = panel.getByTestId('terminal');
  await term.click();
  return { panel, term, screen: term.locator('.xterm-rows') };
}

async function confirm(page: Page) {
  const dialog = page.getByRole('dialog', { name: 'Open this terminal?' });
  await expect(dialog.getByTestId('confirm-host')).toHaveText('local');
  await dialog.getByRole('button', { name: 'Open terminal' }).click();
  await expect(dialog).toHaveCount(0);
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

test('closing the browser tab keeps the shell for the grace period; signing out ends it at once', async ({ browser }) => {
  // Its own sign-in, so signing out leaves the other journeys' session alone.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Hosts' })).toBeVisible();
  const { screen } = await openTerminal(page, box);
  await page.keyboard.type('echo ready-$((3*3))');
  await page.keyboard.press('Enter');
  await hasLine(screen, 'ready-9');
  const other = await context.newPage();
  await other.goto('/containers');
  await page.close();
  // The server keeps it for a reload or a dropped connection to come back to.
  await other.waitForTimeout(2000);
  expect((await shells(box)).length).toBeGreaterThan(0);
  await other.getByRole('button', { name: 'Sign out' }).click();
  await expect(other).toHaveURL(/\/login/);
  await expect.poll(async () => (await shells(box)).length, { timeout: 5000 }).toBe(0);
  await context.close();
});

test('a missing shell and a stopped container are explained in the panel', async ({ page }) => {
  await openTerminal(page, box); // resolves the host id; its own tab is not used
  await page.goto(`/terminals?host=${hostId}&container=${box}&shell=bash`);
  await confirm(page);
  const panel = page.getByTestId('terminal-panel').last();
  await expect(panel).toHaveAttribute('data-state', 'ended');
  await expect(panel).toContainText('bash was not found in the container');
  // A stopped container is explained before anything is sent, and the dialog follows the engine live.
  const stopped = await docker(r.MAIN_SOCKET, 'run', '-d', '--label', E2E_LABEL, r.SEED_BUSYBOX, 'sleep', '600');
  try {
    await page.goto(`/terminals?host=${hostId}&container=${stopped}`);
    const dialog = page.getByRole('dialog', { name: 'Open this terminal?' });
    await expect(dialog.getByRole('button', { name: 'Open terminal' })).toBeEnabled();
    await docker(r.MAIN_SOCKET, 'stop', '-t', '0', stopped);
    await expect(dialog).toContainText('is exited: start it to open a terminal');
    await expect(dialog.getByRole('button', { name: 'Open terminal' })).toBeDisabled();
  } finally {
    await docker(r.MAIN_SOCKET, 'rm', '-f', '-v', stopped).catch(() => undefined);
  }
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

test('Pop out opens the same terminal in its own window without asking again; a reload of that window asks', async ({ page, context }) => {
  const { panel } = await openTerminal(page, box, `&shell=custom&arg=sh&user=root&workdir=/tmp`);
  const popupEvent = context.waitForEvent('page');
  await panel.getByRole('button', { name: 'Pop out' }).click();
  const popup = await popupEvent;
  const popPanel = popup.getByTestId('terminal-panel');
  await expect(popPanel).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  expect(await popup.getByRole('dialog').count()).toBe(0);
  // Its own session, with the same command, user and working directory.
  expect(await popPanel.getAttribute('data-session-id')).not.toBe(await panel.getAttribute('data-session-id'));
  const screen = popPanel.getByTestId('terminal').locator('.xterm-rows');
  await popPanel.getByTestId('terminal').click();
  await popup.keyboard.type('echo "popped-$(id -u)-$(pwd)"');
  await popup.keyboard.press('Enter');
  await hasLine(screen, 'popped-0-/tmp');

  // The URL it was opened with is no longer an instruction: reloading asks first.
  await popup.reload();
  await expect(popup.getByRole('dialog', { name: 'Open this terminal?' })).toBeVisible();
  await expect(popup.getByTestId('confirm-command')).toHaveText('$ sh');
  await expect(popup.getByTestId('terminal-panel')).toHaveCount(0);
  await popup.close();
});
