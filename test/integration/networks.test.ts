import crypto from 'node:crypto';
import net from 'node:net';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as createRoute } from '@/app/api/hosts/[hostId]/networks/route';
import { POST as connectRoute } from '@/app/api/hosts/[hostId]/networks/[id]/connect/route';
import { POST as disconnectRoute } from '@/app/api/hosts/[hostId]/networks/[id]/disconnect/route';
import { POST as removeRoute } from '@/app/api/hosts/[hostId]/networks/[id]/remove/route';
import { POST as pruneRoute } from '@/app/api/hosts/[hostId]/networks/prune/route';
import { POST as previewRoute } from '@/app/api/hosts/[hostId]/networks/prune/preview/route';
import type { NetworkPrunePreview, NetworkPruneReport, NetworkSummary } from '@/server/contracts/networks';
import { publishedPorts } from '@/server/contracts/ports';
import { setRuntime } from '@/server/runtime';
import { createSession } from '@/server/services/auth';
import { insertUser } from '@/server/store/users';
import { listAudit } from '@/server/store/audit';
import { liveClient, subscribeView } from '../support/live-client';
import { startHarness, type Harness } from '../support/harness';
import { docker, loadRig, waitFor } from '../support/rig';

const rig = loadRig();
const LABEL = 'wharf.test=networks';
const run = crypto.randomBytes(3).toString('hex');
const name = (what: string) => `wharf-test-networks-${what}-${run}`;
let h: Harness;
const sockets: Socket[] = [];
const made: string[] = [];

type Json = Record<string, unknown> & { message?: string; fields?: Record<string, string> };
type Handler = (req: Request, ctx: { params: Promise<{ hostId: string; id: string }> }) => Promise<Response>;

async function call(handler: Handler, params: Record<string, string>, body: unknown, cookie = h.cookie) {
  const res = await handler(
    new Request('http://wharf.test/api', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ hostId: h.host, id: '', ...params }) },
  );
  return { status: res.status, json: (res.status === 204 ? {} : await res.json()) as Json };
}

const hubNetwork = (n: string) => [...h.rt.engines.get(h.host).networks.values()].find((x) => x.name === n);

