import net from 'node:net';
import { expect, test } from './support/fixtures';
import { docker, loadRig, localHostId } from './support/rig';

// Networks and published ports: create a network in the UI, connect a running container with a static
// IP and see it there and in `docker network inspect`; find a published port by its number. What this
// spec makes is named wharf-test-networks-e2e-<stamp> and labelled wharf.test=networks.
const r = loadRig();
const S = r.MAIN_SOCKET;
const stamp = Date.now().toString(36);
const LABEL = 'wharf.test=networks';
const NAME = `wharf-test-networks-e2e-${stamp}`;
const octet = 100 + Math.floor(Math.random() * 150);

test.describe.configure({ mode: 'serial' });

test.afterAll(async () => {
  const ids = await docker(S, 'ps', '-aq', '--filter', `label=${LABEL}`, '--filter', `name=${NAME}`).catch(() => '');
  if (ids) await docker(S, 'rm', '-f', '-v', ...ids.split('\n')).catch(() => undefined);
  await docker(S, 'network', 'rm', NAME).catch(() => undefined);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

test('create a network, connect a running container with a static IP, see the IP in Wharf and in docker network inspect', async ({
  page,
}) => {
  const hostId = await localHostId(page);
  const cname = `${NAME}-c`;
  await docker(S, 'run', '-d', '--init', '--label', LABEL, '--name', cname, r.SEED_BUSYBOX, 'sleep', '600');
  const subnet = `10.234.${octet}.0/24`;
  const ip = `10.234.${octet}.50`;

  await page.goto(`/hosts/${hostId}/networks`);
  await expect(page.getByRole('heading', { name: 'Networks on local' })).toBeVisible();
  await page.getByRole('button', { name: 'Create network' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create network' });
  await dialog.getByLabel('Name').fill(NAME);
  await dialog.getByLabel('Subnet (optional)').fill(subnet);
  await dialog.getByLabel('Labels (optional)').fill(LABEL);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();

  const row = page.locator(`[data-testid="network-row"][data-name="${NAME}"]`);
  await expect(row).toContainText(subnet);
  await row.getByRole('button', { name: NAME }).click();
  const detail = page.getByTestId('network-detail');
  await detail.getByRole('combobox', { name: 'Connect a container' }).selectOption({ label: `${cname} (running)` });
  await detail.getByLabel('Aliases (optional)').fill('api');
  await detail.getByLabel('IPv4 (optional)').fill(ip);
  await detail.getByRole('button', { name: 'Connect' }).click();

  const endpoint = detail.locator(`[data-testid="network-container"][data-name="${cname}"]`);
  await expect(endpoint.getByTestId('endpoint-ipv4')).toHaveText(ip);
  await expect(endpoint).toContainText('api');
  const inspected = await docker(S, 'network', 'inspect', '-f', '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}', NAME);
  expect(inspected).toBe(`${cname} ${ip}/24`);
  // The list row shows it too, live.
  await page.keyboard.press('Escape');
  await expect(row).toContainText(`${cname} ${ip}`);

  // Removal is refused in words while the container is attached.
  await row.getByRole('button', { name: NAME }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove network' }).click();
  await expect(detail.getByTestId('action-error')).toContainText(`in use by container ${cname} (running)`);

  // Disconnect it in the network's dialog: the row goes and the engine agrees.
  await endpoint.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByText(`${cname} disconnected`)).toBeVisible();
  await expect(endpoint).toHaveCount(0);
  await expect(detail).toContainText('No running container is attached.');
  expect(await docker(S, 'network', 'inspect', '-f', '{{len .Containers}}', NAME)).toBe('0');
  await page.keyboard.press('Escape');

  // And on the container's page: attached again (outside Wharf), its Networks section lists the IP; Disconnect there.
  await docker(S, 'network', 'connect', '--ip', ip, NAME, cname);
  const cid = await docker(S, 'inspect', '-f', '{{.Id}}', cname);
  await page.goto(`/hosts/${hostId}/containers/${cid}`);
  const attached = page.locator(`[data-testid="container-network"][data-name="${NAME}"]`);
  await expect(attached).toContainText(ip);
  await expect(page.locator('[data-testid="container-network"][data-name="bridge"]')).toBeVisible();
  await attached.getByRole('button', { name: 'Disconnect' }).click();
  await expect(attached).toHaveCount(0);
  await expect(page.locator('[data-testid="container-network"][data-name="bridge"]')).toBeVisible();
  expect(await docker(S, 'inspect', '-f', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}', cname)).toBe('bridge');
});

test('the ports table lists a labelled container’s published port and finds it by its number', async ({ page }) => {
  const port = await freePort();
  const wname = `${NAME}-web`;
  await docker(S, 'run', '-d', '--label', LABEL, '--name', wname, '-p', `127.0.0.1:${port}:80`, r.SEED_WEB);
  await page.goto('/ports');
  await expect(page.getByRole('heading', { name: 'Published ports' })).toBeVisible();
  await page.getByLabel('Search ports').fill(String(port));
  const rows = page.getByTestId('port-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-container', wname);
  await expect(rows.first()).toContainText(`127.0.0.1:${port}`);
  await expect(rows.first()).toContainText('80/tcp');
  await expect(rows.first().getByTestId('port-link')).toHaveAttribute('href', `http://127.0.0.1:${port}`);
  // The search is in the URL: the question can be linked.
  await expect(page).toHaveURL(new RegExp(`[?&]q=${port}`));
});
