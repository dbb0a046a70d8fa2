import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { adminState } from './playwright.config';
import { docker, E2E_LABEL, loadRig, runSleeper } from './support/rig';

// The containers page is rendered on the server from the live snapshot, then handed to the socket's
// live view: the first rows need no script, and nothing that changes in between is lost.
const r = loadRig();
const stamp = Date.now().toString(36);

test.describe.configure({ mode: 'serial' });

test.afterAll(async () => {
  const ids = await docker(r.MAIN_SOCKET, 'ps', '-aq', '--filter', `label=${E2E_LABEL}`, '--filter', `name=e2e-live-${stamp}`).catch(
    () => '',
  );
  if (ids) await docker(r.MAIN_SOCKET, 'rm', '-f', '-v', ...ids.split('\n')).catch(() => undefined);
});

const row = (page: Page, n: string) => page.locator(`[data-testid="container-row"][data-name="${n}"]`);

test('the first screen of rows is in the HTML: visible with JavaScript off', async ({ browser }) => {
  const name = `e2e-live-${stamp}-html`;
  await runSleeper(name);
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: adminState });
  try {
    const page = await context.newPage();
    await page.goto(`/containers?q=${name}`);
    await expect(row(page, name)).toHaveAttribute('data-state', 'running');
    await expect(page.getByTestId('container-count')).toHaveText(/^1 shown · \d+ on \d+ hosts?$/);
    await page.goto('/containers');
    await expect(page.getByTestId('container-row').first()).toBeVisible();
  } finally {
    await context.close();
  }
});

test('changes between the server render and the subscription are not lost; later ones arrive live', async ({ page }) => {
  const early = `e2e-live-${stamp}-x-early`;
  const id = await runSleeper(early);
  // Hold the socket back: the HTML is rendered and shown, the live view not yet subscribed.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  // The console opens its socket as a WebSocket (polling only as a fallback): hold both until released.
  await page.routeWebSocket('**/socket.io/**', async (ws) => {
    await held;
    ws.connectToServer();
  });
  await page.route('**/socket.io/**', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/containers?q=e2e-live-${stamp}-x`);
  await expect(row(page, early)).toHaveAttribute('data-state', 'running');

  // Meanwhile on the CLI: one paused, one created.
  const late = `e2e-live-${stamp}-x-late`;
  await docker(r.MAIN_SOCKET, 'pause', id);
  await docker(r.MAIN_SOCKET, 'create', '--label', E2E_LABEL, '--name', late, r.SEED_BUSYBOX, 'true');
  await page.waitForTimeout(300);
  await expect(row(page, early)).toHaveAttribute('data-state', 'running'); // the server render, not yet live
  await expect(row(page, late)).toHaveCount(0);

  release();
  await expect(row(page, early)).toHaveAttribute('data-state', 'paused', { timeout: 5000 });
  await expect(row(page, late)).toHaveAttribute('data-state', 'created');
  await expect(page.getByTestId('container-count')).toContainText('2 shown');

  // From now on deltas: a CLI change reaches the row without a reload.
  await docker(r.MAIN_SOCKET, 'unpause', id);
  await expect(row(page, early)).toHaveAttribute('data-state', 'running', { timeout: 2000 });
  await docker(r.MAIN_SOCKET, 'rm', late);
  await expect(row(page, late)).toHaveCount(0, { timeout: 2000 });
});
