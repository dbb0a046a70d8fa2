import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { docker, E2E_LABEL, loadRig, localHostId, runSleeper } from './support/rig';

// The events page: live from Wharf's store, paused without losing what arrives meanwhile.
const r = loadRig();
const name = `e2e-events-${Date.now().toString(36)}`;

test.afterAll(async () => {
  await docker(r.MAIN_SOCKET, 'rm', '-f', '-v', name).catch(() => undefined);
});

const row = (page: Page, action: string) => page.locator(`[data-testid="event-row"][data-name="${name}"][data-action="${action}"]`);

test('a CLI pause shows live; paused, an unpause is counted, and Resume shows it', async ({ page }) => {
  const id = await runSleeper(name);
  await page.goto(`/events?name=${name}`);
  await expect(row(page, 'start')).toHaveCount(1);
  await expect(page.getByTestId('event-row').first()).toHaveAttribute('data-name', name);

  await docker(r.MAIN_SOCKET, 'pause', id);
  await expect(row(page, 'pause')).toHaveCount(1, { timeout: 5000 });
  const pauseRow = row(page, 'pause');
  await expect(pauseRow.getByRole('link', { name })).toHaveAttribute('href', new RegExp(`/containers/${id}$`));
  await expect(pauseRow.locator('td').nth(2)).toHaveText('container');

  await page.getByTestId('events-pause').click();
  await expect(page.getByTestId('events-new')).toHaveText('0 new');
  await docker(r.MAIN_SOCKET, 'unpause', id);
  await expect(page.getByTestId('events-new')).toHaveText('1 new', { timeout: 5000 });
  await expect(row(page, 'unpause')).toHaveCount(0);
  await page.getByTestId('events-resume').click();
  await expect(row(page, 'unpause')).toHaveCount(1);
  await expect(page.getByTestId('event-row').first()).toHaveAttribute('data-action', 'unpause');

  // The attributes fold out of the details line.
  await pauseRow.getByRole('button', { expanded: false }).click();
  await expect(page.getByTestId('event-details')).toContainText(E2E_LABEL.split('=')[1]!);

  // Older pages come from the store, to the end of what matches.
  await page.getByTestId('events-older').click();
  await expect(page.getByTestId('events-end')).toBeVisible();
  await expect(row(page, 'create')).toHaveCount(1);
});

test('one host, filtered by action in the URL', async ({ page }) => {
  const host = await localHostId(page);
  await page.goto(`/hosts/${host}/events?type=container&action=pause&name=${name}`);
  await expect(row(page, 'pause')).toHaveCount(1);
  await expect(page.getByTestId('event-row')).toHaveCount(1);
  await expect(page.getByLabel('Type')).toHaveValue('container');
});
