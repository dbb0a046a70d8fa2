import { expect, test } from './support/fixtures';
import { docker, loadRig, localHostId } from './support/rig';

const r = loadRig();
const LABEL = 'wharf.test=e2e-secrets';
const stamp = Date.now().toString(36);
const MASKED = '••••••••';

test.afterAll(async () => {
  const ids = await docker(r.MAIN_SOCKET, 'ps', '-aq', '--filter', `label=${LABEL}`).catch(() => '');
  if (ids) await docker(r.MAIN_SOCKET, 'rm', '-f', ...ids.split('\n')).catch(() => undefined);
});

test('an API token in env is masked on the overview, in the inspect JSON and in the edit form; Reveal shows it and is audited', async ({
  page,
}) => {
  const name = `e2e-secrets-${stamp}`;
  const token = `e2e-token-${stamp}-zq9`;
  const id = await docker(
    r.MAIN_SOCKET,
    'run',
    '-d',
    '--init',
    '--label',
    LABEL,
    '--name',
    name,
    '-e',
    `API_TOKEN=${token}`,
    r.SEED_BUSYBOX,
    'sleep',
    '600',
  );
  const hostId = await localHostId(page);
  const url = `/hosts/${hostId}/containers/${id}`;

  // Overview: masked, and the value is nowhere in the page (not even hidden).
  await page.goto(url);
  await expect(page.getByTestId('env-masked').first()).toBeVisible();
  expect(await page.content()).not.toContain(token);

  // Inspect JSON: the same document, masked.
  await page.getByRole('tab', { name: 'Inspect' }).click();
  await expect(page.getByTestId('inspect-view')).toContainText(`API_TOKEN=${MASKED}`);
  expect(await page.content()).not.toContain(token);

  // Edit & recreate: the value field holds the mask, not the token.
  await page.goto(`${url}/edit`);
  const value = page
    .locator('[data-testid="env-row"]')
    .filter({ has: page.locator('input[value="API_TOKEN"]') })
    .getByLabel('Value');
  await expect(value).toHaveValue(MASKED);
  expect(await page.content()).not.toContain(token);
  // Reveal in the form fills the masked field (what is left masked would keep its value on recreate).
  await page.getByRole('button', { name: 'Reveal values' }).click();
  await expect(value).toHaveValue(token);

  // Reveal, on the overview: an explicit act that shows the value.
  await page.goto(url);
  await page.getByRole('button', { name: 'Reveal values' }).click();
  await expect(page.getByTestId('env-value').first()).toHaveText(token);
  // The inspect JSON follows what was revealed.
  await page.getByRole('tab', { name: 'Inspect' }).click();
  await expect(page.getByTestId('inspect-view')).toContainText(`API_TOKEN=${token}`);

  // The audit page shows each Reveal (form and overview), by whom, of which container; the export never carries the value.
  await page.goto('/audit');
  const row = page.locator('[data-testid="audit-row"][data-action="container.reveal-env"][data-user="admin"]').filter({ hasText: name });
  await expect(row).toHaveCount(2);
  await expect(row.first()).toContainText('local');
  const exported = await (await page.request.get('/api/audit/export?format=json')).text();
  expect(exported).toContain('container.reveal-env');
  expect(exported).not.toContain(token);
});

test('stats start full: leaving the stats tab and coming back shows the earlier samples at once', async ({ page }) => {
  const id = await docker(r.MAIN_SOCKET, 'run', '-d', '--init', '--label', LABEL, r.SEED_BUSYBOX, 'sleep', '600');
  const hostId = await localHostId(page);
  await page.goto(`/hosts/${hostId}/containers/${id}?tab=stats`);
  const view = page.getByTestId('stats-view');
  const samples = async () => Number(await view.getAttribute('data-samples'));
  await expect.poll(samples, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);

  // Leave (the subscription ends), come back: the server's ring fills the charts before any new sample.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(view).toHaveCount(0);
  await page.waitForTimeout(1500);
  await page.getByRole('tab', { name: 'Stats' }).click();
  await expect.poll(samples, { timeout: 1000, intervals: [100] }).toBeGreaterThanOrEqual(6);
});