/** A TCP port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

beforeAll(async () => {
  h = await startHarness('networks', rig.MAIN_SOCKET, LABEL);
  setRuntime(h.rt);
  await waitFor(() => hubNetwork('bridge'), 10_000, 'networks listed');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  setRuntime(undefined);
  await h.close();
  for (const n of made) await docker(rig.MAIN_SOCKET, 'network', 'rm', n).catch(() => undefined);
});

describe('networks', () => {
  it('a network the CLI creates and removes reaches an open networks view as deltas', async () => {
    const { s, deltas } = await liveClient(h.base, h.cookie, sockets);
    const snap = await subscribeView(s, { kind: 'networks', hostId: h.host });
    const data = snap.streams[0]!.data;
    if (data.kind !== 'networks') throw new Error('not a networks stream');
    expect(data.networks.map((n) => n.name)).toEqual(expect.arrayContaining(['bridge', 'host', 'none']));
    expect(data.networks.find((n) => n.name === 'bridge')!.predefined).toBe(true);
    const cli = name('cli');
    made.push(cli);
    await docker(rig.MAIN_SOCKET, 'network', 'create', '--label', LABEL, '--subnet', '10.231.7.0/24', cli);
    const added = await waitFor(
      () => deltas.find((d) => d.op.op === 'network' && (d.op as { network: NetworkSummary }).network.name === cli),
      5_000,
      'network delta',
    );
    if (added.op.op !== 'network') throw new Error('not a network delta');
    expect(added.op.network.ipam[0]).toMatchObject({ subnet: '10.231.7.0/24' });
    expect(added.op.network.labels['wharf.test']).toBe('networks');
    await docker(rig.MAIN_SOCKET, 'network', 'rm', cli);
    await waitFor(
      () =>
        deltas.find(
          (d) => d.op.op === 'network.removed' && (d.op as { id: string }).id === (added.op as { network: NetworkSummary }).network.id,
        ),
      5_000,
      'removed delta',
    );
  });

  it('create, connect with alias and static IP, refuse removal in use naming the container, disconnect, remove; all audited', async () => {
    const netName = name('app');
    made.push(netName);
    const bad = await call(createRoute, {}, { name: netName, subnet: '10.232.0.0/33' });
    expect(bad.status).toBe(400);
    expect(bad.json.fields?.subnet).toMatch(/CIDR/);
    const overlay = await call(createRoute, {}, { name: netName, driver: 'overlay' });
    expect(overlay.status).toBe(400);
    expect(overlay.json.message).toMatch(/swarm manager/);

    const created = await call(
      createRoute,
      {},
      {
        name: netName,
        subnet: '10.232.5.0/24',
        gateway: '10.232.5.1',
        ipRange: '10.232.5.128/25',
        labels: [{ key: 'wharf.test', value: 'networks' }],
        attachable: true,
      },
    );
    expect(created.status).toBe(200);
    const n = await waitFor(() => hubNetwork(netName), 5_000, 'network in the hub');
    expect(n).toMatchObject({ driver: 'bridge', scope: 'local', attachable: true, internal: false, predefined: false });
    expect(n.ipam).toEqual([{ subnet: '10.232.5.0/24', gateway: '10.232.5.1', ipRange: '10.232.5.128/25' }]);

    // The same subnet again: the engine refuses it, in its words, as the caller's mistake (4xx, not 502).
    const overlap = await call(
      createRoute,
      {},
      { name: name('overlap'), subnet: '10.232.5.0/24', labels: [{ key: 'wharf.test', value: 'networks' }] },
    );
    made.push(name('overlap'));
    expect(overlap.status).toBe(409);
    expect(overlap.json.message).toMatch(/overlap/i);

    const cname = name('c1');
    await docker(rig.MAIN_SOCKET, 'run', '-d', '--name', cname, '--label', LABEL, rig.SEED_SLEEPER);
    const connected = await call(connectRoute, { id: netName }, { container: cname, aliases: ['api'], ipv4: '10.232.5.50' });
    expect(connected.status).toBe(204);
    const inspect = JSON.parse(await docker(rig.MAIN_SOCKET, 'inspect', cname)) as Array<{
      NetworkSettings: { Networks: Record<string, { IPAddress: string; Aliases: string[] }> };
    }>;
    expect(inspect[0]!.NetworkSettings.Networks[netName]!.IPAddress).toBe('10.232.5.50');
    expect(inspect[0]!.NetworkSettings.Networks[netName]!.Aliases).toContain('api');
    // The hub's list shows the container with its IP and alias (from the connect event and the inspect it causes).
    const attached = await waitFor(
      () => hubNetwork(netName)?.containers.find((e) => e.name === cname && e.aliases.includes('api')),
      5_000,
      'attached with alias',
    );
    expect(attached.ipv4).toBe('10.232.5.50');

    const refused = await call(removeRoute, { id: netName }, {});
    expect(refused.status).toBe(409);
    expect(refused.json.message).toContain(`container ${cname} (running)`);

    const off = await call(disconnectRoute, { id: netName }, { container: cname });
    expect(off.status).toBe(204);
    await waitFor(() => hubNetwork(netName)?.containers.length === 0, 5_000, 'detached');
    const removed = await call(removeRoute, { id: netName }, {});
    expect(removed.status).toBe(204);
    await expect(docker(rig.MAIN_SOCKET, 'network', 'inspect', netName)).rejects.toThrow();

    const audit = listAudit(h.rt.db, { limit: 50 }).filter((a) => a.target?.endsWith(`/${netName}`));
    expect(audit.map((a) => `${a.action}:${a.result}`)).toEqual(
      expect.arrayContaining([
        'network.create:ok',
        'network.connect:ok',
        'network.remove:error',
        'network.disconnect:ok',
        'network.remove:ok',
      ]),
    );
  });

  it('the engine’s own networks are protected, and a viewer may not change networks', async () => {
    for (const predefined of ['bridge', 'host', 'none']) {
      const r = await call(removeRoute, { id: predefined }, {});
      expect(r.status).toBe(409);
      expect(r.json.message).toContain(`Network ${predefined} is made by the engine itself`);
    }
    // The hash is never checked: the session is made directly.
    const viewer = insertUser(h.rt.db, `viewer-${run}`, 'unused', 'viewer');
    const cookie = `wharf_session=${createSession(h.rt, viewer)}`;
    const r = await call(createRoute, {}, { name: name('nope') }, cookie);
    expect(r.status).toBe(403);
    expect(r.json.message).toContain('networks.manage');
  });

  it('prune previews exactly the unused labelled networks and removes them (label filter only)', async () => {
    const unused = name('unused');
    const used = name('used');
    made.push(unused, used);
    const prune = `wharf.test.prune=${run}`;
    await docker(rig.MAIN_SOCKET, 'network', 'create', '--label', LABEL, '--label', prune, unused);
    await docker(rig.MAIN_SOCKET, 'network', 'create', '--label', LABEL, '--label', prune, used);
    await docker(rig.MAIN_SOCKET, 'run', '-d', '--name', name('c2'), '--label', LABEL, '--network', used, rig.SEED_SLEEPER);
    await waitFor(() => hubNetwork(unused) && hubNetwork(used)?.containers.length === 1, 5_000, 'both listed');

    // No label and no explicit "all": refused, so a stray request never prunes a whole engine.
    const vague = await call(pruneRoute, {}, {});
    expect(vague.status).toBe(400);
    expect(vague.json.message).toMatch(/label filter, or all unused networks/);
    const preview = await call(previewRoute, {}, { label: prune });
    expect(preview.status).toBe(200);
    expect((preview.json as unknown as NetworkPrunePreview).networks.map((x) => x.name)).toEqual([unused]);

    const done = await call(pruneRoute, {}, { label: prune });
    expect(done.status).toBe(200);
    expect((done.json as unknown as NetworkPruneReport).deleted).toEqual([unused]);
    await expect(docker(rig.MAIN_SOCKET, 'network', 'inspect', unused)).rejects.toThrow();
    await docker(rig.MAIN_SOCKET, 'network', 'inspect', used);
    await waitFor(() => !hubNetwork(unused), 5_000, 'pruned network gone from the hub');
  });
});

describe('published ports', () => {
  it('lists a seed container’s published port and flags the same port wanted on all interfaces next to 127.0.0.1', async () => {
    const port = await freePort();
    const web = name('web');
    const other = name('web2');
    await docker(rig.MAIN_SOCKET, 'run', '-d', '--name', web, '--label', LABEL, '-p', `127.0.0.1:${port}:80`, rig.SEED_WEB);
    // Created, not started: the port is taken, but the container still asks for it on every interface.
    await docker(rig.MAIN_SOCKET, 'create', '--name', other, '--label', LABEL, '-p', `${port}:80`, rig.SEED_WEB);
    const hub = h.rt.engines.get(h.host);
    const rowsFor = () => publishedPorts(hub.containers.values()).filter((r) => r.hostPort === port);
    const rows = await waitFor(() => (rowsFor().length === 2 ? rowsFor() : null), 5_000, 'both rows');
    const running = rows.find((r) => r.containerName === web)!;
    const stopped = rows.find((r) => r.containerName === other)!;
    expect(running).toMatchObject({
      hostIps: ['127.0.0.1'],
      allInterfaces: false,
      containerPort: 80,
      protocol: 'tcp',
      active: true,
      state: 'running',
    });
    expect(stopped).toMatchObject({ allInterfaces: true, active: false, state: 'created' });
    expect(running.flags).toEqual(['bound-twice', 'all-and-specific']);
    expect(running.conflictsWith).toEqual([other]);
    expect(stopped.conflictsWith).toEqual([web]);
    // The running one answers on the port the table links to.
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.ok).toBe(true);

    // A Wharf that connects after both exist (no event about them since) knows the stopped one's wish too:
    // the engine's list has no bindings for it, so the hub reads them at connect.
    const late = await startHarness('networks-late', rig.MAIN_SOCKET, 'wharf.test=networks-late');
    try {
      const lateHub = late.rt.engines.get(late.host);
      const lateRows = await waitFor(
        () => {
          const r = publishedPorts(lateHub.containers.values()).filter((x) => x.hostPort === port);
          return r.length === 2 ? r : null;
        },
        10_000,
        'both rows after connect',
      );
      expect(lateRows.find((r) => r.containerName === other)).toMatchObject({
        active: false,
        state: 'created',
        flags: ['bound-twice', 'all-and-specific'],
      });
    } finally {
      await late.close();
    }
  });
});
