import { expect, test } from './support/fixtures';
import { docker, E2E_LABEL, loadRig, localHostId } from './support/rig';

// Numbers that agree, and pages that say nothing in the console: every journey fails on a console
// error or warning (./support/fixtures.ts); these visit the pages no other journey stays on.
const r = loadRig();
const made: string[] = [];

test.afterAll(async () => {
  if (made.length) await docker(r.MAIN_SOCKET, 'rm', '-f', '-v', ...made).catch(() => undefined);
});

async function engineImageCounts() {
  const ids = new Set((await docker(r.MAIN_SOCKET, 'images', '-q', '--no-trunc')).split('\n').filter(Boolean));
  const tags = (await docker(r.MAIN_SOCKET, 'images', '--format', '{{.Repository}}:{{.Tag}}'))
    .split('\n')
    .filter((t) => t && !t.includes('<none>'));
  return { ids: ids.size, tags: new Set(tags).size };
}

test('the host card, the host page and the create form count images the same way, and say how', async ({ page }) => {
  const want = await engineImageCounts();
  const words = `${want.ids} image${want.ids === 1 ? '' : 's'} by id, ${want.tags} tag${want.tags === 1 ? '' : 's'}`;
  const hostId = await localHostId(page);

  await page.goto('/');
  const card = page.locator('[data-testid="host-card"][data-host-name="local"]');
  await expect(card.getByTestId('count-images')).toHaveText(String(want.ids));
  await expect(card.getByText('image ids')).toBeVisible();
  await expect(card.getByTestId('count-images').locator('..')).toHaveAttribute('title', words);

  await page.goto(`/hosts/${hostId}`);
  await expect(page.getByTestId('count-images')).toHaveText(String(want.ids));
  await expect(page.getByTestId('count-images').locator('..')).toHaveAttribute('title', words);

  await page.goto(`/containers/new?host=${hostId}`);
  await expect(page.getByText(`${words} on local; any reference can be pulled`)).toBeVisible();
});

test("a deleted container's page opens as a record, with nothing in the console", async ({ page }) => {
  const hostId = await localHostId(page);
  const id = await docker(
    r.MAIN_SOCKET,
    'run',
    '-d',
    '--label',
    E2E_LABEL,
    '--name',
    `wharf-e2e-gone-${Date.now()}`,
    r.SEED_BUSYBOX,
    'sleep',
    '60',
  );
  made.push(id);
  await page.goto(`/hosts/${hostId}/containers/${id}`);
  await expect(page.getByTestId('container-header')).toBeVisible();
  await docker(r.MAIN_SOCKET, 'rm', '-f', '-v', id);
  await expect(page.getByTestId('container-header')).toHaveAttribute('data-state', 'deleted', { timeout: 10_000 });
  await page.reload();
  await expect(page.getByTestId('deleted-record')).toBeVisible();
});

test('the console pages load without a console warning, CSS preloads included', async ({ page }) => {
  test.setTimeout(120_000);
  const hostId = await localHostId(page);
  const pages = [
    '/',
    '/containers',
    '/containers?state=deleted',
    '/images',
    '/networks',
    '/volumes',
    '/ports',
    '/events',
    '/registries',
    '/templates',
    '/terminals',
    '/deploy',
    '/audit',
    '/users',
    '/account',
    `/hosts/${hostId}`,
    `/hosts/${hostId}/disk`,
    `/hosts/${hostId}/images/build`,
  ];
  const unusedPreloads: string[] = [];
  for (const url of pages) {
    await page.goto(url);
    await expect(page.getByRole('main')).toBeVisible();
    await page.waitForLoadState('networkidle');
    // What Chromium would warn of seconds later, asked at once: a style preloaded but never applied.
    const unused = await page.evaluate(() => {
      const applied = new Set([...document.styleSheets].map((s) => s.href));
      return [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="style"]')]
        .map((l) => l.href)
        .filter((h) => !applied.has(h));
    });
    unusedPreloads.push(...unused.map((h) => `${url}: ${h}`));
  }
  expect(unusedPreloads).toEqual([]);
  // Chromium warns of a preload left unused a few seconds after load: stay long enough to hear it.
  await page.goto('/');
  await page.waitForTimeout(4000);
});
