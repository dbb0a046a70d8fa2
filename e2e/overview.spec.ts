import { expect, test } from './support/fixtures';
import { parseJson } from '../server/json';
import { docker, E2E_LABEL, loadRig } from './support/rig';

const r = loadRig();
const created: string[] = [];

test.afterAll(async () => {
  if (created.length) await docker(r.MAIN_SOCKET, 'rm', '-f', '-v', ...created).catch(() => undefined);
});

test('the overview shows the local engine as docker info describes it', async ({ page }) => {
  await page.goto('/');
  const card = page.locator('[data-testid="host-card"][data-host-name="local"]');
  await expect(card).toHaveAttribute('data-status', 'online');
  const info = parseJson<Record<string, unknown>>(await docker(r.MAIN_SOCKET, 'info', '--format', '{{json .}}'), 'docker info');
  await expect(card.getByTestId('docker-version')).toContainText(String(info.ServerVersion));
  await expect(card).toContainText(String(info.KernelVersion));
  await expect(card).toContainText(String(info.Driver));
  await expect(card).toContainText(String(info.CgroupDriver));
  // Like `docker images`: one per image, not the intermediate layers `docker info` also counts.
  const images = new Set((await docker(r.MAIN_SOCKET, 'images', '-q', '--no-trunc')).split('\n').filter(Boolean));
  await expect(card.getByTestId('count-images')).toHaveText(String(images.size));
});

test('a container started, paused and stopped with the docker CLI moves the counts without reload', async ({ page }) => {
  await page.goto('/');
  const card = page.locator('[data-testid="host-card"][data-host-name="local"]');
  await expect(card).toHaveAttribute('data-status', 'online');
  const count = async (what: string) => Number(await card.getByTestId(`count-${what}`).textContent());
  const running = await count('running');
  const paused = await count('paused');
  const stopped = await count('stopped');
  // Mark the page: a reload would lose this.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  const id = await docker(r.MAIN_SOCKET, 'run', '-d', '--label', E2E_LABEL, r.SEED_BUSYBOX, 'sleep', '300');
  created.push(id);
  await expect(card.getByTestId('count-running')).toHaveText(String(running + 1), { timeout: 1000 });

  await docker(r.MAIN_SOCKET, 'pause', id);
  await expect(card.getByTestId('count-paused')).toHaveText(String(paused + 1), { timeout: 1000 });
  await expect(card.getByTestId('count-running')).toHaveText(String(running), { timeout: 1000 });

  await docker(r.MAIN_SOCKET, 'unpause', id);
  await docker(r.MAIN_SOCKET, 'stop', '-t', '0', id);
  await expect(card.getByTestId('count-stopped')).toHaveText(String(stopped + 1), { timeout: 1000 });
  await expect(card.getByTestId('count-running')).toHaveText(String(running), { timeout: 1000 });

  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
});

test('the host detail page shows the rest of docker info', async ({ page }) => {
  await page.goto('/');
  await page.locator('[data-testid="host-card"][data-host-name="local"]').getByRole('link', { name: 'local' }).click();
  await expect(page).toHaveURL(/\/hosts\/[0-9a-f]+$/);
  const info = parseJson<Record<string, unknown>>(await docker(r.MAIN_SOCKET, 'info', '--format', '{{json .}}'), 'docker info');
  await expect(page.getByText(String(info.DockerRootDir)).first()).toBeVisible();
  const raw = page.getByTestId('raw-info');
  await raw.locator('summary').click();
  await expect(raw.getByText('IndexServerAddress').first()).toBeVisible();
  await expect(raw.getByText(String(info.ID)).first()).toBeVisible();
});
