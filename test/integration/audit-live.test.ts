import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as auditRoute } from '@/app/api/audit/route';
import type { AuditEntry, AuditPage } from '@/server/contracts/audit';
import type { SessionUser } from '@/server/contracts/auth';
import type { Delta, ViewSnapshot } from '@/server/contracts/live';
import { setRuntime } from '@/server/runtime';
import { recordAudit } from '@/server/services/audit';
import { createSession, login, logout } from '@/server/services/auth';
import { containerAction } from '@/server/services/containers';
import { insertUser } from '@/server/store/users';
import { liveClient, subscribeView, type Reply } from '../support/live-client';
import { startHarness, type Harness } from '../support/harness';
import { docker, loadRig, waitFor } from '../support/rig';

const rig = loadRig();
const LABEL = 'wharf.test=audit-live';
const box = `audit-live-${Date.now().toString(36)}`;
let h: Harness;
let oscar: SessionUser;
let oscarCookie: string;
let viewerCookie: string;
let id: string;
const sockets: Socket[] = [];

const auditDeltas = (deltas: Delta[]) => deltas.filter((d) => d.stream === 'audit');
/** The entry as the audit page reads it over HTTP. */
async function pageEntry(entryId: number): Promise<AuditEntry | undefined> {
  const res = await auditRoute(new Request(`http://wharf.test/api/audit?cursor=${entryId + 1}&limit=1`, { headers: { cookie: h.cookie } }));
  return ((await res.json()) as AuditPage).entries.find((e) => e.id === entryId);
}

beforeAll(async () => {
  h = await startHarness('audit-live', rig.MAIN_SOCKET, LABEL);
  setRuntime(h.rt);
  const op = insertUser(h.rt.db, 'oscar', 'not-a-hash', 'operator');
  oscar = { id: op.id, username: 'oscar', role: 'operator', hosts: 'all' };
  oscarCookie = `wharf_session=${createSession(h.rt, oscar)}`;
  const viewer = insertUser(h.rt.db, 'vera', 'not-a-hash', 'viewer');
  viewerCookie = `wharf_session=${createSession(h.rt, { id: viewer.id })}`;
  id = await docker(rig.MAIN_SOCKET, 'run', '-d', '--label', LABEL, '--name', box, rig.SEED_SLEEPER);
  await waitFor(() => h.rt.engines.get(h.host).containers.has(id), 10_000, 'container in the snapshot');
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  setRuntime(undefined);
  await h?.close();
});

