import { adminState, baseURL } from './playwright.config';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { docker, loadRig } from './support/rig';

// Click-to-deploy from a registry tag to the second engine, a taken port flagged before submit, and
// a Portainer v3 template file imported and deployed. The seed web image goes to the open registry
// under this file's own name; containers are named reg-f-e2e-… (the template ones also labelled
// wharf.test=reg-f) and removed after, with the registry-named tags pulled.
const r = loadRig();
const stamp = crypto.randomBytes(3).toString('hex');
const REF = `${r.REGISTRY_URL}/wharf-test/reg-f-e2e-web:1.0`;
const SHOTS = process.env.WHARF_SHOTS_DIR ?? '/tmp/wharf-e2e-f/shots';
const E2_NAME = 'engine2';
const names: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await docker(r.MAIN_SOCKET, 'tag', r.SEED_WEB, REF);
  await docker(r.MAIN_SOCKET, 'push', REF);
  await docker(r.MAIN_SOCKET, 'rmi', REF);
  await docker(r.ENGINE2_SOCKET, 'rmi', REF).catch(() => undefined);
});

test.afterAll(async ({ browser }) => {
  if (addedEngine2) {
    const ctx = await browser.newContext({ storageState: adminState, baseURL });
    await ctx.request.delete(`/api/engines/${addedEngine2}`);
    await ctx.close();
  }
  for (const sock of [r.MAIN_SOCKET, r.ENGINE2_SOCKET]) {
    for (const n of names) await docker(sock, 'rm', '-f', '-v', n).catch(() => undefined);
    const ids = await docker(sock, 'ps', '-aq', '--filter', 'label=wharf.test=reg-f').catch(() => '');
    if (ids) await docker(sock, 'rm', '-f', '-v', ...ids.split('\n')).catch(() => undefined);
    await docker(sock, 'rmi', REF).catch(() => undefined);
    // Named volumes the deploys made for the image's declared /data.
    const vols = await docker(sock, 'volume', 'ls', '-q', '--filter', `name=reg-f-e2e-${stamp}`).catch(() => '');
    if (vols) await docker(sock, 'volume', 'rm', ...vols.split('\n')).catch(() => undefined);
  }
});

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((res) => srv.close(res));
  return port;
}

/** The second engine, added through the API once. */
/** engine2 as this spec added it (removed again after, so the engines journey adds it afresh). */
let addedEngine2: string | null = null;

