import crypto from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { ensureBigImage, removeBigImage, type BigImage } from '../test/support/big-image';
import { localHostId, docker, forgetRigRepositories, loadRig } from './support/rig';

// Saved registry credentials, a pull from the htpasswd registry with its layer bars, the activity
// tray, a push under a new name found in the registry's catalog, and a registry's refusal in words.
// Everything local it makes is a tag it removes (or an image labelled wharf.test=img-c).
const r = loadRig();
const S = r.MAIN_SOCKET;
const stamp = crypto.randomBytes(3).toString('hex');
const AUTH_WEB = `${r.REGISTRY_AUTH_URL}/${r.SEED_WEB}`;
const PUSHED_REPO = `wharf-test/img-c-pushed-${stamp}`;
const PUSHED = `${r.REGISTRY_AUTH_URL}/${PUSHED_REPO}:1`;
let big: BigImage;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  big = await ensureBigImage(r);
  await docker(S, 'rmi', AUTH_WEB).catch(() => undefined);
});
test.afterAll(async () => {
  for (const ref of [AUTH_WEB, PUSHED]) await docker(S, 'rmi', ref).catch(() => undefined);
  await removeBigImage(r);
  forgetRigRepositories(r, [PUSHED]);
});

async function openPull(page: Page) {
  // The host's own list: with several hosts, the all-hosts Pull first asks which host.
  await page.goto(`/hosts/${await localHostId(page)}/images`);
  await page.getByRole('button', { name: 'Pull', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Pull an image' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Records every phase any layer bar shows, however briefly. */
async function recordPhases(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __phases: string[] };
    w.__phases = [];
    const note = (el: Element) => {
      const p = el.getAttribute('data-phase');
      if (p) w.__phases.push(p);
    };
    new MutationObserver((muts) => {
      for (const m of muts) {
        if (m.type === 'attributes') note(m.target as Element);
        m.addedNodes.forEach((n) => n instanceof Element && n.querySelectorAll('[data-phase]').forEach(note));
        if (m.target instanceof Element) m.target.querySelectorAll(':scope > [data-phase]').forEach(note);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
  });
}
const phasesSeen = (page: Page) => page.evaluate(() => [...new Set((window as unknown as { __phases: string[] }).__phases)]);

test('registry credentials are saved on the Registries page, checked against the registry, and never shown', async ({ page }) => {
  await page.goto('/registries');
  await page.getByRole('button', { name: 'Add registry' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add registry credentials' });
  await dialog.getByLabel('Name').fill(`rig auth ${stamp}`);
  await dialog.getByLabel('Address').fill(r.REGISTRY_AUTH_URL);
  await dialog.getByLabel('User').fill(r.REGISTRY_USER);
  await dialog.getByLabel('Password or token').fill('not-the-password');
  await dialog.getByRole('button', { name: 'Test' }).click();
  await expect(dialog.getByTestId('registry-test-result')).toHaveAttribute('data-ok', 'false');
  await expect(dialog.getByTestId('registry-test-result')).toContainText(/127\.0\.0\.1:5001 refused: .*401 Unauthorized/);
  await dialog.getByLabel('Password or token').fill(r.REGISTRY_PASSWORD);
  await dialog.getByRole('button', { name: 'Test' }).click();
  await expect(dialog.getByTestId('registry-test-result')).toContainText('Login Succeeded');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  const row = page.locator(`[data-testid="registry-row"][data-address="${r.REGISTRY_AUTH_URL}"]`);
  await expect(row).toContainText(`rig auth ${stamp}`);
  await expect(row).toContainText(r.REGISTRY_USER);
  await expect(row).toContainText('password saved');
  await row.getByRole('button', { name: 'Test' }).click();
  await expect(row.getByTestId('registry-test-result')).toContainText('Login Succeeded');
  expect(await page.content()).not.toContain(r.REGISTRY_PASSWORD);
  expect(await (await page.request.get('/api/registries')).text()).not.toContain(r.REGISTRY_PASSWORD);
});

test('a pull from the authenticated registry: how the reference reads, whose credentials, every layer bar complete, the tray says it succeeded', async ({
  page,
}) => {
  const dialog = await openPull(page);
  const ref = dialog.getByLabel('Image reference');
  await ref.fill('busybox');
  await expect(dialog.getByTestId('ref-hint')).toHaveText('Pulls docker.io/library/busybox:latest');
  await expect(dialog.getByTestId('credentials')).toHaveAttribute('data-saved', 'false');
  await ref.fill(AUTH_WEB);
  await expect(dialog.getByTestId('ref-hint')).toHaveText(`Pulls ${AUTH_WEB}`);
  await expect(dialog.getByTestId('credentials')).toHaveAttribute('data-saved', 'true');
  await expect(dialog.getByTestId('credentials')).toContainText(`rig auth ${stamp}`);
  await dialog.getByRole('button', { name: 'Pull', exact: true }).click();

  const panel = dialog.getByTestId('operation-panel');
  await expect(panel).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
  const layers = panel.getByTestId('layer-row');
  expect(await layers.count()).toBeGreaterThanOrEqual(5);
  for (const phase of await layers.evaluateAll((els) => els.map((e) => e.getAttribute('data-phase'))))
    expect(['complete', 'exists']).toContain(phase);
  await expect(panel.getByTestId('transfer-total')).toContainText('100%');
  await expect(panel.getByTestId('operation-result')).toContainText(`Pulled ${AUTH_WEB}`);
  await dialog.getByRole('button', { name: 'Close' }).last().click();

  await page.getByTestId('activity-button').click();
  const tray = page.getByTestId('activity-panel');
  const row = tray
    .locator('[data-testid="operation-row"][data-kind="pull"]')
    .filter({ hasText: `Pull ${AUTH_WEB}` })
    .first();
  await expect(row).toHaveAttribute('data-state', 'succeeded');
  await expect(row.getByTestId('operation-result')).toContainText(`Pulled ${AUTH_WEB}`);
  await expect(row).toContainText('admin');
  await expect(row.getByRole('link', { name: 'Open image' })).toBeVisible();
  expect(await docker(S, 'image', 'inspect', '-f', '{{.Id}}', AUTH_WEB)).toBe(
    await docker(S, 'image', 'inspect', '-f', '{{.Id}}', r.SEED_WEB),
  );
});

test('the layer bars of a real download move through their phases to complete', async ({ page }) => {
  const dialog = await openPull(page);
  await recordPhases(page);
  await dialog.getByLabel('Image reference').fill(big.ref);
  await expect(dialog.getByTestId('credentials')).toHaveAttribute('data-saved', 'false');
  await dialog.getByRole('button', { name: 'Pull', exact: true }).click();
  const panel = dialog.getByTestId('operation-panel');
  await expect(panel).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
  const phases = await panel.getByTestId('layer-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-phase')));
  expect(phases.sort()).toEqual(['complete', 'complete', 'complete', 'complete', 'exists']);
  // On the way, bars showed layers still moving (waiting, downloading, extracting …), not only the end.
  const seen = await phasesSeen(page);
  expect(seen.filter((p) => p !== 'complete' && p !== 'exists').length, seen.join(',')).toBeGreaterThan(0);
  await removeBigImage(r);
});

test('closing the dialog leaves the pull running: the tray follows it to its end', async ({ page }) => {
  const dialog = await openPull(page);
  await dialog.getByLabel('Image reference').fill(big.ref);
  await dialog.getByRole('button', { name: 'Pull', exact: true }).click();
  await expect(dialog.getByTestId('operation-panel')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await expect(dialog).toBeHidden();
  await page.getByTestId('activity-button').click();
  const row = page
    .getByTestId('activity-panel')
    .locator('[data-testid="operation-row"]')
    .filter({ hasText: `Pull ${big.ref}` })
    .first();
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
  expect(await docker(S, 'image', 'inspect', '-f', '{{.Id}}', big.ref)).toMatch(/^sha256:/);
  await removeBigImage(r);
});

test('push under a new name to the authenticated registry: tagged first, the tag kept, and the registry lists it', async ({ page }) => {
  const hostId = await localHostId(page);
  const id = await docker(S, 'image', 'inspect', '-f', '{{.Id}}', r.SEED_WEB);
  await page.goto(`/hosts/${hostId}/images/${id.replace(/^sha256:/, '')}`);
  await page.getByRole('button', { name: 'Push', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Push an image' });
  await dialog.getByLabel('Push as').fill(PUSHED);
  await expect(dialog.getByTestId('ref-hint')).toHaveText(`Pushes to ${PUSHED}`);
  await expect(dialog.getByTestId('new-tag-hint')).toBeVisible();
  await expect(dialog.getByTestId('credentials')).toHaveAttribute('data-saved', 'true');
  await dialog.getByRole('button', { name: 'Push', exact: true }).click();
  const panel = dialog.getByTestId('operation-panel');
  await expect(panel).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
  await expect(panel.getByTestId('operation-result')).toContainText(`Pushed ${PUSHED}`);
  for (const phase of await panel.getByTestId('layer-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-phase'))))
    expect(['pushed', 'exists']).toContain(phase);

  expect(await docker(S, 'image', 'inspect', '-f', '{{.Id}}', PUSHED)).toBe(id);
  const auth = Buffer.from(`${r.REGISTRY_USER}:${r.REGISTRY_PASSWORD}`).toString('base64');
  const catalog = (await (
    await fetch(`http://${r.REGISTRY_AUTH_URL}/v2/_catalog`, { headers: { authorization: `Basic ${auth}` } })
  ).json()) as {
    repositories: string[];
  };
  expect(catalog.repositories).toContain(PUSHED_REPO);
});

test('a pull of a reference that does not exist shows the registry words and leaves nothing', async ({ page }) => {
  const nope = `${r.REGISTRY_URL}/wharf-test/img-c-nope-${stamp}:none`;
  const dialog = await openPull(page);
  await dialog.getByLabel('Image reference').fill(nope);
  await dialog.getByRole('button', { name: 'Pull', exact: true }).click();
  const panel = dialog.getByTestId('operation-panel');
  await expect(panel).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  await expect(panel.getByTestId('operation-error')).toContainText('manifest unknown');
  await expect(docker(S, 'image', 'inspect', nope)).rejects.toThrow();
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await page.getByTestId('activity-button').click();
  const row = page
    .getByTestId('activity-panel')
    .locator('[data-testid="operation-row"]')
    .filter({ hasText: `Pull ${nope}` });
  await expect(row).toHaveAttribute('data-state', 'failed');
  await expect(row.getByTestId('operation-error')).toContainText('manifest unknown');
});
