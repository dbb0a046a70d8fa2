import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ConsoleMessage } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { hashPassword } from '../server/services/auth';
import { insertAudit } from '../server/store/audit';
import { insertUser } from '../server/store/users';
import { docker, loadRig } from './support/rig';

const r = loadRig();
const LABEL = 'wharf.test=e2e-audit';
const stamp = Date.now().toString(36);
const box = `e2e-audit-${stamp}`;
const OPERATOR = { username: `operator-${stamp}`, password: 'operator-e2e-password' };
const dataDir = process.env.WHARF_E2E_DATA_DIR ?? path.join(r.WHARF_TEST_DIR, 'e2e-data');

test.afterAll(async () => {
  const ids = await docker(r.MAIN_SOCKET, 'ps', '-aq', '--filter', `label=${LABEL}`).catch(() => '');
  if (ids) await docker(r.MAIN_SOCKET, 'rm', '-f', '-v', ...ids.split('\n')).catch(() => undefined);
});

/** A CSP refusal shows in the console; none may happen on these pages (sockets and scripts included). */
const cspErrors = (messages: ConsoleMessage[]) =>
  messages.filter((m) => /Content Security Policy|Refused to (execute|load|connect|apply)/i.test(m.text())).map((m) => m.text());

test('an operator pauses a container; the audit page shows it under their name, filters to them and exports it', async ({
  page,
  browser,
}) => {
  // The operator, written with the store's own helpers (the users API is another part's work).
  const db = new Database(path.join(dataDir, 'wharf.db'));
  try {
    db.pragma('busy_timeout = 5000');
    insertUser(db, OPERATOR.username, await hashPassword(OPERATOR.password), 'operator');
  } finally {
    db.close();
  }
  await docker(r.MAIN_SOCKET, 'run', '-d', '--init', '--label', LABEL, '--name', box, r.SEED_BUSYBOX, 'sleep', '600');

  // The operator signs in in their own browser and pauses it from the container page.
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const op = await ctx.newPage();
  const opConsole: ConsoleMessage[] = [];
  op.on('console', (m) => opConsole.push(m));
  await op.goto('/login');
  await op.getByLabel('Username').fill(OPERATOR.username);
  await op.getByLabel('Password').fill(OPERATOR.password);
  await op.getByRole('button', { name: 'Sign in' }).click();
  await expect(op).not.toHaveURL(/\/login/);
  await op.goto(`/containers?q=${box}`);
  await op.locator(`[data-testid="container-row"][data-name="${box}"]`).getByRole('link', { name: box }).click();
  await op.getByRole('button', { name: 'Pause', exact: true }).first().click();
  await expect(op.getByTestId('state-badge').first()).toContainText('paused');
  expect(await docker(r.MAIN_SOCKET, 'inspect', '-f', '{{.State.Status}}', box)).toBe('paused');
  expect(cspErrors(opConsole)).toEqual([]);
  await ctx.close();

  // The admin's audit page: the pause under the operator's name, on the local host.
  const adminConsole: ConsoleMessage[] = [];
  page.on('console', (m) => adminConsole.push(m));
  await page.goto('/audit');
  const row = page.locator(`[data-testid="audit-row"][data-action="container.pause"][data-user="${OPERATOR.username}"]`);
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('audit-who')).toHaveText(OPERATOR.username);
  await expect(row).toContainText('local');
  await expect(row).toContainText(box);
  await row.click();
  await expect(page.getByTestId('audit-row-details')).toContainText(`local/${box}`);

  // Filtered to the operator (kept in the URL): only their entries.
  await page.getByLabel('User', { exact: true }).selectOption(OPERATOR.username);
  await expect(page).toHaveURL(new RegExp(`[?&]user=${OPERATOR.username}`));
  // Their sign-in and their pause, nobody else's.
  await expect(page.getByTestId('audit-count')).toHaveText('2 of 2 shown');
  const rows = () =>
    page.getByTestId('audit-row').evaluateAll((els) => els.map((el) => [el.getAttribute('data-user'), el.getAttribute('data-action')]));
  expect(await rows()).toEqual([
    [OPERATOR.username, 'container.pause'],
    [OPERATOR.username, 'auth.login'],
  ]);
  // A reload keeps the filter.
  await page.reload();
  await expect(page.getByTestId('audit-count')).toHaveText('2 of 2 shown');

  // Export CSV of that filter: a download with the row.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^wharf-audit-.*\.csv$/);
  const csv = fs
    .readFileSync((await download.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(csv[0]).toBe('id,at,actor,user,token,action,host,target,result,detail,changes');
  expect(csv).toHaveLength(3);
  expect(csv[1]).toContain(`,user,${OPERATOR.username},,container.pause,local,local/${box},ok,`);

  // The failed sign-ins are on their own tab, not in the activity.
  await page.getByRole('tab', { name: 'Sign-in failures' }).click();
  await expect(page).toHaveURL(/[?&]tab=signin/);
  expect(cspErrors(adminConsole)).toEqual([]);
});

test('the audit page follows the log: an entry written elsewhere comes in on top without Refresh; with older pages loaded, a notice', async ({
  page,
  browser,
}) => {
  const operator = { username: `live-op-${stamp}`, password: 'operator-e2e-password' };
  const liveBox = `${box}-live`;
  // The operator, and older entries enough for two pages and more, written with the store's own helpers.
  const db = new Database(path.join(dataDir, 'wharf.db'));
  try {
    db.pragma('busy_timeout = 5000');
    insertUser(db, operator.username, await hashPassword(operator.password), 'operator');
    db.transaction(() => {
      for (let i = 0; i < 110; i++)
        insertAudit(db, { userId: null, username: null, action: 'e2e.filler', target: `filler-${i}`, result: 'ok' });
    })();
  } finally {
    db.close();
  }
  await docker(r.MAIN_SOCKET, 'run', '-d', '--init', '--label', LABEL, '--name', liveBox, r.SEED_BUSYBOX, 'sleep', '600');

  // The operator acts elsewhere: their own session, through the API.
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const api = ctx.request;
  expect((await api.post('/api/auth/login', { data: operator })).status()).toBe(200);
  const engines = (await (await api.get('/api/engines')).json()) as Array<{ id: string; name: string }>;
  const hostId = engines.find((e) => e.name === 'local')!.id;
  const act = async (action: string) =>
    expect((await api.post(`/api/hosts/${hostId}/containers/${liveBox}/actions`, { data: { action } })).status()).toBe(200);

  await page.goto('/audit');
  const rows = page.getByTestId('audit-row');
  const top = rows.first();
  await expect(top).toBeVisible();
  const mine = (action: string) => page.locator(`[data-testid="audit-row"][data-action="${action}"][data-user="${operator.username}"]`);
  await expect(mine('container.pause')).toHaveCount(0);

  // Only the first page shown: the pause comes in at the top by itself, highlighted a moment.
  await act('pause');
  await expect(top).toHaveAttribute('data-action', 'container.pause');
  await expect(top).toHaveAttribute('data-user', operator.username);
  await expect(top).toHaveAttribute('data-fresh', 'true');
  await expect(top).not.toHaveAttribute('data-fresh');
  await expect(page.getByTestId('audit-count')).toHaveText(/^50 of \d+ shown$/);

  // Older pages loaded: the list stays put and a notice counts what came; Show goes back to the top.
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(page.getByTestId('audit-count')).toHaveText(/^100 of \d+ shown$/);
  await act('unpause');
  await expect(page.getByTestId('audit-fresh')).toContainText('1 new entry above');
  // Where the reader is (Load more left them at the bottom of the list).
  await expect(page.getByTestId('audit-fresh')).toBeInViewport();
  await expect(top).toHaveAttribute('data-action', 'container.pause');
  await expect(mine('container.unpause')).toHaveCount(0);
  await page.getByTestId('audit-fresh').getByRole('button', { name: 'Show' }).click();
  await expect(top).toHaveAttribute('data-action', 'container.unpause');
  await expect(top).toHaveAttribute('data-user', operator.username);
  await expect(page.getByTestId('audit-fresh')).toHaveCount(0);
  await expect(page.getByTestId('audit-count')).toHaveText(/^50 of \d+ shown$/);

  // Filtered (the operator, this container): a matching entry comes in, one that does not match never shows.
  await page.getByLabel('User', { exact: true }).selectOption(operator.username);
  await page.getByLabel('Search', { exact: true }).fill(liveBox);
  await expect(page.getByTestId('audit-count')).toHaveText('2 of 2 shown');
  await act('pause');
  await expect(page.getByTestId('audit-count')).toHaveText('3 of 3 shown');
  await expect(top).toHaveAttribute('data-action', 'container.pause');
  // Their sign-out is written (the newest entry of the log) but is not about this container.
  expect((await api.post('/api/auth/logout')).ok()).toBe(true);
  await expect
    .poll(
      async () =>
        ((await (await page.request.get('/api/audit?limit=1')).json()) as { entries: Array<{ action: string }> }).entries[0]?.action,
    )
    .toBe('auth.logout');
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('audit-count')).toHaveText('3 of 3 shown');
  await expect(page.getByTestId('audit-fresh')).toHaveCount(0);
  await ctx.close();
});
