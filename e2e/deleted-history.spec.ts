import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { docker, loadRig } from './support/rig';

const r = loadRig();
const LABEL = 'wharf.test=i13-deleted-e2e';
const stamp = Date.now().toString(36);
const prefix = `i13d-${stamp}`;

test.describe.configure({ mode: 'serial' });

test.afterAll(async () => {
  const ids = await docker(r.MAIN_SOCKET, 'ps', '-aq', '--filter', `label=${LABEL}`).catch(() => '');
  if (ids) await docker(r.MAIN_SOCKET, 'rm', '-f', ...ids.split('\n')).catch(() => undefined);
});

const row = (page: Page, n: string) => page.locator(`[data-testid="container-row"][data-name="${n}"]`);
const state = (ref: string) => docker(r.MAIN_SOCKET, 'inspect', '-f', '{{.State.Status}}', ref);

test('bulk stop over a running and an exited container: the bar counts what applies, the exited one is already stopped', async ({
  page,
}) => {
  const running = `${prefix}-running`;
  const exited = `${prefix}-exited`;
  await docker(r.MAIN_SOCKET, 'run', '-d', '--init', '--label', LABEL, '--name', running, r.SEED_BUSYBOX, 'sleep', '600');
  await docker(r.MAIN_SOCKET, 'run', '-d', '--label', LABEL, '--name', exited, r.SEED_BUSYBOX, 'true');
  await docker(r.MAIN_SOCKET, 'wait', exited);

  await page.goto(`/containers?q=${prefix}`);
  await expect(row(page, exited)).toHaveAttribute('data-state', 'exited');
  await page.getByLabel(`Select ${running}`).check();
  await page.getByLabel(`Select ${exited}`).check();

  const bar = page.getByTestId('bulk-bar');
  await expect(bar.getByTestId('selection-count')).toHaveText('2 selected');
  await expect(bar.getByTestId('selection-states')).toHaveText(/1 running, 1 exited|1 exited, 1 running/);
  await expect(bar.locator('[data-action="start"]')).toHaveText('Start 1');
  await expect(bar.locator('[data-action="stop"]')).toHaveText('Stop 1');
  await expect(bar.locator('[data-action="stop"]')).toHaveAttribute('title', 'Stop 1 of 2 containers; the other is exited');
  await expect(bar.locator('[data-action="unpause"]')).toBeDisabled();
  await expect(bar.locator('[data-action="remove"]')).toHaveText('Remove 2');

  await bar.locator('[data-action="stop"]').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Stop 2 containers?');
  await dialog.getByLabel('Timeout (seconds)').fill('0');
  await dialog.getByRole('button', { name: 'Stop 2 containers' }).click();

  const outcome = page.getByTestId('bulk-outcome');
  await expect(outcome.getByTestId('bulk-summary')).toHaveText('Stop: 2 of 2 containers done · 1 had nothing to do');
  await expect(outcome.getByTestId('bulk-unchanged')).toHaveText(`${exited}: Already stopped`);
  await expect(page.getByTestId('action-error')).toHaveCount(0);
  await expect(row(page, running)).toHaveAttribute('data-state', 'exited');
  expect(await state(running)).toBe('exited');
});

test('a container removed through Wharf is found in the Deleted view by its name, with who removed it and the total', async ({ page }) => {
  const mine = `${prefix}-gone`;
  const cli = `${prefix}-cli`;
  await docker(r.MAIN_SOCKET, 'create', '--label', LABEL, '--name', mine, r.SEED_BUSYBOX, 'true');
  await docker(r.MAIN_SOCKET, 'create', '--label', LABEL, '--name', cli, r.SEED_BUSYBOX, 'true');

  await page.goto(`/containers?q=${mine}`);
  await page.getByLabel(`Select ${mine}`).check();
  await page.getByTestId('bulk-bar').locator('[data-action="remove"]').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove container' }).click();
  await expect(row(page, mine)).toHaveCount(0);
  await docker(r.MAIN_SOCKET, 'rm', cli);

  // The Deleted view, searched from its own box: the search covers name, image and remover.
  await page.goto('/containers?state=deleted');
  const total = page.getByTestId('deleted-total');
  await expect(total).toHaveText(/^1–\d+ of [\d,]+ deleted containers$/);
  await page.getByPlaceholder('Name, image or remover…').fill(prefix);
  await expect(total).toHaveText('1–2 of 2 deleted containers');
  await expect(row(page, mine).getByTestId('deleted-by')).toHaveText('by admin');
  await expect(row(page, cli).getByTestId('deleted-by')).toHaveText('outside Wharf');

  // Only what Wharf removed, by who removed it.
  await page.getByTestId('deleted-by-filter').selectOption('admin');
  await expect(total).toHaveText('1–1 of 1 deleted containers');
  await expect(row(page, mine)).toHaveAttribute('data-state', 'deleted');
  await expect(row(page, cli)).toHaveCount(0);
});
