import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { localHostId, docker, E2E_LABEL, loadRig, runSleeper } from './support/rig';

const r = loadRig();
const stamp = Date.now().toString(36);
const name = `e2e-web-${stamp}`;
const renamed = `${name}-renamed`;

test.describe.configure({ mode: 'serial' });

test.afterAll(async () => {
  const ids = await docker(r.MAIN_SOCKET, 'ps', '-aq', '--filter', `label=${E2E_LABEL}`).catch(() => '');
  if (ids) await docker(r.MAIN_SOCKET, 'rm', '-f', '-v', ...ids.split('\n')).catch(() => undefined);
  await docker(r.MAIN_SOCKET, 'volume', 'rm', `e2e-data-${stamp}`).catch(() => undefined);
});

const inspect = async (ref: string, format: string) => docker(r.MAIN_SOCKET, 'inspect', '-f', format, ref);

function row(page: Page, n: string) {
  return page.locator(`[data-testid="container-row"][data-name="${n}"]`);
}

async function act(page: Page, action: string, confirm?: string) {
  await page.getByRole('button', { name: action, exact: true }).first().click();
  if (confirm) await page.getByRole('dialog').getByRole('button', { name: confirm, exact: true }).click();
}

test('create a web container with a port, env and a volume: it runs and the port answers', async ({ page }) => {
  const hostId = await localHostId(page);
  await page.goto(`/containers/new?host=${hostId}`);
  await page.getByLabel('Image').fill(r.SEED_WEB);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Add variable' }).click();
  await page.getByLabel('Key').first().fill('GREETING');
  await page.getByLabel('Value').first().fill('hello from e2e');
  await page.getByRole('button', { name: 'Add port' }).click();
  // No host port: the engine picks a free one.
  await page.getByLabel('Container port').first().fill('80');
  await page.getByRole('button', { name: 'Add volume' }).click();
  await page.getByLabel('Source').first().fill(`e2e-data-${stamp}`);
  await page.getByLabel('Target').first().fill('/data');
  // Our label, so the suite removes only what it made.
  await page.getByRole('button', { name: 'Add label' }).click();
  const [k, v] = E2E_LABEL.split('=');
  await page.getByLabel('Label key').first().fill(k!);
  await page.getByLabel('Label value').first().fill(v!);
  await page.getByRole('button', { name: 'Create and start' }).click();

  await expect(page).toHaveURL(/\/hosts\/[0-9a-f]+\/containers\/[0-9a-f]+/);
  expect(await inspect(name, '{{.State.Status}}')).toBe('running');
  expect(await docker(r.MAIN_SOCKET, 'exec', name, 'sh', '-c', 'echo $GREETING')).toBe('hello from e2e');
  expect(await inspect(name, '{{range .Mounts}}{{.Name}}:{{.Destination}}{{end}}')).toBe(`e2e-data-${stamp}:/data`);
  const port = await docker(r.MAIN_SOCKET, 'port', name, '80/tcp');
  const hostPort = port.split('\n')[0]!.split(':').pop();
  const body = await (await fetch(`http://127.0.0.1:${hostPort}/`)).text();
  expect(body).toContain('Hello from Wharf');
});

