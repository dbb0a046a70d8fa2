import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { copyImage, startTokenRegistry } from '../test/support/token-registry';
import { loadRig } from './support/rig';

// Registry settings and browsing in the browser: save the htpasswd registry, "Test connection" says
// what works, the engines' registry settings are shown, then browse to wharf-test/web:1.0 and read
// its layers and exposed port. Nothing is created on the engines; the saved registry is removed.
const r = loadRig();
const SHOTS = process.env.WHARF_SHOTS_DIR;

test.describe.configure({ mode: 'serial' });

async function forget(page: Page) {
  const list = (await (await page.request.get('/api/registries')).json()) as Array<{ id: string; address: string }>;
  for (const x of list.filter((x) => x.address === r.REGISTRY_AUTH_URL)) await page.request.delete(`/api/registries/${x.id}`);
}

test('add the authenticated registry, test its connection, see the engines’ registry settings, browse to a tag’s layers and port', async ({
  page,
}) => {
  await page.goto('/registries');
  await forget(page);
  await page.reload();

  await page.getByRole('button', { name: 'Add registry' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('rig basic e');
  await dialog.getByLabel('Address').fill(`http://${r.REGISTRY_AUTH_URL}/`);
  await dialog.getByLabel('User').fill(r.REGISTRY_USER);
  await dialog.getByLabel('Password or token').fill(r.REGISTRY_PASSWORD);
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  const result = dialog.getByTestId('registry-test-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toHaveAttribute('data-scheme', 'basic');
  await expect(result.locator('[data-check="reachable"]')).toHaveText(
    `✓Reachable: ${r.REGISTRY_AUTH_URL} answers the registry API over HTTP`,
  );
  await expect(result.locator('[data-check="auth"]')).toHaveText(`✓Auth: Basic auth accepted for ${r.REGISTRY_USER}`);
  await expect(result.locator('[data-check="catalog"]')).toHaveText('✓Catalog: allowed, repositories can be listed');
  await expect(result.locator('[data-check="engine"]')).toContainText('Login Succeeded');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  const row = page.locator(`[data-testid="registry-row"][data-address="${r.REGISTRY_AUTH_URL}"]`);
  await row.getByRole('button', { name: 'Test connection' }).click();
  await expect(row.getByTestId('registry-test-result')).toContainText('Basic auth accepted');

  const engine = page.locator('[data-testid="engine-registry-row"]').first();
  await expect(engine).toContainText('127.0.0.0/8');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/registries-page.png`, fullPage: true });

  await row.getByTestId('registry-browse-link').click();
  await expect(page.getByTestId('browse-title')).toHaveText('rig basic e');
  await expect(page.getByTestId('repository-link').first()).toBeVisible();
  // The catalog may hold more than a page: the box asks the registry for names from a prefix on.
  await page.getByLabel('Find repositories by the start of their name').fill('wharf-test/we');
  await expect(page.getByTestId('repo-count')).toContainText('starting with “wharf-test/we”');
  const repo = page.getByTestId('repository-link').filter({ hasText: /^wharf-test\/web$/ });
  await expect(repo).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/registry-repositories.png`, fullPage: true });
  await repo.click();

  await expect(page.getByTestId('browse-title')).toHaveText('wharf-test/web');
  const tag = page.locator('[data-testid="tag-row"][data-tag="1.0"]');
  // Digest and size are read lazily for the visible page.
  await expect(tag).toContainText(/[a-f0-9]{12}/);
  await expect(tag).toContainText(/\d+(\.\d+)? (B|KiB|MiB|GiB)/);
  await tag.getByRole('button', { name: '1.0' }).click();
  await expect(page).toHaveURL(/\?tag=1\.0$/);

  const detail = page.getByTestId('tag-detail');
  await expect(detail.getByTestId('tag-reference')).toHaveText(`${r.REGISTRY_AUTH_URL}/wharf-test/web:1.0`);
  await expect(detail.getByTestId('layer-row')).toHaveCount(5);
  await expect(detail.getByTestId('layer-total')).not.toBeEmpty();
  await expect(detail.getByTestId('config-ports')).toHaveText('80/tcp');
  await expect(detail.getByTestId('config-cmd')).toContainText('httpd');
  await expect(detail.getByTestId('deploy-link')).toHaveAttribute(
    'href',
    `/deploy?ref=${encodeURIComponent(`${r.REGISTRY_AUTH_URL}/wharf-test/web:1.0`)}`,
  );
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/registry-tag-detail.png`, fullPage: true });

  // "Pull to host…" opens the pull dialog with the reference filled in.
  await detail.getByRole('button', { name: 'Pull to host…' }).click();
  await page.getByRole('menuitem', { name: 'Pull to local' }).click();
  const pull = page.getByRole('dialog', { name: 'Pull an image' });
  await expect(pull.getByLabel('Image reference')).toHaveValue(`${r.REGISTRY_AUTH_URL}/wharf-test/web:1.0`);
  await pull.getByRole('button', { name: 'Cancel' }).click();
  expect(await page.content()).not.toContain(r.REGISTRY_PASSWORD);
  await forget(page);
});

test('a registry that refuses the catalog (token auth, robot account): type a name, read the tag; its delete is refused in words', async ({
  page,
}) => {
  const reg = await startTokenRegistry();
  try {
    const repo = r.SEED_WEB.split(':')[0]!;
    const token = reg.token([`repository:${repo}:pull,push`]);
    await copyImage(
      { base: `http://${r.REGISTRY_URL}` },
      { base: `http://${reg.address}`, auth: `Bearer ${token}` },
      repo,
      '1.0',
      repo,
      '1.0',
    );
    const res = await page.request.post('/api/registries', {
      data: { name: 'robot e', address: reg.address, username: reg.users.robot.username, password: reg.users.robot.password },
    });
    expect(res.status()).toBe(201);
    const { id } = (await res.json()) as { id: string };

    await page.goto(`/registries/${id}`);
    await expect(page.getByTestId('catalog-refused')).toContainText('does not let robot list its catalog');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/registry-catalog-refused.png`, fullPage: true });
    await page.getByLabel('Repository', { exact: true }).fill(repo);
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByTestId('browse-title')).toHaveText(repo);
    await page.locator('[data-testid="tag-row"][data-tag="1.0"]').getByRole('button', { name: '1.0' }).click();
    const detail = page.getByTestId('tag-detail');
    await expect(detail.getByTestId('layer-row')).toHaveCount(5);

    await detail.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('removes every tag that points to it');
    await dialog.getByRole('button', { name: 'Delete digest' }).click();
    await expect(dialog.getByTestId('delete-error')).toContainText(`${reg.address} does not allow deletes (UNSUPPORTED`);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/registry-delete-refused.png`, fullPage: true });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.request.delete(`/api/registries/${id}`);
  } finally {
    await reg.close();
  }
});
