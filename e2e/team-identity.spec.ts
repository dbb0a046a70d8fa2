import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { baseURL } from './playwright.config';
import { docker, loadRig, localHostId } from './support/rig';

const r = loadRig();
const LABEL = 'wharf.test=identity';
const run = promisify(execFile);
let box = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  box = await docker(r.MAIN_SOCKET, 'run', '-d', '--init', '--label', LABEL, r.SEED_BUSYBOX, 'sleep', '600');
});
test.afterAll(async () => {
  if (box) await docker(r.MAIN_SOCKET, 'rm', '-f', '-v', box).catch(() => undefined);
});

/** The admin creates a user with a generated password on the Users page; answers the temporary password. */
async function createUser(page: Page, username: string): Promise<string> {
  await page.goto('/users');
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByLabel('Username').fill(username);
  await dialog.getByLabel('Role').selectOption('operator');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  const shown = page.getByRole('dialog', { name: `Temporary password for ${username}` });
  const password = (await shown.getByTestId('temporary-password').innerText()).trim();
  expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(page.locator(`[data-testid="user-row"][data-username="${username}"]`)).toHaveAttribute('data-state', 'active');
  return password;
}

/** curl, as a script would call the API: status and body. */
async function curl(secret: string, path: string): Promise<{ status: number; body: string }> {
  const { stdout } = await run('curl', ['-s', '-w', '\n%{http_code}', '-H', `Authorization: Bearer ${secret}`, `${baseURL}${path}`]);
  const i = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(i + 1)), body: stdout.slice(0, i) };
}

test('disabling the operator closes the operator’s open terminal at once', async ({ page, browser }) => {
  const username = `identity-op-${Date.now().toString(36)}`;
  const temporary = await createUser(page, username);
  const hostId = await localHostId(page);

  // The operator signs in with the temporary password and must choose a new one first.
  const opContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const op = await opContext.newPage();
  await op.goto('/login');
  await op.getByLabel('Username').fill(username);
  await op.getByLabel('Password').fill(temporary);
  await op.getByRole('button', { name: 'Sign in' }).click();
  await expect(op).toHaveURL(/\/change-password$/);
  await op.getByLabel('Temporary password').fill(temporary);
  await op.getByLabel('New password', { exact: true }).fill('operator-own-password');
  await op.getByLabel('New password again').fill('operator-own-password');
  await op.getByRole('button', { name: 'Change password' }).click();
  await expect(op.getByRole('heading', { name: 'Hosts' })).toBeVisible();

  await op.goto(`/terminals?host=${hostId}&container=${box}`);
  await op.getByRole('dialog', { name: 'Open this terminal?' }).getByRole('button', { name: 'Open terminal' }).click();
  const panel = op.getByTestId('terminal-panel').last();
  await expect(panel).toHaveAttribute('data-state', 'open', { timeout: 15_000 });

  // The admin disables the operator: the terminal says why at once, then the browser goes to sign-in.
  await page.locator(`[data-testid="user-row"][data-username="${username}"]`).getByRole('button', { name: 'Disable' }).click();
  await page
    .getByRole('dialog', { name: `Disable ${username}?` })
    .getByRole('button', { name: 'Disable user' })
    .click();
  await expect(page.locator(`[data-testid="user-row"][data-username="${username}"]`)).toHaveAttribute('data-state', 'disabled');
  await expect(panel.getByTestId('terminal-ended')).toHaveText('Your session was ended by an administrator', { timeout: 3_000 });
  await expect(panel).toHaveAttribute('data-state', 'ended');
  await expect(op.getByTestId('session-ended')).toContainText('Your session was ended by an administrator');
  await expect(op).toHaveURL(/\/login/, { timeout: 10_000 });
  await opContext.close();
});

test('an API token lists containers with curl and is refused after revocation', async ({ page }) => {
  await page.goto('/account');
  await page.getByRole('button', { name: 'New token' }).click();
  const dialog = page.getByRole('dialog', { name: 'New API token' });
  await dialog.getByLabel('Name').fill('identity curl');
  await dialog.getByRole('button', { name: 'Create token' }).click();
  const created = page.getByRole('dialog', { name: /Token .identity curl. created/ });
  const secret = (await created.getByTestId('token-secret').innerText()).trim();
  expect(secret).toMatch(/^wharf_/);
  await created.getByRole('button', { name: 'Done' }).click();

  const listed = await curl(secret, '/api/containers');
  expect(listed.status).toBe(200);
  expect((JSON.parse(listed.body) as Array<{ id: string }>).map((c) => c.id)).toContain(box);
  const row = page.locator('[data-testid="token-row"][data-name="identity curl"]');
  await page.reload();
  await expect(row).not.toContainText('never');

  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toHaveCount(0);
  const refused = await curl(secret, '/api/containers');
  expect(refused.status).toBe(401);
  expect(JSON.parse(refused.body)).toMatchObject({ code: 'UNAUTHENTICATED', message: 'This API token was revoked' });
});