async function ensureEngine2(page: Page): Promise<void> {
  const engines = (await (await page.request.get('/api/engines')).json()) as Array<{ name: string }>;
  if (engines.some((e) => e.name === E2_NAME)) return;
  const res = await page.request.post('/api/engines', {
    data: { engine: { kind: 'socket', name: E2_NAME, socketPath: r.ENGINE2_SOCKET } },
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
  addedEngine2 = ((await res.json()) as { id: string }).id;
}

/** Chooses exactly these hosts in the form. */
async function chooseHosts(page: Page, hosts: string[]) {
  for (const name of ['local', E2_NAME]) {
    const box = page.getByTestId('deploy-form').getByRole('checkbox', { name, exact: true });
    await expect(box).toBeVisible();
    await box.setChecked(hosts.includes(name));
  }
}

async function pageText(page: Page, url: string): Promise<string> {
  let text = '';
  await expect(async () => {
    text = await (await page.request.get(url)).text();
    expect(text).toContain('Hello from Wharf');
  }).toPass({ timeout: 15_000 });
  return text;
}

test('deploy a registry tag to the second engine on a chosen host port and read the page through its URL', async ({ page }) => {
  await ensureEngine2(page);
  const name = `reg-f-e2e-${stamp}-reg`;
  names.push(name);
  const port = await freePort();
  await page.goto(`/deploy?ref=${encodeURIComponent(REF)}`);
  const form = page.getByTestId('deploy-form');
  await expect(form).toContainText(`${REF} (registry ${r.REGISTRY_URL})`);
  await chooseHosts(page, [E2_NAME]);
  await form.getByLabel('Container name').fill(name);
  await form.getByLabel('Host port for 80/tcp').fill(String(port));
  await form.getByRole('button', { name: 'Deploy to 1 host' }).click();
  const host = page.locator(`[data-testid="deploy-host"][data-host="${E2_NAME}"]`);
  await expect(host).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
  await expect(host.locator('[data-step="Running"]')).toHaveAttribute('data-step-state', 'done');
  const url = host.getByTestId('deploy-url');
  await expect(url).toHaveText(`http://localhost:${port}`);
  await page.screenshot({ path: `${SHOTS}/deploy-progress.png`, fullPage: true });
  expect(await pageText(page, (await url.getAttribute('href'))!)).toContain('Hello from Wharf');
  expect(await docker(r.ENGINE2_SOCKET, 'inspect', '-f', '{{.State.Running}}', name)).toBe('true');
});

test('a host port already published on a chosen host is flagged before submit, with a free port offered', async ({ page }) => {
  const port = await freePort();
  const holder = `reg-f-e2e-${stamp}-holder`;
  names.push(holder);
  await docker(r.MAIN_SOCKET, 'run', '-d', '--label', 'wharf.test=reg-f', '--name', holder, '-p', `127.0.0.1:${port}:80`, r.SEED_WEB);
  await page.goto(`/deploy?ref=${encodeURIComponent(REF)}`);
  const form = page.getByTestId('deploy-form');
  await chooseHosts(page, ['local', E2_NAME]);
  await form.getByLabel('Host port for 80/tcp').fill(String(port));
  await expect(form.getByTestId('port-conflict')).toHaveText(`Port ${port}/tcp is taken on local by ${holder}`);
  const deploy = form.getByRole('button', { name: 'Deploy to 2 hosts' });
  await expect(deploy).toBeDisabled();
  await page.screenshot({ path: `${SHOTS}/deploy-form-flagged.png`, fullPage: true });
  await form.getByRole('button', { name: 'Use a free port' }).click();
  await expect(form.getByTestId('port-conflict')).toHaveCount(0);
  await expect(form.getByLabel('Host port for 80/tcp')).not.toHaveValue(String(port));
  await expect(deploy).toBeEnabled();
  // Nothing was created by looking.
  expect(await docker(r.ENGINE2_SOCKET, 'ps', '-aq', '--filter', `name=^/web$`)).toBe('');
});

test('import a Portainer v3 file, find the template, and deploy from it', async ({ page }) => {
  const port = await freePort();
  const name = `reg-f-e2e-${stamp}-tpl`;
  names.push(name);
  const file = {
    version: '3',
    templates: [
      {
        id: 1,
        type: 1,
        title: `Reg-f web ${stamp}`,
        description: 'The seed page from the open registry',
        categories: ['reg-f-e2e'],
        image: 'wharf-test/reg-f-e2e-web:1.0',
        registry: r.REGISTRY_URL,
        ports: [`${port}:80/tcp`],
        env: [
          { name: 'GREETING', label: 'Greeting', default: 'hi' },
          {
            name: 'SIZE',
            label: 'Size',
            select: [
              { text: 'Small', value: 's' },
              { text: 'Large', value: 'l', default: true },
            ],
          },
          { name: 'WHARF_PRESET', default: 'yes', preset: true },
        ],
        labels: [{ name: 'wharf.test', value: 'reg-f' }],
        restart_policy: 'unless-stopped',
      },
      {
        id: 2,
        type: 3,
        title: `Reg-f stack ${stamp}`,
        description: 'compose',
        categories: ['reg-f-e2e'],
        repository: { url: 'https://example.invalid/x', stackfile: 'docker-compose.yml' },
      },
    ],
  };
  await page.goto('/templates');
  await expect(page.getByTestId('template-card').filter({ hasText: 'Static web server' })).toBeVisible();
  await page.getByLabel('From a URL (fetched by the server)').fill('https://templates.invalid/portainer.json');
  await page
    .locator('form')
    .filter({ has: page.getByLabel('From a URL (fetched by the server)') })
    .getByRole('button', { name: 'Import' })
    .click();
  await expect(page.getByRole('alert').filter({ hasText: 'Not imported' })).toContainText(
    'Could not fetch https://templates.invalid/portainer.json',
  );
  await page
    .getByLabel('Import a Portainer file (v2 or v3)')
    .setInputFiles({ name: `reg-f-${stamp}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.getByTestId('template-source').filter({ hasText: `reg-f-${stamp}.json` })).toContainText('v3 · 2 templates');
  await page.screenshot({ path: `${SHOTS}/templates.png`, fullPage: true });
  await page.getByLabel('Category').selectOption('reg-f-e2e');
  await expect(page.getByTestId('template-card')).toHaveCount(2);
  await expect(page.getByTestId('template-card').filter({ hasText: `Reg-f stack ${stamp}` })).toContainText('needs compose stacks');
  await page.getByLabel('Category').selectOption('');
  await page.getByLabel('Search').fill('static');
  await expect(page.getByTestId('template-card')).toHaveCount(1);
  await page.getByLabel('Search').fill(stamp);
  await page
    .getByTestId('template-card')
    .filter({ hasText: `Reg-f web ${stamp}` })
    .getByRole('link', { name: 'Deploy' })
    .click();
  const form = page.getByTestId('deploy-form');
  await expect(form).toContainText(`template Reg-f web ${stamp}`);
  await expect(form.getByLabel('Host port for 80/tcp')).toHaveValue(String(port));
  await expect(form.getByLabel('Size (SIZE)')).toHaveValue('l');
  await expect(form.getByLabel('Greeting (GREETING)')).toHaveValue('hi');
  await expect(form.getByText('WHARF_PRESET')).toHaveCount(0);
  await chooseHosts(page, [E2_NAME]);
  await form.getByLabel('Container name').fill(name);
  await form.getByRole('button', { name: 'Deploy to 1 host' }).click();
  const host = page.locator(`[data-testid="deploy-host"][data-host="${E2_NAME}"]`);
  await expect(host).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
  expect(await pageText(page, (await host.getByTestId('deploy-url').getAttribute('href'))!)).toContain('Hello from Wharf');
  const env = await docker(r.ENGINE2_SOCKET, 'inspect', '-f', '{{json .Config.Env}}', name);
  expect(env).toContain('SIZE=l');
  expect(env).toContain('WHARF_PRESET=yes');
  expect(await docker(r.ENGINE2_SOCKET, 'inspect', '-f', '{{index .Config.Labels "wharf.test"}}', name)).toBe('reg-f');
});
