import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { localHostId, docker, loadRig } from './support/rig';

// Build, load and import as a user does them: the build page with its live log, and the load and
// import dialogs. Everything made here is labelled or tagged wharf-test/img-d-e2e-….
const r = loadRig();
const LABEL = 'wharf.test=img-d';
const stamp = Date.now().toString(36);
const tag = `wharf-test/img-d-e2e:${stamp}`;
const imported = `wharf-test/img-d-e2e-import:${stamp}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'img-d-e2e-'));

test.describe.configure({ mode: 'serial' });

test.afterAll(async () => {
  for (const ref of [tag, imported]) await docker(r.MAIN_SOCKET, 'rmi', ref).catch(() => undefined);
  const ids = await docker(r.MAIN_SOCKET, 'images', '-aq', '--filter', `label=${LABEL}-e2e`).catch(() => '');
  for (const id of new Set(ids.split('\n').filter(Boolean))) await docker(r.MAIN_SOCKET, 'rmi', '-f', id).catch(() => undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function startBuild(page: Page, dockerfile: string, tags: string) {
  const hostId = await localHostId(page);
  await page.goto(`/hosts/${hostId}/images/build`);
  const editor = page.getByTestId('dockerfile-editor');
  // The template starts FROM an image the host has.
  await expect(editor).toHaveValue(/^FROM \S+/);
  await editor.fill(dockerfile);
  await page.getByTestId('build-tags').fill(tags);
  await page.getByLabel('Labels: name 1').fill('wharf.test');
  await page.getByLabel('Labels: value 1').fill('img-d-e2e');
  await page.getByTestId('build-submit').click();
  await expect(page).toHaveURL(/\/images\/build\?op=[0-9a-f-]{36}$/);
  return hostId;
}

test('an inline Dockerfile with a RUN step builds: the log shows its steps and the host lists the image', async ({ page }) => {
  const hostId = await startBuild(
    page,
    `FROM ${r.SEED_BUSYBOX}\nRUN echo "hello from the e2e build" && ls /bin | head -3\nCMD ["sh"]\n`,
    `${tag} ${tag.replace(/:.*$/, ':latest')}`,
  );
  const log = page.getByTestId('build-log');
  await expect(log).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
  const steps = log.getByTestId('build-step').locator('h3');
  await expect(steps.first()).toHaveText(`Step 1/4 : FROM ${r.SEED_BUSYBOX}`);
  await expect(steps.nth(1)).toHaveText('Step 2/4 : RUN echo "hello from the e2e build" && ls /bin | head -3');
  // The RUN's output under its step.
  await expect(log.getByTestId('build-step').nth(1).locator('[data-kind="out"]').first()).toHaveText('hello from the e2e build');
  const success = page.getByTestId('build-success');
  await expect(success.getByTestId('built-tag')).toHaveText([tag, tag.replace(/:.*$/, ':latest')].sort());
  const id = await docker(r.MAIN_SOCKET, 'image', 'inspect', '-f', '{{.Id}}', tag);
  await expect(success.getByTestId('built-image-link')).toHaveAttribute('href', new RegExp(`/images/${id.replace('sha256:', '')}$`));
  // The host's images as the page holds them (the live images view) have it: the base picker offers it.
  await expect(page.getByTestId('build-base').locator('option', { hasText: tag })).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath('build-success.png'), fullPage: true });

  // A reload shows the same build, from the operation.
  await page.reload();
  await expect(page.getByTestId('build-log')).toHaveAttribute('data-state', 'succeeded');
  await expect(page.getByTestId('build-step')).toHaveCount(4);
  // The host's images list has it, with both tags.
  await page.goto(`/hosts/${hostId}/images`);
  await page.getByPlaceholder(/search/i).fill('img-d-e2e');
  await expect(page.locator(`[data-testid="image-row"][data-host-id="${hostId}"]`).filter({ hasText: tag })).toHaveCount(1);
  await docker(r.MAIN_SOCKET, 'rmi', tag.replace(/:.*$/, ':latest'));
});

test('a failing RUN shows that step as the failure, with its output', async ({ page }) => {
  const failing = `wharf-test/img-d-e2e-fail:${stamp}`;
  await startBuild(page, `FROM ${r.SEED_BUSYBOX}\nRUN echo "about to fail" && exit 3\nCMD ["sh"]\n`, failing);
  const log = page.getByTestId('build-log');
  await expect(log).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(page.getByTestId('build-error')).toContainText(
    `Step 2/4 : RUN echo "about to fail" && exit 3 — The command '/bin/sh -c echo "about to fail" && exit 3' returned a non-zero code: 3`,
  );
  const failed = log.locator('[data-testid="build-step"][data-failed]');
  await expect(failed).toHaveCount(1);
  await expect(failed.locator('h3')).toContainText('Step 2/4 : RUN echo "about to fail" && exit 3');
  await expect(failed.locator('[data-kind="out"]')).toHaveText(['about to fail']);
  await expect(failed.locator('[data-kind="error"]')).toContainText('returned a non-zero code: 3');
  await expect(page.getByTestId('build-success')).toHaveCount(0);
  expect(await docker(r.MAIN_SOCKET, 'images', '-q', failing)).toBe('');
  await page.screenshot({ path: test.info().outputPath('build-failure.png'), fullPage: true });
});

test('load an archive and import a rootfs from the dialogs', async ({ page }) => {
  const hostId = await localHostId(page);
  // An archive of the image the first journey built, then that image gone from the host.
  const archive = path.join(tmp, 'e2e-image.tar');
  await docker(r.MAIN_SOCKET, 'save', '-o', archive, tag);
  await docker(r.MAIN_SOCKET, 'rmi', tag);

  await page.goto(`/hosts/${hostId}/images/build`);
  await page.getByTestId('open-load').click();
  const load = page.getByRole('dialog', { name: 'Load images from a tar' });
  await load.getByTestId('load-file-input').setInputFiles(archive);
  await expect(load.getByTestId('load-file-chosen')).toContainText('e2e-image.tar');
  await load.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(load.getByTestId('operation-outcome')).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 });
  await expect(load.getByTestId('loaded-images')).toHaveText(tag);
  await page.screenshot({ path: test.info().outputPath('load-dialog.png') });
  await load.locator('footer').getByRole('button', { name: 'Close', exact: true }).click();
  expect(await docker(r.MAIN_SOCKET, 'images', '-q', tag)).not.toBe('');

  const rootfs = path.join(tmp, 'rootfs.tar');
  fs.mkdirSync(path.join(tmp, 'root', 'etc'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'root', 'etc', 'img-d'), 'imported\n');
  const { execFileSync } = await import('node:child_process');
  execFileSync('tar', ['-C', path.join(tmp, 'root'), '-cf', rootfs, '.']);
  await page.getByTestId('open-import').click();
  const imp = page.getByRole('dialog', { name: 'Import a root filesystem as an image' });
  await imp.getByTestId('import-file-input').setInputFiles(rootfs);
  await imp.getByTestId('import-reference').fill(imported);
  await imp.getByTestId('import-cmd').fill('["cat", "/etc/img-d"]');
  await imp.getByLabel('Message (optional)').fill('imported by the img-d journey');
  await imp.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(imp.getByTestId('operation-outcome')).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 });
  await expect(imp.getByTestId('operation-result')).toContainText(`Imported ${imported}`);
  await page.screenshot({ path: test.info().outputPath('import-dialog.png') });
  expect(await docker(r.MAIN_SOCKET, 'image', 'inspect', '-f', '{{json .Config.Cmd}}', imported)).toBe('["cat","/etc/img-d"]');
});

test('a folder picked as the context: its files counted before sending, .dockerignore applied, built', async ({ page }) => {
  const folderTag = `wharf-test/img-d-e2e-folder:${stamp}`;
  const dir = path.join(tmp, 'ctx');
  fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules', 'junk'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${r.SEED_BUSYBOX}\nCOPY . /src\nRUN find /src -type f | sort\n`);
  fs.writeFileSync(path.join(dir, '.dockerignore'), 'node_modules\n');
  fs.writeFileSync(path.join(dir, 'lib', 'a.txt'), 'a\n');
  fs.writeFileSync(path.join(dir, 'node_modules', 'junk', 'x.js'), 'x\n');
  const hostId = await localHostId(page);
  await page.goto(`/hosts/${hostId}/images/build`);
  await page.getByRole('tab', { name: 'Upload context' }).click();
  await page.getByTestId('context-folder').setInputFiles(dir);
  await expect(page.getByTestId('context-summary')).toContainText('Folder ctx/ · 3 files');
  await expect(page.getByTestId('context-summary')).toContainText('1 left out by .dockerignore');
  await page.getByTestId('build-tags').fill(folderTag);
  await page.getByLabel('Labels: name 1').fill('wharf.test');
  await page.getByLabel('Labels: value 1').fill('img-d-e2e');
  await page.getByTestId('build-submit').click();
  const log = page.getByTestId('build-log');
  await expect(log).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
  await expect(log.locator('[data-kind="out"]')).toHaveText(['/src/.dockerignore', '/src/Dockerfile', '/src/lib/a.txt']);
  await docker(r.MAIN_SOCKET, 'rmi', folderTag);
});
