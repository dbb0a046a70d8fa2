import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { docker, forgetRigRepositories, loadRig } from './support/rig';

// "Update available": a container runs a tag from the open registry, a new build is pushed under the
// same tag, the containers list and the container page show the badge, one click updates it, and it
// runs the new digest with its name, env, labels and port kept. Everything local is labelled reg-g.
const r = loadRig();
const S = r.MAIN_SOCKET;
const LABEL = 'wharf.test=reg-g';
const stamp = crypto.randomBytes(3).toString('hex');
const REF = `${r.REGISTRY_URL}/wharf-test/reg-g-e2e-${stamp}:1`;
const NAME = `reg-g-e2e-${stamp}`;
const SHOTS = path.join(import.meta.dirname, '..', 'test-results');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reg-g-e2e-'));
let hostPort = 0;

test.describe.configure({ mode: 'serial' });

async function build(content: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(tmp, 'ctx-'));
  fs.writeFileSync(path.join(dir, 'version.txt'), content);
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM ${r.SEED_BUSYBOX}\nLABEL wharf.test=reg-g\nCOPY version.txt /version.txt\nCMD ["sleep", "3600"]\n`,
  );
  await docker(S, 'build', '-q', '-t', REF, dir);
  await docker(S, 'push', REF);
  return docker(S, 'image', 'inspect', '-f', '{{.Id}}', REF);
}

test.afterAll(async () => {
  const ids = (await docker(S, 'ps', '-aq', '--filter', `label=${LABEL}`).catch(() => '')).split('\n').filter(Boolean);
  if (ids.length) await docker(S, 'rm', '-f', '-v', ...ids).catch(() => undefined);
  const images = (await docker(S, 'image', 'ls', '-q', '--filter', `label=${LABEL}`).catch(() => '')).split('\n').filter(Boolean);
  if (images.length) await docker(S, 'rmi', '-f', ...new Set(images)).catch(() => undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
  forgetRigRepositories(r, [REF]);
});

test("a new build pushed under a running container's tag: badge on the list and the page, Update, new digest with settings kept", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await build(`v1 ${stamp}`);
  const s = net.createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  hostPort = (s.address() as net.AddressInfo).port;
  await new Promise((res) => s.close(res));
  const oldId = await docker(
    S,
    'run',
    '-d',
    '--name',
    NAME,
    '--label',
    LABEL,
    '--label',
    'reg-g.extra=kept',
    '-e',
    'GREETING=hello',
    '-p',
    `127.0.0.1:${hostPort}:8080`,
    REF,
  );
  const v2 = await build(`v2 ${stamp}`);

  // The list: "Check for updates" runs as an operation; the row shows the badge without a reload.
  await page.goto(`/containers?q=${NAME}`);
  const row = page.locator(`[data-testid="container-row"][data-name="${NAME}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('update-badge')).toHaveCount(0);
  await page.getByTestId('check-updates').click();
  const badge = row.getByTestId('update-badge');
  await expect(badge).toHaveAttribute('data-state', 'update-available', { timeout: 30_000 });
  await expect(badge).toHaveText('update');
  await expect(badge).toHaveAccessibleName(`Update ${NAME}: a newer image is in the registry`);
  const tip = await badge.getAttribute('title');
  expect(tip).toContain(REF);
  expect(tip).toMatch(/local: +[a-f0-9]{12}\nregistry: [a-f0-9]{12}\nchecked /);
  await page.getByTestId('activity-button').click();
  const op = page.getByTestId('activity-panel').locator('[data-testid="operation-row"][data-kind="update-check"]').first();
  await expect(op).toHaveAttribute('data-state', 'succeeded');
  await expect(op).toContainText('update');
  await page.getByTestId('activity-button').click();
  await row.screenshot({ path: path.join(SHOTS, 'reg-g-list-badge.png') });
  await page.screenshot({ path: path.join(SHOTS, 'reg-g-list.png') });

  // The container page: the same badge in its header, with Update.
  await row.getByRole('link', { name: NAME }).click();
  const header = page.getByTestId('container-header');
  await expect(header.getByTestId('update-badge')).toHaveText('update available');
  await page.screenshot({ path: path.join(SHOTS, 'reg-g-page-badge.png') });
  await header.getByRole('button', { name: 'Update', exact: true }).click();

  // The update runs in the tray: pull, then recreate; the container with that name runs v2.
  await page.getByTestId('activity-button').click();
  const upd = page.getByTestId('activity-panel').locator('[data-testid="operation-row"][data-kind="update"]').first();
  await expect(upd).toHaveAttribute('data-state', 'succeeded', { timeout: 90_000 });
  await expect(upd).toContainText(`Update ${NAME}`);
  const newId = await docker(S, 'ps', '-q', '--no-trunc', '--filter', `name=^${NAME}$`);
  expect(newId).not.toBe('');
  expect(newId.startsWith(oldId)).toBe(false);
  const info = JSON.parse(await docker(S, 'inspect', newId))[0] as {
    Image: string;
    Config: { Env: string[]; Labels: Record<string, string> };
    HostConfig: { PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }>> };
  };
  expect(info.Image).toBe(v2);
  expect(info.Config.Env).toContain('GREETING=hello');
  expect(info.Config.Labels).toMatchObject({ 'reg-g.extra': 'kept', 'wharf.test': 'reg-g' });
  expect(info.HostConfig.PortBindings['8080/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: String(hostPort) }]);

  // Back on the list: the recreated row has no badge (it runs the registry's digest).
  await page.goto(`/containers?q=${NAME}`);
  const fresh = page.locator(`[data-testid="container-row"][data-id="${newId}"]`);
  await expect(fresh).toBeVisible();
  await expect(fresh.getByTestId('update-badge')).toHaveCount(0);
  await fresh.getByRole('link', { name: NAME }).click();
  await expect(page.getByTestId('container-header').getByTestId('update-badge')).toHaveAttribute('data-state', 'up-to-date');
  await page.screenshot({ path: path.join(SHOTS, 'reg-g-page-updated.png') });
});