test('the form takes a pasted run with healthcheck, caps, ulimits and hosts, and an env file; a taken name is caught as it is typed', async ({
  page,
}) => {
  const hostId = await localHostId(page);
  await page.goto(`/containers/new?host=${hostId}`);
  // The container of the first journey holds this name: said under the field, by name and state.
  await page.getByLabel('Name', { exact: true }).fill(name);
  await expect(page.locator('#f-name-error')).toContainText(`A container named ${name} already exists on this host (running`);

  const adv = `${name}-adv`;
  await page
    .getByLabel('Paste docker run')
    .fill(
      `docker run -d --name ${adv} --label ${E2E_LABEL} --health-cmd 'test -e /etc/hosts' --health-interval 1s ` +
        `--cap-add NET_ADMIN --ulimit nofile=1024:2048 --add-host db.internal:10.0.0.5 --stop-timeout 3 ${r.SEED_BUSYBOX} sleep 300`,
    );
  await page.getByRole('button', { name: 'Fill from command' }).click();
  await expect(page.locator('#f-name-error')).toHaveCount(0);
  await expect(page.getByLabel('Command (run by the shell)')).toHaveValue('test -e /etc/hosts');
  await expect(page.getByLabel('Add capabilities')).toHaveValue('NET_ADMIN');
  await expect(page.getByLabel('Ulimits')).toHaveValue('nofile=1024:2048');
  // An env file, pasted as it would be read from disk.
  await page.getByRole('button', { name: 'Paste env file' }).click();
  await page.getByLabel('Env file contents').fill('# app settings\nexport APP_MODE=e2e\nAPP_QUOTED="two words"\n');
  await page.getByRole('button', { name: 'Add these variables' }).click();
  await page.getByRole('button', { name: 'Create and start' }).click();

  await expect(page).toHaveURL(/\/hosts\/[0-9a-f]+\/containers\/[0-9a-f]+/);
  expect(await inspect(adv, '{{json .HostConfig.CapAdd}} {{.Config.StopTimeout}} {{json .HostConfig.ExtraHosts}}')).toBe(
    '["NET_ADMIN"] 3 ["db.internal:10.0.0.5"]',
  );
  // The container's own process has the limits (soft 1024, hard 2048). A `docker exec` shell is not
  // a fair witness: some engines (20.10 here) start exec'd processes with the soft limit raised to the hard one.
  expect(
    await docker(r.MAIN_SOCKET, 'exec', adv, 'sh', '-c', `awk '/open files/ {print $4, $5}' /proc/1/limits; echo "$APP_MODE/$APP_QUOTED"`),
  ).toBe('1024 2048\ne2e/two words');
  await expect.poll(() => inspect(adv, '{{.State.Health.Status}}'), { timeout: 15_000 }).toBe('healthy');
});

test('a field error the server finds in a create over the socket shows under its field, and no HTTP create is sent', async ({ page }) => {
  const hostId = await localHostId(page);
  const httpCreates: string[] = [];
  page.on('request', (req) => {
    if (req.method() === 'POST' && /\/api\/hosts\/[^/]+\/containers(\/[^/]+\/recreate)?$/.test(new URL(req.url()).pathname))
      httpCreates.push(req.url());
  });
  await page.goto(`/containers/new?host=${hostId}`);
  await expect(page.getByTestId('realtime-status')).toHaveAttribute('data-state', 'connected');
  // A well-formed reference the engine does not have, with pulling off: only the server can tell.
  await page.getByLabel('Image').fill(`wharf-e2e-absent-${stamp}:none`);
  await page.getByLabel('Name', { exact: true }).fill(`${name}-absent`);
  await page.getByRole('radio', { name: 'never' }).check();
  await page.getByRole('button', { name: 'Create', exact: true }).click();

  await expect(page.getByTestId('create-error')).toContainText('is not on this engine (pulling is off)');
  await expect(page.locator('#f-image-error')).toHaveText('Not on this engine');
  await expect(page.getByLabel('Image')).toHaveAttribute('aria-invalid', 'true');
  expect(httpCreates).toEqual([]);
  expect(await docker(r.MAIN_SOCKET, 'ps', '-aq', '--filter', `name=${name}-absent`)).toBe('');
});

