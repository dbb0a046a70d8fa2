import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { localHostId, docker, loadRig } from './support/rig';

// The image page: what an image is made of (layers and the steps that made them), what it shares with
// other images, its family and its config, followed live.
const r = loadRig();
const stamp = Date.now().toString(36);
const LABEL = 'wharf.test=img-b';
const secretRepo = `wharf-test/img-b-secret-${stamp}`;
const SECRET = `tok-${stamp}-do-not-show`;

test.describe.configure({ mode: 'serial' });

test.afterAll(async () => {
  for (const ref of [`${secretRepo}:1`, `${secretRepo}:renamed`]) await docker(r.MAIN_SOCKET, 'rmi', ref).catch(() => undefined);
});

const imageId = (ref: string) => docker(r.MAIN_SOCKET, 'image', 'inspect', '-f', '{{.Id}}', ref);
const hex = (id: string) => id.replace(/^sha256:/, '');
const step = (page: Page, text: string) =>
  page.getByTestId('image-step').filter({ has: page.getByTestId('step-instruction').filter({ hasText: text }) });

test('the seed web image: each layer beside the instruction that made it, metadata-only steps marked, the base layer shared', async ({
  page,
}) => {
  const hostId = await localHostId(page);
  const webId = await imageId(r.SEED_WEB);
  const diffIds = JSON.parse(await docker(r.MAIN_SOCKET, 'image', 'inspect', '-f', '{{json .RootFS.Layers}}', r.SEED_WEB)) as string[];
  await page.goto(`/hosts/${hostId}/images/${hex(webId)}`);

  await expect(page.getByTestId('image-name')).toHaveText(r.SEED_WEB);
  await expect(page.getByTestId('image-short-id')).toHaveText(hex(webId).slice(0, 12));

  // The RUN that made /www and /data: the second layer, its digest beside it.
  const mkdir = step(page, 'mkdir -p /www /data');
  await expect(mkdir).toHaveAttribute('data-empty', 'false');
  await expect(mkdir).toHaveAttribute('data-layer', '1');
  await expect(mkdir.getByTestId('step-instruction')).toContainText('RUN mkdir -p /www /data');
  await expect(mkdir.getByTestId('step-instruction')).toContainText('&& echo "seed data" > /data/README');
  await expect(mkdir.getByTestId('step-instruction')).not.toContainText('/bin/sh -c');
  await expect(mkdir.getByTestId('layer-digest')).toHaveText(hex(diffIds[1]!).slice(0, 12));
  // COPY index.html made the third.
  const copy = step(page, '/www/index.html');
  await expect(copy.getByTestId('step-instruction')).toContainText(/^COPY file:[0-9a-f]{12}… in \/www\/index\.html/);
  await expect(copy).toHaveAttribute('data-layer', '2');
  await expect(copy.getByTestId('layer-digest')).toHaveText(hex(diffIds[2]!).slice(0, 12));

  // Metadata-only steps made no layer, and say so; #(nop) is gone.
  for (const text of ['EXPOSE 80', 'ENV WHARF_GREETING', 'CMD ["httpd"', 'WORKDIR /www']) {
    const meta = step(page, text);
    await expect(meta).toHaveAttribute('data-empty', 'true');
    await expect(meta.getByTestId('no-layer')).toHaveText('no layer');
  }
  await expect(page.getByTestId('image-history')).not.toContainText('#(nop)');
  await expect(page.getByTestId('image-step').filter({ has: page.locator('[data-testid="layer-digest"]') })).toHaveCount(diffIds.length);

  // The bottom layer is the base's: shared with wharf-test/busybox:latest, linking to it.
  const bottom = page.locator('[data-testid="image-step"][data-layer="0"]');
  // Its base comes first, however many other images hold the layer too.
  const baseChip = bottom.getByTestId('shared-image').first();
  await expect(baseChip).toHaveText(r.SEED_BUSYBOX);
  const busyboxId = await imageId(r.SEED_BUSYBOX);
  await expect(baseChip).toHaveAttribute('href', `/hosts/${hostId}/images/${hex(busyboxId)}`);
  // Web's own steps are not the base's (other images built on web may share them: the engines are shared).
  await expect(copy.getByTestId('shared-image').filter({ hasText: r.SEED_BUSYBOX })).toHaveCount(0);
  await expect(page.getByTestId('layer-segment')).toHaveCount(diffIds.length);
  await expect(page.getByTestId('layer-segment').first()).toHaveAttribute('data-shared', 'true');
  const baseRow = page.locator(`[data-testid="shares-with-image"][data-image="${r.SEED_BUSYBOX}"]`);
  await expect(baseRow).toContainText(`1 of ${diffIds.length} layers`);
  await expect(baseRow.getByTestId('relation')).toHaveText('base');

  // The chip leads to the base's page.
  await baseChip.click();
  await expect(page).toHaveURL(`/hosts/${hostId}/images/${hex(busyboxId)}`);
  await expect(page.getByTestId('image-name')).toHaveText(r.SEED_BUSYBOX);
});

