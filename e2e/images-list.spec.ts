import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { formatBytes } from '../components/format';
import { localHostId, docker, loadRig } from './support/rig';

// The images list: the seeds with their sizes, CLI changes arriving without a reload, removal refused
// while a container uses the image, and bulk remove. What this spec makes is named img-a-e2e-<stamp>
// and labelled wharf.test=img-a.
const r = loadRig();
const S = r.MAIN_SOCKET;
const stamp = Date.now().toString(36);
const LABEL = 'wharf.test=img-a';
const REPO = `wharf-test/img-a-e2e-${stamp}`;

test.describe.configure({ mode: 'serial' });

test.afterAll(async () => {
  const ids = await docker(S, 'ps', '-aq', '--filter', `label=${LABEL}`, '--filter', `name=img-a-e2e-${stamp}`).catch(() => '');
  if (ids) await docker(S, 'rm', '-f', '-v', ...ids.split('\n')).catch(() => undefined);
  const tags = (await docker(S, 'images', '--format', '{{.Repository}}:{{.Tag}}', REPO).catch(() => '')).split('\n').filter(Boolean);
  if (tags.length) await docker(S, 'rmi', '-f', ...tags).catch(() => undefined);
});

/** An image of its own (a commit of an unchanged busybox container), tagged `ref`. */
async function commitImage(ref: string): Promise<string> {
  const src = `img-a-e2e-${stamp}-src-${Math.random().toString(36).slice(2, 8)}`;
  await docker(S, 'create', '--label', LABEL, '--name', src, r.SEED_BUSYBOX, 'true');
  const id = await docker(S, 'commit', '-c', `LABEL ${LABEL}`, src, ref);
  await docker(S, 'rm', src);
  return id;
}

const rowsOf = (page: Page, hostId: string) => page.locator(`[data-testid="image-row"][data-host-id="${hostId}"]`);
const rowWithTag = (page: Page, hostId: string, tag: string) =>
  rowsOf(page, hostId).filter({ has: page.locator(`a:text-is("${tag}"), [data-testid="extra-tag"]:text-is("${tag}")`) });

test('the list shows the seed images with their sizes, shared and own', async ({ page }) => {
  const hostId = await localHostId(page);
  await page.goto('/images');
  for (const seed of [r.SEED_WEB, r.SEED_BUSYBOX, r.SEED_SLEEPER]) {
    const row = rowWithTag(page, hostId, seed);
    await expect(row).toHaveCount(1);
    const id = await docker(S, 'image', 'inspect', '-f', '{{.Id}}', seed);
    await expect(row).toHaveAttribute('data-id', id);
    const size = Number(await docker(S, 'image', 'inspect', '-f', '{{.Size}}', seed));
    await expect(row.getByTestId('image-size')).toHaveText(formatBytes(size));
  }
  // The base's one layer is held by the seeds built on it: all of it is shared, none its own.
  const base = rowWithTag(page, hostId, r.SEED_BUSYBOX);
  const baseSize = Number(await docker(S, 'image', 'inspect', '-f', '{{.Size}}', r.SEED_BUSYBOX));
  await expect(base.getByTestId('image-shared')).toHaveText(formatBytes(baseSize));
  await expect(base.getByTestId('image-own')).toHaveText('0 B');
  await expect(page.getByTestId('image-count')).toContainText(/\d+ shown · \d+ on \d+ hosts?/);
  // The per-host page shows the same rows, without the host column.
  await page.goto(`/hosts/${hostId}/images?q=${encodeURIComponent(r.SEED_WEB)}`);
  await expect(rowWithTag(page, hostId, r.SEED_WEB)).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Images on local' })).toBeVisible();
});

test('a CLI docker tag appears in the open list without a reload, and docker rmi takes it away', async ({ page }) => {
  const hostId = await localHostId(page);
  const tag = `${REPO}:cli`;
  await page.goto(`/images?q=${encodeURIComponent(REPO)}`);
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  await docker(S, 'tag', r.SEED_SLEEPER, tag);
  const row = rowWithTag(page, hostId, tag);
  await expect(row).toHaveCount(1, { timeout: 5000 });
  await expect(row).toHaveAttribute('data-tags', new RegExp(`${r.SEED_SLEEPER}.*${tag}|${tag}.*${r.SEED_SLEEPER}`));

  await docker(S, 'rmi', tag);
  await expect(row).toHaveCount(0, { timeout: 5000 });
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});

test('removing an image a container uses is refused, naming the container', async ({ page }) => {
  const hostId = await localHostId(page);
  const tag = `${REPO}:inuse`;
  const id = await commitImage(tag);
  const name = `img-a-e2e-${stamp}-user`;
  await docker(S, 'run', '-d', '--init', '--label', LABEL, '--name', name, tag, 'sleep', '600');

  await page.goto(`/images?q=${encodeURIComponent(tag)}`);
  const row = rowWithTag(page, hostId, tag);
  await expect(row.getByTestId('image-users-cell')).toHaveAttribute('data-names', name);
  await row.getByRole('button', { name: `Actions for ${tag}` }).click();
  await page.getByRole('menuitem', { name: 'Remove…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('image-users')).toContainText(name);
  await dialog.getByRole('button', { name: 'Remove image' }).click();
  await expect(dialog.getByTestId('action-error')).toHaveText(
    `Image ${tag} is used by container ${name} (running): remove that container first`,
  );
  // With force the engine refuses for the running container; the words still name it.
  await dialog.getByLabel(/^Force/).check();
  await dialog.getByRole('button', { name: 'Remove image' }).click();
  await expect(dialog.getByTestId('action-error')).toContainText(`used by running container ${name} (running)`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await docker(S, 'image', 'inspect', '-f', '{{.Id}}', tag)).toBe(id);
  await expect(row).toHaveCount(1);

  // Run opens the create form with the image and its host filled in.
  await row.getByRole('button', { name: `Actions for ${tag}` }).click();
  await page.getByRole('menuitem', { name: 'Run…' }).click();
  await expect(page).toHaveURL(/\/containers\/new\?host=[0-9a-f]+&image=/);
  await expect(page.getByLabel('Image')).toHaveValue(tag);
});

test('bulk remove of two images: both go, and the list follows', async ({ page }) => {
  const hostId = await localHostId(page);
  const a = await commitImage(`${REPO}:bulk-1`);
  const b = await commitImage(`${REPO}:bulk-2`);
  expect(a).not.toBe(b);

  await page.goto(`/images?q=${encodeURIComponent(`${REPO}:bulk-`)}`);
  await expect(rowsOf(page, hostId)).toHaveCount(2);
  await page.getByLabel('Select all shown images').check();
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Remove…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('bulk-remove-list')).toContainText(`${REPO}:bulk-1`);
  await dialog.getByRole('button', { name: 'Remove images' }).click();
  await expect(page.getByText('Removed 2 images')).toBeVisible();
  await expect(rowsOf(page, hostId)).toHaveCount(0, { timeout: 5000 });
  for (const id of [a, b]) await expect(docker(S, 'image', 'inspect', id)).rejects.toThrow();
});
