import { expect, test } from './support/fixtures';
import { docker, loadRig, localHostId } from './support/rig';

// Volumes: one made in the UI, mounted in a new (labelled) container, a file uploaded into it through
// the volume's file browser and read back with `docker exec cat`; then the Disk page's volume prune,
// scoped by its label filter to volumes this spec made, previews them and shows the space the engine
// reclaimed. Everything here is named wharf-test-volumes-e2e-<stamp> and labelled wharf.test=volumes-e2e.
const r = loadRig();
const S = r.MAIN_SOCKET;
const stamp = Date.now().toString(36);
const LABEL = 'wharf.test=volumes-e2e';
const VOL = `wharf-test-volumes-e2e-${stamp}`;
const PRUNE_LABEL = `wharf.test.prune=volumes-e2e-${stamp}`;

test.describe.configure({ mode: 'serial' });

test.afterAll(async () => {
  const ids = await docker(S, 'ps', '-aq', '--filter', `label=${LABEL}`).catch(() => '');
  if (ids) await docker(S, 'rm', '-f', '-v', ...ids.split('\n')).catch(() => undefined);
  const vols = (await docker(S, 'volume', 'ls', '-q', '--filter', `label=${LABEL}`).catch(() => ''))
    .split('\n')
    .filter((v) => v.includes(stamp));
  if (vols.length) await docker(S, 'volume', 'rm', '-f', ...vols).catch(() => undefined);
});

test('create a volume, mount it, upload a file into it and read it with docker exec', async ({ page }) => {
  const hostId = await localHostId(page);
  await page.goto(`/hosts/${hostId}/volumes`);
  await page.getByRole('button', { name: 'Create' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a volume' });
  await dialog.getByLabel('Name').fill(VOL);
  await dialog.getByLabel('Labels').fill(LABEL);
  await dialog.getByRole('button', { name: 'Create' }).click();
  const row = page.locator(`[data-testid="volume-row"][data-name="${VOL}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('unused');
  expect(await docker(S, 'volume', 'inspect', '-f', '{{index .Labels "wharf.test"}}', VOL)).toBe('volumes-e2e');

  // Mounted by a new container from the CLI: the row names it, running, without a reload.
  const cname = `wharf-test-volumes-e2e-${stamp}-c`;
  await docker(S, 'run', '-d', '--init', '--name', cname, '--label', LABEL, '-v', `${VOL}:/data`, r.SEED_BUSYBOX, 'sleep', '600');
  await expect(row.getByTestId('volume-user')).toContainText(cname);
  await expect(row.getByTestId('state-badge')).toHaveAttribute('data-state', 'running');

  await row.getByRole('link', { name: VOL, exact: true }).click();
  await expect(page.getByTestId('file-table')).toContainText('This folder is empty.');
  await page
    .getByLabel('Upload file')
    .setInputFiles({ name: 'hello.txt', mimeType: 'text/plain', buffer: Buffer.from('written through the volume browser\n') });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(page.locator('[data-testid="file-row"][data-name="hello.txt"]')).toBeVisible();
  expect(await docker(S, 'exec', cname, 'cat', '/data/hello.txt')).toBe('written through the volume browser');
  // The helper containers that listed and wrote are gone.
  await expect
    .poll(() => docker(S, 'ps', '-aq', '--filter', 'label=wharf.helper=volume-browse', '--filter', `label=wharf.helper.volume=${VOL}`))
    .toBe('');
});

test('the Disk page previews a label-scoped volume prune, then shows the space the engine reclaimed', async ({ page }) => {
  const hostId = await localHostId(page);
  const a = `${VOL}-p1`;
  const b = `${VOL}-p2`;
  for (const v of [a, b]) await docker(S, 'volume', 'create', '--label', LABEL, '--label', PRUNE_LABEL, v);
  await docker(S, 'run', '--rm', '--label', LABEL, '-v', `${a}:/v`, r.SEED_BUSYBOX, 'sh', '-c', 'head -c 250000 /dev/urandom > /v/blob');

  await page.goto(`/hosts/${hostId}/disk`);
  await expect(page.locator('[data-testid="disk-row"][data-kind="volumes"]')).toBeVisible();
  await page.getByTestId('prune-volumes').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: /All unused/ }).check();
  await dialog.getByTestId('prune-label').fill(PRUNE_LABEL);
  await expect(dialog.getByTestId('prune-item')).toHaveCount(2);
  await expect(dialog.locator(`[data-testid="prune-item"][data-name="${a}"]`)).toBeVisible();
  const estimate = Number(await dialog.getByTestId('prune-estimate').getAttribute('data-bytes'));
  expect(estimate).toBeGreaterThanOrEqual(250_000);

  await dialog.getByTestId('prune-confirm').click();
  const result = dialog.getByTestId('prune-result');
  await expect(result).toContainText('2 volumes removed');
  // The figure shown is the engine's SpaceReclaimed; it is what the preview read from `docker system df`.
  expect(Number(await result.getAttribute('data-bytes'))).toBe(estimate);
  expect(await docker(S, 'volume', 'ls', '-q', '--filter', `label=${PRUNE_LABEL}`)).toBe('');
  expect(await docker(S, 'volume', 'ls', '-q', '--filter', `name=${VOL}`)).toContain(VOL);
});
