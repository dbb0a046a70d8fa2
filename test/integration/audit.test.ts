import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as auditRoute } from '@/app/api/audit/route';
import { GET as exportRoute } from '@/app/api/audit/export/route';
import { GET as failuresRoute } from '@/app/api/audit/signin-failures/route';
import type { AuditEntry, AuditPage, SigninFailurePage } from '@/server/contracts/audit';
import type { SessionUser } from '@/server/contracts/auth';
import { setRuntime } from '@/server/runtime';
import { auditRetention, pruneAuditNow, setAuditRetention } from '@/server/services/audit';
import { createSession, login } from '@/server/services/auth';
import { containerSpec, recreateContainer } from '@/server/services/container-create';
import { downloadPath } from '@/server/services/container-files';
import { containerAction } from '@/server/services/containers';
import { insertAudit } from '@/server/store/audit';
import { insertUser } from '@/server/store/users';
import { startHarness, type Harness } from '../support/harness';
import { docker, loadRig, waitFor } from '../support/rig';

const rig = loadRig();
const LABEL = 'wharf.test=audit';
const box = `audit-box-${Date.now().toString(36)}`;
let h: Harness;
let admin: SessionUser;
let oscar: SessionUser;
let oscarCookie: string;
let id: string;

const get = async <T>(handler: (req: Request) => Promise<Response>, path: string, cookie = h.cookie) => {
  const res = await handler(new Request(`http://wharf.test${path}`, { headers: { cookie } }));
  return { res, body: res.headers.get('content-type')?.includes('json') && !path.includes('export') ? ((await res.json()) as T) : null };
};
const page = async (qs: string) => (await get<AuditPage>(auditRoute, `/api/audit?${qs}`)).body!;

beforeAll(async () => {
  h = await startHarness('audit', rig.MAIN_SOCKET, LABEL);
  setRuntime(h.rt);
  admin = { id: 1, username: 'admin', role: 'admin', hosts: 'all' };
  const row = insertUser(h.rt.db, 'oscar', 'not-a-hash', 'operator');
  oscar = { id: row.id, username: 'oscar', role: 'operator', hosts: 'all' };
  oscarCookie = `wharf_session=${createSession(h.rt, oscar)}`;
  id = await docker(
    rig.MAIN_SOCKET,
    'run',
    '-d',
    '--label',
    LABEL,
    '--name',
    box,
    '-e',
    'DB_PASSWORD=hunter2-old',
    '-e',
    'KEEP=same',
    rig.SEED_SLEEPER,
  );
  await waitFor(() => h.rt.engines.get(h.host).containers.has(id), 10_000, 'container in the snapshot');
  // The activity the filters are tried on: oscar pauses, fails once (pausing a stopped container; a
  // second pause of a paused one is done, like the CLI), then unpauses (running again: nothing to do).
  await containerAction(h.rt, oscar, h.host, id, { action: 'pause' });
  await docker(rig.MAIN_SOCKET, 'unpause', id);
  await docker(rig.MAIN_SOCKET, 'stop', '-t', '0', id);
  await expect(containerAction(h.rt, oscar, h.host, id, { action: 'pause' })).rejects.toThrow();
  await docker(rig.MAIN_SOCKET, 'start', id);
  await containerAction(h.rt, oscar, h.host, id, { action: 'unpause' });
}, 60_000);

afterAll(async () => {
  setRuntime(undefined);
  await h?.close();
});