describe('the live audit view', () => {
  it("an admin's view: the log's newest id at a revision, then each entry another user's action writes, masked as the page reads it", async () => {
    const admin = await liveClient(h.base, h.cookie, sockets);
    const snap = await subscribeView(admin.s, { kind: 'audit' });
    const page = (await (
      await auditRoute(new Request('http://wharf.test/api/audit?limit=1', { headers: { cookie: h.cookie } }))
    ).json()) as AuditPage;
    expect(snap.streams).toHaveLength(1);
    const [stream] = snap.streams;
    expect(stream!.stream).toBe('audit');
    expect(stream!.data).toEqual({ kind: 'audit', newest: page.newest });
    expect(page.newest).toBe(page.entries[0]!.id);

    // Another user pauses a container through Wharf.
    await containerAction(h.rt, oscar, h.host, id, { action: 'pause' });
    await waitFor(() => auditDeltas(admin.deltas).length >= 1, 5000, 'the audit delta');
    const [first] = auditDeltas(admin.deltas);
    expect(first!.rev).toBe(stream!.rev + 1);
    if (first!.op.op !== 'audit') throw new Error(`unexpected op ${first!.op.op}`);
    expect(first!.op.entry).toMatchObject({
      id: page.newest + 1,
      action: 'container.pause',
      result: 'ok',
      username: 'oscar',
      hostId: h.host,
      targetName: box,
    });
    expect(first!.op.entry).toEqual(await pageEntry(first!.op.entry.id));

    // What a caller stored unmasked (as older versions did) goes out masked, exactly as the page reads it.
    recordAudit(h.rt, oscar, 'container.exec', `main/${box}`, 'ok', 'sh -c API_TOKEN=hunter2-live run');
    recordAudit(
      h.rt,
      oscar,
      'container.recreate',
      { text: `main/${box}`, changes: [{ field: 'env.DB_PASSWORD', before: 'hunter2-old', after: 'hunter2-new' }] },
      'ok',
    );
    // Sign-in and sign-out are entries too, written through the same place.
    const signedIn = await login(h.rt, { username: 'admin', password: 'integration-pw' }, '127.0.0.1');
    logout(h.rt, signedIn.token, signedIn.user);
    await waitFor(() => auditDeltas(admin.deltas).length >= 5, 5000, 'five audit deltas');
    const got = auditDeltas(admin.deltas);
    // One revision after another, each entry the next id.
    expect(got.map((d) => d.rev)).toEqual([1, 2, 3, 4, 5].map((n) => stream!.rev + n));
    const entries = got.map((d) => (d.op.op === 'audit' ? d.op.entry : null));
    expect(entries.map((e) => e?.id)).toEqual([1, 2, 3, 4, 5].map((n) => page.newest + n));
    expect(entries.map((e) => e?.action)).toEqual(['container.pause', 'container.exec', 'container.recreate', 'auth.login', 'auth.logout']);
    expect(JSON.stringify(got)).not.toContain('hunter2');
    expect(entries[1]!.detail).toMatch(/API_TOKEN=•+/);
    expect(entries[2]!.changes).toEqual([{ field: 'env.DB_PASSWORD', before: '***', after: '***', masked: true }]);
    for (const e of entries) expect(e).toEqual(await pageEntry(e!.id));

    // Unsubscribed: no more.
    await admin.s.timeout(5000).emitWithAck('live.unsubscribe', { view: { kind: 'audit' } });
    await containerAction(h.rt, oscar, h.host, id, { action: 'unpause' });
    await new Promise((r) => setTimeout(r, 300));
    expect(auditDeltas(admin.deltas)).toHaveLength(5);
  });

  it('users without audit.read are refused with FORBIDDEN naming the right, and get no entries', async () => {
    // Running, whatever the test before left: the pause below is a change every view sees.
    if (h.rt.engines.get(h.host).containers.get(id)?.state === 'paused') await docker(rig.MAIN_SOCKET, 'unpause', id);
    await waitFor(() => h.rt.engines.get(h.host).containers.get(id)?.state === 'running', 5000, 'running');
    const admin = await liveClient(h.base, h.cookie, sockets);
    await subscribeView(admin.s, { kind: 'audit' });
    const others = [await liveClient(h.base, viewerCookie, sockets), await liveClient(h.base, oscarCookie, sockets)];
    for (const other of others) {
      const reply = (await other.s.timeout(5000).emitWithAck('live.subscribe', { kind: 'audit' })) as Reply<ViewSnapshot>;
      expect(reply.ok ? 'ok' : reply.code).toBe('FORBIDDEN');
      expect(reply.ok ? '' : reply.message).toContain('audit.read');
      // A view they may have: its deltas come, an audit entry never does.
      await subscribeView(other.s, { kind: 'containers', hostId: h.host });
    }
    await containerAction(h.rt, oscar, h.host, id, { action: 'pause' });
    await waitFor(() => auditDeltas(admin.deltas).length >= 1, 5000, 'the admin gets the entry');
    await waitFor(
      () => others.every((o) => o.deltas.some((d) => d.op.op === 'container' && d.op.c.id === id && d.op.c.state === 'paused')),
      5000,
      'the others see the pause itself',
    );
    for (const other of others) expect(auditDeltas(other.deltas)).toEqual([]);
  });
});
