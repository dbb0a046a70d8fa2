import { expect, test as setup } from './support/fixtures';
import { adminState } from './playwright.config';
import { ADMIN, docker, loadRig } from './support/rig';

setup('first run: create the admin, sign out, sign in again', async ({ page }) => {
  // A fresh install sends every page to the first-run form.
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill('something else');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByText('Passwords do not match')).toBeVisible();
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();

  // Signed in: the overview shows the local engine with its real version.
  await expect(page.getByRole('heading', { name: 'Hosts' })).toBeVisible();
  const version = await docker(loadRig().MAIN_SOCKET, 'version', '--format', '{{.Server.Version}}');
  const local = page.locator('[data-testid="host-card"][data-host-name="local"]');
  await expect(local).toHaveAttribute('data-status', 'online');
  await expect(local.getByTestId('docker-version')).toContainText(version);

  // The session cookie is httpOnly and SameSite.
  const cookie = (await page.context().cookies()).find((c) => c.name === 'wharf_session');
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Lax');

  // Setup cannot be run twice.
  await page.goto('/setup');
  await expect(page).not.toHaveURL(/\/setup$/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('form-error')).toContainText('Wrong username or password');

  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Hosts' })).toBeVisible();
  await page.context().storageState({ path: adminState });
});