describe('the audit log', () => {
  it('records who, which host and which target, and filters by user, host, action prefix, result and search', async () => {
    const mine = await page(`user=oscar`);
    expect(mine.entries.map((e) => [e.action, e.result])).toEqual([
      ['container.unpause', 'ok'],
      ['container.pause', 'error'],
      ['container.pause', 'ok'],
    ]);
    expect(mine.total).toBe(3);
    const paused = mine.entries[2]!;
    expect(paused).toMatchObject({
      username: 'oscar',
      actorKind: 'user',
      hostId: h.host,
      hostName: 'main',
      targetKind: 'container',
      targetName: box,
    });
    expect(paused.target).toBe(`main/${box}`);

    expect((await page('user=admin')).entries.every((e) => e.username === 'admin')).toBe(true);
    expect((await page(`host=${h.host}`)).entries.every((e) => e.hostId === h.host)).toBe(true);
    expect((await page('host=no-such-host')).total).toBe(0);
    const containerActions = await page('action=container.');
    expect(containerActions.total).toBe(3);
    expect((await page('action=container.pause')).total).toBe(2);
    const errors = await page('result=error');
    expect(errors.entries.map((e) => e.action)).toEqual(['container.pause']);
    expect(errors.entries[0]!.detail).toMatch(/not running/i);
    expect((await page(`q=${box}`)).total).toBe(3);
    expect((await page(`q=${box}&result=ok&user=OSCAR`)).total).toBe(2);
    // A time window: everything so far is before `to=now`, nothing after `from=now`.
    const now = new Date().toISOString();
    expect((await page(`from=${now}`)).total).toBe(0);
    expect((await page(`to=${now}&user=oscar`)).total).toBe(3);
    const bad = await get<{ code: string; fields: Record<string, string> }>(auditRoute, '/api/audit?from=yesterday');
    expect(bad.res.status).toBe(400);
    expect(bad.body!.code).toBe('VALIDATION');
  });

  it('is for admins: an operator is refused with 403 naming the right', async () => {
    const r = await get<{ code: string; message: string }>(auditRoute, '/api/audit', oscarCookie);
    expect(r.res.status).toBe(403);
    expect(r.body!.message).toContain('audit.read');
    expect(
      (await exportRoute(new Request('http://wharf.test/api/audit/export?format=csv', { headers: { cookie: oscarCookie } }))).status,
    ).toBe(403);
  });

  it('pages with a cursor: every entry once, newest first, with the total', async () => {
    const all = await page('limit=500');
    expect(all.total).toBeGreaterThanOrEqual(5);
    const seen: AuditEntry[] = [];
    let cursor: number | null = null;
    do {
      const p: AuditPage = await page(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(p.total).toBe(all.total);
      expect(p.entries.length).toBeLessThanOrEqual(2);
      seen.push(...p.entries);
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen.map((e) => e.id)).toEqual(all.entries.map((e) => e.id));
    expect(seen.map((e) => e.id)).toEqual([...seen.map((e) => e.id)].sort((a, b) => b - a));
  });

  it('exports the filtered log as CSV and JSON, as downloads', async () => {
    const csv = await exportRoute(
      new Request('http://wharf.test/api/audit/export?format=csv&user=oscar', { headers: { cookie: h.cookie } }),
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="wharf-audit-[\d-]+\.csv"$/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,user,token,action,host,target,result,detail,changes');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(new RegExp(`^\\d+,[^,]+,user,oscar,,container\\.pause,main,main/${box},ok,,$`));
    expect(lines[2]).toContain('container.pause');
    expect(lines[2]).toContain(',error,');

    const json = await exportRoute(
      new Request('http://wharf.test/api/audit/export?format=json&action=container.', { headers: { cookie: h.cookie } }),
    );
    expect(json.headers.get('content-disposition')).toMatch(/\.json"$/);
    const rows = JSON.parse(await json.text()) as AuditEntry[];
    expect(rows.map((r) => r.action)).toEqual(['container.unpause', 'container.pause', 'container.pause']);
    expect(rows[0]).toMatchObject({ username: 'oscar', hostId: h.host });

    const none = await exportRoute(
      new Request('http://wharf.test/api/audit/export?format=json&user=nobody', { headers: { cookie: h.cookie } }),
    );
    expect(JSON.parse(await none.text())).toEqual([]);
    const wrong = await exportRoute(new Request('http://wharf.test/api/audit/export?format=xml', { headers: { cookie: h.cookie } }));
    expect(wrong.status).toBe(400);
  });

  it('keeps failed sign-ins apart, with the client address and the name tried', async () => {
    await expect(login(h.rt, { username: 'mallory', password: 'guess-guess' }, '203.0.113.9')).rejects.toThrow(/Wrong username/);
    await expect(login(h.rt, { username: 'admin', password: 'guess-guess' }, '203.0.113.10')).rejects.toThrow(/Wrong username/);
    expect((await page('action=auth.login&result=error')).total).toBe(0);
    const failures = (await get<SigninFailurePage>(failuresRoute, '/api/audit/signin-failures')).body!;
    expect(failures.entries.map((f) => [f.username, f.clientIp, f.reason])).toEqual([
      ['admin', '203.0.113.10', 'wrong password'],
      ['mallory', '203.0.113.9', 'unknown user'],
    ]);
    expect((await get<SigninFailurePage>(failuresRoute, '/api/audit/signin-failures?user=mallory')).body!.total).toBe(1);
  });

  it("records a recreate's before → after, an environment secret masked", async () => {
    const spec = await containerSpec(h.rt, admin, h.host, id);
    const env = spec.env
      .map((e) => (e.key === 'DB_PASSWORD' ? { key: e.key, value: 'hunter2-new' } : e))
      .concat({ key: 'ADDED', value: '1' });
    const made = await recreateContainer(h.rt, admin, h.host, id, {
      ...spec,
      env,
      labels: [...spec.labels, { key: 'audit.note', value: 'edited' }],
    });
    id = made.id;
    const entry = (await page('action=container.recreate')).entries[0]!;
    expect(entry).toMatchObject({ result: 'ok', username: 'admin', hostId: h.host, targetName: box });
    expect(entry.changes).toEqual(
      expect.arrayContaining([
        { field: 'env.DB_PASSWORD', before: '***', after: '***', masked: true },
        { field: 'env.ADDED', before: null, after: '***', masked: true },
      ]),
    );
    expect(entry.changes!.some((c) => c.field.startsWith('env.KEEP'))).toBe(false);
    expect(JSON.stringify(entry.changes)).toContain('audit.note');
    const raw = JSON.stringify(h.rt.db.prepare('SELECT * FROM audit').all());
    expect(raw).not.toContain('hunter2');
    // The search finds it by what changed (the field names, never the values).
    expect((await page('q=DB_PASSWORD')).entries.map((e) => e.action)).toEqual(['container.recreate']);
  }, 60_000);

  it('records every file download out of a container', async () => {
    const d = await downloadPath(h.rt, oscar, h.host, id, '/etc/hostname');
    d.stream.destroy();
    await expect(downloadPath(h.rt, oscar, h.host, id, '/no/such/file')).rejects.toThrow();
    const rows = (await page('action=container.download')).entries;
    expect(rows.map((e) => [e.username, e.result, e.hostId, e.targetName, e.detail?.split(':')[0]])).toEqual([
      ['oscar', 'error', h.host, box, '/no/such/file'],
      ['oscar', 'ok', h.host, box, '/etc/hostname'],
    ]);
  });

  it('exports more than one batch while the log keeps being written', async () => {
    h.rt.db.transaction(() => {
      for (let i = 0; i < 1203; i++)
        insertAudit(h.rt.db, { userId: null, username: 'bulk', action: 'bulk.row', target: `t${i}`, result: 'ok' });
    })();
    const res = await exportRoute(
      new Request('http://wharf.test/api/audit/export?format=json&user=bulk', { headers: { cookie: h.cookie } }),
    );
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
      // Another request writes between two reads of the download.
      insertAudit(h.rt.db, { userId: null, username: 'other', action: 'bulk.other', target: null, result: 'ok' });
    }
    const rows = JSON.parse(text) as AuditEntry[];
    expect(rows).toHaveLength(1203);
    expect(rows[0]!.target).toBe('t1202');
    expect(rows.at(-1)!.target).toBe('t0');
    h.rt.db.prepare("DELETE FROM audit WHERE action LIKE 'bulk.%'").run();
  });

  it('prunes by age and by count (a setting; WHARF_AUDIT_RETENTION_DAYS decides when set)', async () => {
    const old = new Date(Date.now() - 100 * 86_400_000).toISOString();
    const oldId = insertAudit(h.rt.db, { userId: null, username: 'ghost', action: 'container.start', target: 'x/old', result: 'ok' });
    h.rt.db.prepare('UPDATE audit SET at = ? WHERE id = ?').run(old, oldId);
    h.rt.db.prepare("INSERT INTO signin_failures (at, username, client_ip, reason) VALUES (?, 'old', '1.2.3.4', 'x')").run(old);
    expect(auditRetention(h.rt)).toEqual({ days: 90, maxRows: 0, fromEnv: false });
    expect(pruneAuditNow(h.rt)).toBe(2);
    expect((await page('user=ghost')).total).toBe(0);

    const before = (await page('')).total;
    expect(before).toBeGreaterThan(4);
    await expect(setAuditRetention(h.rt, oscar, { days: 30, maxRows: 4 })).rejects.toThrow(/settings\.manage/);
    await expect(setAuditRetention(h.rt, admin, { days: -1, maxRows: 4 })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await setAuditRetention(h.rt, admin, { days: 30, maxRows: 4 })).toEqual({ days: 30, maxRows: 4, fromEnv: false });
    const left = await page('');
    expect(left.total).toBe(4);
    // The change itself is on record, with what changed.
    expect(left.entries[0]).toMatchObject({ action: 'audit.retention', username: 'admin' });
    expect(left.entries[0]!.changes).toEqual([
      { field: 'days', before: 90, after: 30 },
      { field: 'maxRows', before: 0, after: 4 },
    ]);
    const env = { ...h.rt, config: { ...h.rt.config, auditRetentionDays: 7 } };
    expect(auditRetention(env)).toEqual({ days: 7, maxRows: 0, fromEnv: true });
  });
});
