import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { loadRig, script } from './support/rig';

const r = loadRig();
const pem = (p: string) => fs.readFileSync(p, 'utf8');

async function openAddDialog(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Add engine' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add engine' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('adding the TLS engine with its certificates: a bad certificate is refused in words, the right one comes online', async ({ page }) => {
  const dialog = await openAddDialog(page);
  await dialog.getByLabel('Name').fill('tls-engine');
  await dialog.getByLabel('Connection').selectOption('tls');
  await dialog.getByLabel('Host').fill(r.TLS_HOST);
  await dialog.getByLabel('Port').fill(String(r.TLS_PORT));
  await dialog.getByLabel('CA certificate').fill(pem(r.TLS_CA));
  await dialog.getByLabel('Client certificate').fill(pem(r.TLS_BAD_CERT));
  await dialog.getByLabel('Client key').fill(pem(r.TLS_BAD_KEY));

  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByTestId('engine-test-result')).toContainText(/client certificate/i);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText(/client certificate/i);

  await dialog.getByLabel('Client certificate').fill(pem(r.TLS_CERT));
  await dialog.getByLabel('Client key').fill(pem(r.TLS_KEY));
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByTestId('engine-test-result')).toContainText(/Connected/);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  const card = page.locator('[data-testid="host-card"][data-host-name="tls-engine"]');
  await expect(card).toHaveAttribute('data-status', 'online', { timeout: 30_000 });
  await expect(card).toContainText(`${r.TLS_HOST}:${r.TLS_PORT}`);
  await expect(card.getByTestId('docker-version')).toContainText(/\d+\.\d+/);
});

test('a malformed form says what is wrong, next to the field', async ({ page }) => {
  const dialog = await openAddDialog(page);
  await dialog.getByLabel('Name').fill('broken');
  await dialog.getByLabel('Connection').selectOption('tcp');
  await dialog.getByLabel('Host').fill('not a host!');
  await dialog.getByLabel('Port').fill('99999');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('Port must be between 1 and 65535')).toBeVisible();
  await dialog.press('Escape');
  await expect(page.locator('[data-testid="host-card"][data-host-name="broken"]')).toHaveCount(0);
});

test('killing the second engine shows it offline; restarting it brings it back online', async ({ page }) => {
  test.setTimeout(120_000);
  const dialog = await openAddDialog(page);
  await dialog.getByLabel('Name').fill('engine2');
  await dialog.getByLabel('Connection').selectOption('socket');
  await dialog.getByLabel('Socket path').fill(r.ENGINE2_SOCKET);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const card = page.locator('[data-testid="host-card"][data-host-name="engine2"]');
  await expect(card).toHaveAttribute('data-status', 'online', { timeout: 30_000 });

  try {
    await script('engine2.sh', 'stop');
    await expect(card).toHaveAttribute('data-status', 'offline', { timeout: 5000 });
    await expect(card).toContainText(/closed|refused|No Docker socket|connection/i);
  } finally {
    await script('engine2.sh', 'start');
  }
  await expect(card).toHaveAttribute('data-status', 'online', { timeout: 30_000 });
});