test('the family tab shows the base with web under it, web and sleeper siblings; the config tab the CMD and port', async ({ page }) => {
  const hostId = await localHostId(page);
  const webId = await imageId(r.SEED_WEB);
  await page.goto(`/hosts/${hostId}/images/${hex(webId).slice(0, 12)}?tab=family`);

  // The base at the root; web (this image, highlighted) and sleeper under it, as siblings.
  const root = page.getByTestId('family-tree').locator(':scope > [data-testid="family-node"]');
  await expect(root).toHaveAttribute('data-image', r.SEED_BUSYBOX);
  const child = (ref: string) => root.locator(`:scope > ul > [data-testid="family-node"][data-image="${ref}"]`);
  await expect(child(r.SEED_WEB)).toHaveAttribute('data-current', 'true');
  await expect(child(r.SEED_SLEEPER)).toHaveAttribute('data-current', 'false');
  await expect(child(r.SEED_WEB).locator(`[data-image="${r.SEED_SLEEPER}"]`)).toHaveCount(0);
  await expect(root.getByRole('link', { name: r.SEED_SLEEPER, exact: true })).toHaveAttribute(
    'href',
    `/hosts/${hostId}/images/${hex(await imageId(r.SEED_SLEEPER))}`,
  );

  // By reference too, as the CLI would name it.
  await page.goto(`/hosts/${hostId}/images/${encodeURIComponent(r.SEED_WEB)}?tab=config`);
  await expect(page.getByTestId('image-short-id')).toHaveText(hex(webId).slice(0, 12));
  await page.getByRole('tab', { name: /Family/ }).click();
  await expect(page).toHaveURL(/tab=family/);
  await page.getByRole('tab', { name: /Config/ }).click();
  await expect(page).toHaveURL(/tab=config/);
  await expect(page.getByTestId('config-cmd')).toHaveText('httpd -f -p 80 -h /www');
  await expect(page.getByTestId('config-ports')).toContainText('80/tcp');
  await expect(page.getByTestId('config-volumes')).toContainText('/data');
  await expect(page.getByTestId('config-env').locator('[data-key="WHARF_GREETING"]')).toContainText('Hello from Wharf');
  await expect(page.getByTestId('config-labels').locator('[data-key="wharf.test"]')).toContainText('seed');
});

test('an image of our own with a secret in its ENV: masked on the page and in the raw inspect; a CLI tag shows live; removal is said plainly', async ({
  page,
}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'img-b-'));
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM ${r.SEED_BUSYBOX}\nENV API_TOKEN=${SECRET} MODE=demo\nRUN echo built > /built\nCMD ["sh"]\n`,
  );
  const prev = process.env.DOCKER_BUILDKIT;
  process.env.DOCKER_BUILDKIT = '0'; // the engines' classic builder (the CLI has no buildx here)
  try {
    await docker(r.MAIN_SOCKET, 'build', '-q', '--label', LABEL, '-t', `${secretRepo}:1`, dir);
  } finally {
    if (prev === undefined) delete process.env.DOCKER_BUILDKIT;
    else process.env.DOCKER_BUILDKIT = prev;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const hostId = await localHostId(page);
  const id = await imageId(`${secretRepo}:1`);
  await page.goto(`/hosts/${hostId}/images/${hex(id)}?tab=config`);

  const token = page.getByTestId('config-env').locator('[data-key="API_TOKEN"]');
  await expect(token.getByTestId('env-masked')).toContainText('masked');
  await expect(page.getByTestId('config-env').locator('[data-key="MODE"]')).toContainText('demo');
  await page.getByRole('tab', { name: 'Inspect' }).click();
  await expect(page.getByTestId('inspect-view')).toContainText('API_TOKEN=');
  expect(await page.content()).not.toContain(SECRET);
  await page.getByRole('tab', { name: /Layers/ }).click();
  await expect(step(page, 'ENV API_TOKEN')).toHaveAttribute('data-empty', 'true');
  const built = step(page, 'RUN echo built > /built');
  await expect(built).toHaveAttribute('data-layer', '1');
  // Its RUN layer no other image holds; its bottom layer is the base's.
  await expect(built.getByTestId('layer-own')).toHaveText('own');
  await expect(page.locator('[data-testid="image-step"][data-layer="0"]').getByTestId('shared-image').first()).toHaveText(r.SEED_BUSYBOX);
  expect(await page.content()).not.toContain(SECRET);

  // A tag made with the CLI shows without reload.
  await docker(r.MAIN_SOCKET, 'tag', `${secretRepo}:1`, `${secretRepo}:renamed`);
  await expect(page.getByTestId('image-tag').filter({ hasText: `${secretRepo}:renamed` })).toBeVisible();

  // Removed with the CLI: the page says so instead of failing.
  await docker(r.MAIN_SOCKET, 'rmi', `${secretRepo}:1`, `${secretRepo}:renamed`);
  await expect(page.getByTestId('image-removed')).toContainText('This image is no longer on local');
  await expect(page.getByTestId('image-name')).toHaveText(new RegExp(secretRepo));
});

test('an image that is not on the host is a clear page state, not an error', async ({ page }) => {
  const hostId = await localHostId(page);
  const missing = 'f'.repeat(64);
  await page.goto(`/hosts/${hostId}/images/${missing}`);
  await expect(page.getByTestId('image-not-found')).toContainText(`No image ${missing} on local`);
  await expect(page.getByRole('link', { name: 'Images on local' })).toHaveAttribute('href', `/hosts/${hostId}/images`);
});
