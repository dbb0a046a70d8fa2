import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/contracts/auth';
import type { ContainerDetail } from '@/server/contracts/containers';
import type { Delta, ViewSnapshot, ViewSpec } from '@/server/contracts/live';
import { createSession, userFromToken } from '@/server/services/auth';
import { getContainer, listContainers } from '@/server/services/containers';
import { addEngine, getEngine, listEngines } from '@/server/services/engines';
import { insertUser } from '@/server/store/users';
import { startHarness, type Harness } from '../support/harness';
import { liveClient, type LiveClient, type Reply } from '../support/live-client';
import { docker, loadRig, retryEngine, waitFor } from '../support/rig';

/** A viewer granted host A sees A and nothing of host B: snapshots, live deltas, lists; and A's secrets masked. */

const rig = loadRig();
const LABEL = 'wharf.test=access';
const SPECS: ViewSpec[] = [
  { kind: 'hosts' },
  { kind: 'containers' },
  { kind: 'images' },
  { kind: 'deleted' },
  { kind: 'operations' },
  { kind: 'updates' },
];

let h: Harness;
let hostB: string;
let viewer: SessionUser;
let viewerCookie: string;
const sockets: Socket[] = [];

async function subscribeAll(c: LiveClient): Promise<Map<string, number>> {
  const revs = new Map<string, number>();
  for (const spec of SPECS) {
    const r = (await c.s.timeout(10_000).emitWithAck('live.subscribe', spec)) as Reply<ViewSnapshot>;
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    for (const st of r.data.streams) revs.set(st.stream, st.rev);
  }
  return revs;
}

beforeAll(async () => {
  h = await startHarness('access-iso', rig.MAIN_SOCKET, LABEL);
  const admin = userFromToken(h.rt, h.cookie.split('=')[1])!;
  hostB = (
    await retryEngine(() => addEngine(h.rt, admin, { engine: { kind: 'socket', name: 'engine-b', socketPath: rig.ENGINE2_SOCKET } }))
  ).id;
  await waitFor(() => h.rt.engines.get(hostB).status === 'online', 10_000, 'engine B online');
  const row = insertUser(h.rt.db, 'iso-viewer', 'not-a-password-hash', 'viewer');
  h.rt.db.prepare('UPDATE users SET host_grants = ? WHERE id = ?').run(JSON.stringify([h.host]), row.id);
  const token = createSession(h.rt, row);
  viewer = userFromToken(h.rt, token)!;
  viewerCookie = `wharf_session=${token}`;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  const ids = await docker(rig.ENGINE2_SOCKET, 'ps', '-aq', '--filter', `label=${LABEL}`).catch(() => '');
  if (ids) await docker(rig.ENGINE2_SOCKET, 'rm', '-f', '-v', ...ids.split('\n')).catch(() => undefined);
  await h?.close();
});

