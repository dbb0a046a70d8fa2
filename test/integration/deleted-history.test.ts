import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/containers/deleted/route';
import type { SessionUser } from '@/server/contracts/auth';
import type { ActionResult, DeletedContainer, DeletedPage } from '@/server/contracts/containers';
import { setRuntime } from '@/server/runtime';
import { createSession, userFromToken } from '@/server/services/auth';
import { bulkAction, containerAction } from '@/server/services/containers';
import { insertDeleted } from '@/server/store/deleted';
import { insertUser } from '@/server/store/users';
import { startHarness, type Harness } from '../support/harness';
import { liveClient, subscribeView } from '../support/live-client';
import { docker, loadRig, waitFor } from '../support/rig';

const rig = loadRig();
const LABEL = 'wharf.test=i13-deleted-int';
/** A host id no engine has: records of a host the viewer is not granted. */
const OTHER_HOST = 'i13-other-host';
const N_A = 1_150;
const N_B = 140;

let h: Harness;
let admin: SessionUser;
let viewerCookie: string;
const sockets: Socket[] = [];

function record(hostId: string, i: number): DeletedContainer {
  return {
    hostId,
    id: `${hostId === OTHER_HOST ? 'b' : 'a'}${i.toString(16).padStart(63, '0')}`,
    name: `i13-${hostId === OTHER_HOST ? 'b' : 'a'}-${i}`,
    image: i % 10 === 0 ? 'wharf-test/i13-rare:1.0' : 'wharf-test/busybox:latest',
    command: 'true',
    ports: [],
    labels: {},
    composeProject: null,
    exitCode: 0,
    created: null,
    finishedAt: null,
    // One second apart, in order: the newest is the highest i.
    deletedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000 + (hostId === OTHER_HOST ? 500 : 0)).toISOString(),
    deletedBy: i % 3 === 0 ? null : i % 3 === 1 ? 'alice' : 'bob',
  };
}

async function read(
  query: Record<string, string | number>,
  cookie = h.cookie,
): Promise<{ status: number; json: DeletedPage & { code?: string } }> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await GET(new Request(`http://wharf.test/api/containers/deleted?${qs}`, { headers: { cookie } }), {
    params: Promise.resolve({}),
  });
  return { status: res.status, json: (await res.json()) as DeletedPage & { code?: string } };
}

beforeAll(async () => {
  h = await startHarness('i13-deleted', rig.MAIN_SOCKET, LABEL);
  setRuntime(h.rt);
  admin = userFromToken(h.rt, h.cookie.split('=')[1]!)!;
  // Through the store, as the recorder writes them (the retention is the default 5,000).
  h.rt.db.transaction(() => {
    for (let i = 0; i < N_A; i++) insertDeleted(h.rt.db, record(h.host, i), 5000);
    for (let i = 0; i < N_B; i++) insertDeleted(h.rt.db, record(OTHER_HOST, i), 5000);
  })();
  const row = insertUser(h.rt.db, 'i13-viewer', 'not-a-password-hash', 'viewer');
  h.rt.db.prepare('UPDATE users SET host_grants = ? WHERE id = ?').run(JSON.stringify([h.host]), row.id);
  viewerCookie = `wharf_session=${createSession(h.rt, row)}`;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  const ids = await docker(rig.MAIN_SOCKET, 'ps', '-aq', '--filter', `label=${LABEL}`).catch(() => '');
  if (ids) await docker(rig.MAIN_SOCKET, 'rm', '-f', ...ids.split('\n')).catch(() => undefined);
  await h?.close();
});