test('pause, unpause, stop, start, rename, remove: each on the engine, and the badge follows', async ({ page }) => {
  // Narrowed by name: the list is virtualised, so rows far out of view are not in the page.
  await page.goto(`/containers?q=${name}`);
  await expect(row(page, name)).toHaveAttribute('data-state', 'running');
  await row(page, name).getByRole('link', { name }).click();
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeVisible();
  const badge = page.getByTestId('state-badge').first();

  await act(page, 'Pause');
  await expect(badge).toContainText('paused');
  expect(await inspect(name, '{{.State.Status}}')).toBe('paused');

  await act(page, 'Unpause');
  await expect(badge).toContainText('running');
  expect(await inspect(name, '{{.State.Status}}')).toBe('running');

  await act(page, 'Stop', 'Stop');
  await expect(badge).toContainText('exited');
  expect(await inspect(name, '{{.State.Status}}')).toBe('exited');

  await act(page, 'Start');
  await expect(badge).toContainText('running');
  expect(await inspect(name, '{{.State.Status}}')).toBe('running');

  await act(page, 'Rename');
  await page.getByLabel('New name').fill(renamed);
  await page.getByRole('dialog').getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(page.getByRole('heading', { name: renamed })).toBeVisible();
  expect(await inspect(renamed, '{{.Name}}')).toBe(`/${renamed}`);

  // The engine's refusal, in words.
  await act(page, 'Stop', 'Stop');
  await expect(badge).toContainText('exited');
  const exitCode = await inspect(renamed, '{{.State.ExitCode}}');
  await act(page, 'Pause');
  await expect(page.getByTestId('action-error')).toContainText(/not running/i);

  await act(page, 'Remove', 'Remove container');
  await expect(docker(r.MAIN_SOCKET, 'inspect', renamed)).rejects.toThrow();
  await page.goto(`/containers?q=${renamed}`);
  await page.getByRole('button', { name: /^Deleted/ }).click();
  const gone = row(page, renamed);
  await expect(gone).toHaveAttribute('data-state', 'deleted');
  await expect(gone).toContainText(`(${exitCode})`);
  await expect(gone).toContainText('admin');
});

test('a docker pause on the CLI shows in the open list within a second', async ({ page }) => {
  const id = await runSleeper(`e2e-cli-${stamp}`);
  await page.goto(`/containers?q=e2e-cli-${stamp}`);
  const line = row(page, `e2e-cli-${stamp}`);
  await expect(line).toHaveAttribute('data-state', 'running');
  await docker(r.MAIN_SOCKET, 'pause', id);
  await expect(line).toHaveAttribute('data-state', 'paused', { timeout: 1000 });
  await expect(line.getByTestId('state-badge')).toContainText('paused', { timeout: 1000 });
  await docker(r.MAIN_SOCKET, 'unpause', id);
  await expect(line).toHaveAttribute('data-state', 'running', { timeout: 1000 });
});

test('logs follow shows a line echoed after the page opened; a file uploaded is readable with docker exec cat', async ({ page }) => {
  const id = await runSleeper(`e2e-logs-${stamp}`);
  const hostId = await localHostId(page);
  await page.goto(`/hosts/${hostId}/containers/${id}`);
  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.getByRole('checkbox', { name: 'Follow' }).check();
  const marker = `echoed-after-open-${stamp}`;
  // Write to the main process's stdout, which is what `docker logs` shows.
  await docker(r.MAIN_SOCKET, 'exec', id, 'sh', '-c', `echo ${marker} > /proc/1/fd/1`);
  await expect(page.getByTestId('log-view')).toContainText(marker, { timeout: 5000 });

  await page.getByRole('tab', { name: 'Files' }).click();
  await page
    .getByRole('button', { name: 'tmp', exact: true })
    .or(page.getByRole('link', { name: 'tmp', exact: true }))
    .first()
    .click();
  await page
    .getByLabel('Upload file')
    .setInputFiles({ name: 'from-browser.txt', mimeType: 'text/plain', buffer: Buffer.from('uploaded through the files tab\n') });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(page.getByText('from-browser.txt')).toBeVisible();
  expect(await docker(r.MAIN_SOCKET, 'exec', id, 'cat', '/tmp/from-browser.txt')).toBe('uploaded through the files tab');
});