describe('host isolation', () => {
  it('live: the viewer receives every change of its host, in order, and not one of the other host', async () => {
    const admin = await liveClient(h.base, h.cookie, sockets);
    const view = await liveClient(h.base, viewerCookie, sockets);
    await subscribeAll(admin);
    const viewRevs = await subscribeAll(view);
    expect(
      [...viewRevs.keys()].some((k) => k.includes(hostB)),
      'no stream of host B in the snapshots',
    ).toBe(false);

    // On host B: a container made, paused and removed (a deleted record). On host A: the same.
    const b = await docker(rig.ENGINE2_SOCKET, 'run', '-d', '--label', LABEL, '--name', 'access-iso-b', rig.SEED_SLEEPER);
    const a = await docker(rig.MAIN_SOCKET, 'run', '-d', '--label', LABEL, '--name', 'access-iso-a', rig.SEED_SLEEPER);
    await docker(rig.ENGINE2_SOCKET, 'pause', b);
    await docker(rig.ENGINE2_SOCKET, 'rm', '-f', '-v', b);
    await docker(rig.MAIN_SOCKET, 'rm', '-f', '-v', a);
    await waitFor(
      () => admin.deltas.some((d) => d.op.op === 'deleted' && d.op.record.hostId === hostB),
      15_000,
      'the admin sees host B’s deleted container',
    );
    await waitFor(
      () => view.deltas.some((d) => d.op.op === 'deleted' && d.op.record.hostId === h.host),
      15_000,
      'the viewer sees host A’s deleted container',
    );
    expect(admin.deltas.some((d) => JSON.stringify(d).includes(hostB))).toBe(true);
    expect(view.deltas.filter((d) => JSON.stringify(d).includes(hostB))).toEqual([]);
    // Each stream's revisions follow on from the snapshot with no gap (the audience has its own count).
    const seen = new Map(viewRevs);
    for (const d of view.deltas as Delta[]) {
      expect(d.rev, `${d.stream} after ${seen.get(d.stream)}`).toBe((seen.get(d.stream) ?? 0) + 1);
      seen.set(d.stream, d.rev);
    }
    expect(seen.get('deleted')).toBeGreaterThan(viewRevs.get('deleted')!);
  });

  it('the other host is refused by name, and absent from every list', async () => {
    const view = await liveClient(h.base, viewerCookie, sockets);
    for (const spec of [
      { kind: 'containers', hostId: hostB },
      { kind: 'images', hostId: hostB },
    ]) {
      const r = (await view.s.timeout(10_000).emitWithAck('live.subscribe', spec)) as Reply<ViewSnapshot>;
      expect(r.ok ? 'ok' : r.code).toBe('FORBIDDEN');
    }
    expect(() => listContainers(h.rt, viewer, { hostId: hostB })).toThrow(/no access to this host \(containers\.read\)/);
    expect(listContainers(h.rt, viewer).every((c) => c.hostId === h.host)).toBe(true);
    expect(listEngines(h.rt, viewer).map((e) => e.id)).toEqual([h.host]);
  });

  it('non-admins never see where an engine is', () => {
    const [summary] = listEngines(h.rt, viewer);
    expect(summary!.address).toBe('');
    const detail = getEngine(h.rt, viewer, h.host);
    expect(detail.connection).toBeNull();
    expect(detail.address).toBe('');
  });

  it('every env value is masked for a viewer and, until Reveal, for an admin too, live and over HTTP', async () => {
    const id = await docker(
      rig.MAIN_SOCKET,
      'run',
      '-d',
      '--label',
      LABEL,
      '-e',
      'API_TOKEN=hunter2',
      '-e',
      'PLAIN=visible',
      rig.SEED_SLEEPER,
    );
    const admin = await liveClient(h.base, h.cookie, sockets);
    const view = await liveClient(h.base, viewerCookie, sockets);
    const spec = { kind: 'container', hostId: h.host, id };
    const detailOf = async (c: LiveClient) => {
      const r = (await c.s.timeout(10_000).emitWithAck('live.subscribe', spec)) as Reply<ViewSnapshot>;
      if (!r.ok) throw new Error(r.message);
      const data = r.data.streams[0]!.data;
      return data.kind === 'container' ? data.detail : null;
    };
    const full = (await detailOf(admin))!;
    const masked = (await detailOf(view))!;
    expect(full.env).toContain('API_TOKEN=••••••••');
    expect(JSON.stringify(full)).not.toContain('hunter2');
    expect(masked.env).toContain('API_TOKEN=••••••••');
    expect(masked.env).toContain('PLAIN=••••••••');
    expect(JSON.stringify(masked)).not.toContain('hunter2');
    expect(JSON.stringify(masked)).not.toContain('visible');
    expect(JSON.stringify(await getContainer(h.rt, viewer, h.host, id))).not.toContain('hunter2');

    // A change arrives to both at the same revision: masked for the viewer.
    await docker(rig.MAIN_SOCKET, 'pause', id);
    const detailDelta = (c: LiveClient) =>
      waitFor(() => c.deltas.find((d) => d.op.op === 'detail' && d.op.detail.state === 'paused'), 15_000, 'the paused detail');
    const [da, dv] = await Promise.all([detailDelta(admin), detailDelta(view)]);
    expect(dv.rev).toBe(da.rev);
    const liveMasked = (dv.op as { detail: ContainerDetail }).detail;
    expect(JSON.stringify(liveMasked)).not.toContain('hunter2');
    expect((da.op as { detail: ContainerDetail }).detail.env).toContain('API_TOKEN=••••••••');
  });
});