describe('the deleted history', () => {
  it('pages through every record past 1,000, newest first, with the total', async () => {
    const seen = new Set<string>();
    let total = -1;
    let last = '9999';
    let removers: string[] = [];
    for (let offset = 0; ; offset += 200) {
      const { status, json } = await read({ offset, limit: 200 });
      expect(status).toBe(200);
      total = json.total;
      removers = json.removers;
      for (const r of json.records) {
        expect(r.deletedAt <= last).toBe(true);
        last = r.deletedAt;
        seen.add(`${r.hostId}:${r.id}`);
      }
      if (json.records.length < 200) break;
    }
    expect(total).toBe(N_A + N_B);
    expect(seen.size).toBe(N_A + N_B);
    expect(removers).toEqual(['alice', 'bob']);
  });

  it('searches by name, image and who removed it (or that it went outside Wharf)', async () => {
    const byName = await read({ q: 'i13-a-1149' });
    expect(byName.json.records.map((r) => r.name)).toEqual(['i13-a-1149']);
    expect(byName.json.total).toBe(1);

    const byImage = await read({ image: 'i13-rare', limit: 500 });
    expect(byImage.json.total).toBe(N_A / 10 + N_B / 10);
    expect(byImage.json.records.every((r) => r.image === 'wharf-test/i13-rare:1.0')).toBe(true);
    // The one search box finds images too.
    expect((await read({ q: 'I13-RARE' })).json.total).toBe(byImage.json.total);

    const alice = (i: number) => i % 3 === 1;
    const count = (n: number, p: (i: number) => boolean) => Array.from({ length: n }, (_, i) => i).filter(p).length;
    const byAlice = await read({ by: 'alice' });
    expect(byAlice.json.total).toBe(count(N_A, alice) + count(N_B, alice));
    expect(byAlice.json.records.every((r) => r.deletedBy === 'alice')).toBe(true);
    expect((await read({ q: 'alic' })).json.total).toBe(byAlice.json.total);

    const outside = await read({ by: ':outside', host: h.host });
    expect(outside.json.total).toBe(count(N_A, (i) => i % 3 === 0));
    expect(outside.json.records.every((r) => r.deletedBy === null && r.hostId === h.host)).toBe(true);

    // A LIKE wildcard is a plain character, and bad input is refused in words.
    expect((await read({ q: '%' })).json.total).toBe(0);
    const bad = await read({ limit: 0 });
    expect(bad.status).toBe(400);
    expect((await read({ by: 'not a user' })).status).toBe(400);
  });

  it("a viewer of host A never sees host B's records: not in pages, totals, searches or the live view", async () => {
    const all = await read({ limit: 500, offset: 0 }, viewerCookie);
    expect(all.json.total).toBe(N_A);
    const pages: DeletedContainer[] = [];
    for (let offset = 0; offset < N_A + 100; offset += 500) pages.push(...(await read({ limit: 500, offset }, viewerCookie)).json.records);
    expect(pages.length).toBe(N_A);
    expect(pages.some((r) => r.hostId === OTHER_HOST)).toBe(false);
    expect((await read({ q: 'i13-b-' }, viewerCookie)).json.total).toBe(0);
    expect((await read({ host: OTHER_HOST }, viewerCookie)).status).toBe(403);

    const c = await liveClient(h.base, viewerCookie, sockets);
    const snap = await subscribeView(c.s, { kind: 'deleted' });
    const data = snap.streams[0]!.data;
    if (data.kind !== 'deleted') throw new Error(data.kind);
    expect(data.total).toBe(N_A);
    expect(data.records.length).toBe(100);
    expect(data.records[0]!.name).toBe(`i13-a-${N_A - 1}`);
  });

  it('a removal through Wharf arrives live on the first page, naming who removed it', async () => {
    const c = await liveClient(h.base, h.cookie, sockets);
    const before = await subscribeView(c.s, { kind: 'deleted' });
    const name = `i13-del-${Date.now()}`;
    const id = await docker(rig.MAIN_SOCKET, 'create', '--label', LABEL, '--name', name, rig.SEED_BUSYBOX, 'true');
    await waitFor(() => h.rt.engines.get(h.host).containers.has(id), 5000, 'container seen');
    await containerAction(h.rt, admin, h.host, id, { action: 'remove' });
    const d = await waitFor(() => c.deltas.find((x) => x.op.op === 'deleted' && x.op.record.id === id), 5000, 'live record');
    expect(d.rev).toBe(before.streams[0]!.rev + 1);
    const found = await read({ q: name });
    expect(found.json.records).toEqual([expect.objectContaining({ id, name, deletedBy: 'admin' })]);
    expect((await read({})).json.total).toBe(N_A + N_B + 1);
  });
});

describe('actions with nothing to do count as done, like the CLI', () => {
  it('stop of a stopped, start of a running, pause of a paused, unpause of a running container', async () => {
    const id = await docker(rig.MAIN_SOCKET, 'create', '--label', LABEL, rig.SEED_SLEEPER);
    await expect(containerAction(h.rt, admin, h.host, id, { action: 'stop' })).resolves.toEqual({
      hostId: h.host,
      id,
      ok: true,
      unchanged: true,
      message: 'Already stopped',
    });
    await containerAction(h.rt, admin, h.host, id, { action: 'start' });
    await expect(containerAction(h.rt, admin, h.host, id, { action: 'start' })).resolves.toMatchObject({
      ok: true,
      unchanged: true,
      message: 'Already running',
    });
    await expect(containerAction(h.rt, admin, h.host, id, { action: 'unpause' })).resolves.toMatchObject({ ok: true, unchanged: true });
    await containerAction(h.rt, admin, h.host, id, { action: 'pause' });
    await expect(containerAction(h.rt, admin, h.host, id, { action: 'pause' })).resolves.toMatchObject({
      ok: true,
      unchanged: true,
      message: 'Already paused',
    });
    expect(await docker(rig.MAIN_SOCKET, 'inspect', '-f', '{{.State.Status}}', id)).toBe('paused');
    // Audited as done, saying there was nothing to do.
    const audit = h.rt.db.prepare("SELECT result, detail FROM audit WHERE action = 'container.pause' ORDER BY id DESC LIMIT 1").get();
    expect(audit).toEqual({ result: 'ok', detail: 'Already paused' });
    // A real refusal stays one: pausing a container that is not running.
    const stopped = await docker(rig.MAIN_SOCKET, 'create', '--label', LABEL, rig.SEED_SLEEPER);
    await expect(containerAction(h.rt, admin, h.host, stopped, { action: 'pause' })).rejects.toMatchObject({ status: 409 });
  });

  it('a bulk over mixed states reports each container: stopped, already stopped, or failed', async () => {
    const running = await docker(rig.MAIN_SOCKET, 'run', '-d', '--label', LABEL, rig.SEED_SLEEPER);
    const exited = await docker(rig.MAIN_SOCKET, 'create', '--label', LABEL, rig.SEED_SLEEPER);
    const results: ActionResult[] = await bulkAction(h.rt, admin, {
      action: { action: 'stop', timeout: 0 },
      targets: [
        { hostId: h.host, id: running },
        { hostId: h.host, id: exited },
        { hostId: h.host, id: 'i13-no-such-container' },
      ],
    });
    expect(results).toEqual([
      { hostId: h.host, id: running, ok: true },
      { hostId: h.host, id: exited, ok: true, unchanged: true, message: 'Already stopped' },
      { hostId: h.host, id: 'i13-no-such-container', ok: false, message: expect.stringMatching(/no such container/i) },
    ]);
    expect(await docker(rig.MAIN_SOCKET, 'inspect', '-f', '{{.State.Status}}', running)).toBe('exited');
  });
});
