import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerDetail, ContainerSummary, DeletedContainer } from '@/server/contracts/containers';
import type { EngineSummary } from '@/server/contracts/engines';
import type { Delta, ViewSnapshot, ViewSpec } from '@/server/contracts/live';
import type { Runtime } from '@/server/runtime';
import { addEngine, removeEngine } from '@/server/services/engines';
import { liveClient, type Reply } from '../support/live-client';
import { startHarness, type Harness } from '../support/harness';
import { docker, loadRig, waitFor, retryEngine } from '../support/rig';

const rig = loadRig();
const label = 'wharf.test=integration-live';
const admin = { id: 1, username: 'admin', role: 'admin' as const, hosts: 'all' as const };
let h: Harness;
let rt: Runtime;
const sockets: Socket[] = [];

const client = () => liveClient(h.base, h.cookie, sockets);
const subscribe = (s: Socket, spec: ViewSpec) => s.timeout(10_000).emitWithAck('live.subscribe', spec) as Promise<Reply<ViewSnapshot>>;

/** Applies a view's snapshot and then its deltas the way the browser does, failing on any skipped revision. */
function replayContainers(snap: ViewSnapshot, deltas: Delta[]): Map<string, ContainerSummary> {
  const revs = new Map<string, number>();
  const out = new Map<string, ContainerSummary>();
  for (const st of snap.streams) {
    revs.set(st.stream, st.rev);
    if (st.data.kind === 'containers') for (const c of st.data.containers) out.set(c.id, c);
  }
  for (const d of deltas) {
    const known = revs.get(d.stream);
    if (known === undefined || d.rev <= known) continue;
    expect(d.rev, `${d.stream}: revision after ${known}`).toBe(known + 1);
    revs.set(d.stream, d.rev);
    if (d.op.op === 'container') out.set(d.op.c.id, d.op.c);
    else if (d.op.op === 'container.removed') out.delete(d.op.id);
    else if (d.op.op === 'containers.reset') {
      out.clear();
      for (const c of d.op.containers) out.set(c.id, c);
    }
  }
  return out;
}

beforeAll(async () => {
  h = await startHarness('live', rig.MAIN_SOCKET, label);
  rt = h.rt;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await h.close();
});

describe('the live-state protocol', () => {
  it('a containers view: snapshot at a revision, then consecutive deltas that rebuild exactly what the engine has', async () => {
    const a = await client();
    const b = await client();
    const snapA = await subscribe(a.s, { kind: 'containers' });
    if (!snapA.ok) throw new Error(snapA.message);
    expect(snapA.data.streams.map((s) => s.stream)).toEqual([`containers:${h.host}`]);
    const snapB = await subscribe(b.s, { kind: 'containers', hostId: h.host });
    if (!snapB.ok) throw new Error(snapB.message);

    // CLI changes while both follow: run, pause, start another, remove one.
    const one = await docker(rig.MAIN_SOCKET, 'run', '-d', '--init', '--label', label, rig.SEED_BUSYBOX, 'sleep', '300');
    const two = await docker(rig.MAIN_SOCKET, 'run', '-d', '--init', '--label', label, rig.SEED_BUSYBOX, 'sleep', '300');
    await docker(rig.MAIN_SOCKET, 'pause', one);
    await docker(rig.MAIN_SOCKET, 'rm', '-f', '-v', two);
    const hub = rt.engines.get(h.host);
    await waitFor(() => hub.containers.get(one)?.state === 'paused' && !hub.containers.has(two), 5000, 'the hub to see it');
    await new Promise((r) => setTimeout(r, 300));

    for (const [snap, got] of [
      [snapA.data, a.deltas],
      [snapB.data, b.deltas],
    ] as const) {
      const rebuilt = replayContainers(snap, got);
      expect(rebuilt.get(one)?.state).toBe('paused');
      expect(rebuilt.has(two)).toBe(false);
      expect([...rebuilt.keys()].sort()).toEqual([...hub.containers.keys()].sort());
    }
    // The pause is shown from the event itself; the inspect after it confirms and adds no second delta.
    const pausedDeltas = a.deltas.filter((d) => d.op.op === 'container' && d.op.c.id === one && d.op.c.state === 'paused');
    expect(pausedDeltas).toHaveLength(1);
    // Both got the same revisions of the same stream: one publication, fanned out.
    const revs = (ds: Delta[]) => ds.filter((d) => d.stream === `containers:${h.host}`).map((d) => d.rev);
    expect(revs(a.deltas)).toEqual(revs(b.deltas));
    expect(revs(a.deltas).length).toBeGreaterThanOrEqual(4);
    expect(hub.eventStreams).toBe(1);

    // Unsubscribed: no more deltas for this view.
    await a.s.timeout(5000).emitWithAck('live.unsubscribe', { view: { kind: 'containers' } });
    const before = a.deltas.length;
    await docker(rig.MAIN_SOCKET, 'unpause', one);
    await waitFor(
      () => b.deltas.some((d) => d.op.op === 'container' && d.op.c.id === one && d.op.c.state === 'running'),
      5000,
      'b sees unpause',
    );
    expect(a.deltas.length).toBe(before);
  });

  it('states shown early from events never go back: rapid pause/unpause shows each transition once, in order', async () => {
    const { s, deltas } = await client();
    const snap = await subscribe(s, { kind: 'containers', hostId: h.host });
    if (!snap.ok) throw new Error(snap.message);
    const id = await docker(rig.MAIN_SOCKET, 'run', '-d', '--init', '--label', label, rig.SEED_BUSYBOX, 'sleep', '300');
    // Counted from when this client has seen it running (and nothing of its start is still on the way).
    await waitFor(() => deltas.some((d) => d.op.op === 'container' && d.op.c.id === id && d.op.c.state === 'running'), 5000, 'running');
    await new Promise((r) => setTimeout(r, 300));
    const from = deltas.length;
    const since = (Date.now() / 1000).toFixed(3);
    const engine = new (await import('dockerode')).default({ socketPath: rig.MAIN_SOCKET }).getContainer(id);
    for (let i = 0; i < 10; i++) {
      await retryEngine(() => engine.pause());
      await retryEngine(() => engine.unpause());
    }
    await waitFor(() => rt.engines.get(h.host).containers.get(id)?.state === 'running', 5000, 'running again');
    await new Promise((r) => setTimeout(r, 500));
    const states = deltas
      .slice(from)
      .filter((d) => d.op.op === 'container' && d.op.c.id === id)
      .map((d) => (d.op as { c: ContainerSummary }).c.state);
    // What the engine itself did (a refused call it retried may still have acted): its own events.
    const until = (Date.now() / 1000 + 1).toFixed(3);
    const actions = await docker(
      rig.MAIN_SOCKET,
      'events',
      '--since',
      since,
      '--until',
      until,
      '--filter',
      `container=${id}`,
      '--format',
      '{{.Action}}',
    );
    const transitions = actions.split('\n').filter((a) => a === 'pause' || a === 'unpause').length;
    expect(transitions).toBeGreaterThanOrEqual(20);
    // From running: each change of state shown once. A stale inspect overwriting a newer state would
    // add a flicker (paused again after running): more changes than the engine made.
    const changes = states.filter((st, i) => st !== (i === 0 ? 'running' : states[i - 1]));
    expect(changes.length).toBeLessThanOrEqual(transitions);
    expect(changes.at(-1)).toBe('running');
  });

  it('a container view: its inspect, then a fresh detail on each change, and the end when it is removed', async () => {
    const { s, deltas } = await client();
    const name = `live-${Date.now()}`;
    const id = await docker(
      rig.MAIN_SOCKET,
      'run',
      '-d',
      '--init',
      '--name',
      name,
      '--label',
      label,
      '--env',
      'A=1',
      rig.SEED_BUSYBOX,
      'sleep',
      '300',
    );
    // By name, as a typed URL would: the stream is named by the full id.
    const snap = await subscribe(s, { kind: 'container', hostId: h.host, id: name });
    if (!snap.ok) throw new Error(snap.message);
    const [st] = snap.data.streams;
    expect(st!.stream).toBe(`container:${h.host}:${id}`);
    const detail = (st!.data as { detail: ContainerDetail }).detail;
    expect(detail.id).toBe(id);
    // Env values are masked for everyone; Reveal (an audited POST) shows them.
    expect(detail.env).toContain('A=••••••••');

    await docker(rig.MAIN_SOCKET, 'pause', id);
    const paused = await waitFor(
      () => deltas.find((d) => d.stream === st!.stream && d.op.op === 'detail' && d.op.detail.state === 'paused'),
      5000,
      'detail delta',
    );
    expect(paused.rev).toBeGreaterThan(st!.rev);
    await docker(rig.MAIN_SOCKET, 'rm', '-f', '-v', id);
    await waitFor(() => deltas.some((d) => d.stream === st!.stream && d.op.op === 'detail.removed'), 5000, 'detail.removed');
    const mine = deltas.filter((d) => d.stream === st!.stream).map((d) => d.rev);
    expect(mine).toEqual(mine.map((_, i) => st!.rev + 1 + i));

    // Errors come as the HTTP API sends them: code and words.
    expect(await subscribe(s, { kind: 'container', hostId: h.host, id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await subscribe(s, { kind: 'container', hostId: 'nope', id })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      message: 'No engine with id nope',
    });
    const bad = await subscribe(s, { kind: 'container', hostId: h.host, id: '../x' });
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect((bad as { fields?: Record<string, string> }).fields?.id).toBeTruthy();
  });

  it('hosts and deleted views; an engine added later joins the all-containers view, and its removal ends its stream', async () => {
    const { s, deltas } = await client();
    const hosts = await subscribe(s, { kind: 'hosts' });
    if (!hosts.ok) throw new Error(hosts.message);
    expect((hosts.data.streams[0]!.data as { hosts: EngineSummary[] }).hosts.map((e) => e.id)).toEqual([h.host]);
    const all = await subscribe(s, { kind: 'containers' });
    if (!all.ok) throw new Error(all.message);
    const deleted = await subscribe(s, { kind: 'deleted' });
    if (!deleted.ok) throw new Error(deleted.message);

    // A CLI rm leaves a record, pushed as the next revision of the deleted stream.
    const gone = await docker(rig.MAIN_SOCKET, 'create', '--label', label, rig.SEED_BUSYBOX, 'true');
    await docker(rig.MAIN_SOCKET, 'rm', gone);
    const rec = await waitFor(
      () => deltas.find((d) => d.stream === 'deleted' && d.op.op === 'deleted' && d.op.record.id === gone),
      5000,
      'deleted record',
    );
    expect((rec.op as { record: DeletedContainer }).record.image).toBe(rig.SEED_BUSYBOX);
    expect(rec.rev).toBe(deleted.data.streams[0]!.rev + 1);

    const second = await addEngine(rt, admin, { engine: { kind: 'socket', name: 'second', socketPath: rig.ENGINE2_SOCKET } });
    const stream = `containers:${second.id}`;
    await waitFor(
      () => deltas.some((d) => d.stream === 'hosts' && d.op.op === 'host' && d.op.host.id === second.id && d.op.host.status === 'online'),
      10_000,
      'the new host, online',
    );
    const reset = await waitFor(() => deltas.find((d) => d.stream === stream && d.op.op === 'containers.reset'), 10_000, 'its containers');
    // It starts at revision 1: a client that never had the stream can tell nothing was missed.
    expect(deltas.filter((d) => d.stream === stream)[0]!.rev).toBe(1);
    expect((reset.op as { containers: ContainerSummary[] }).containers.length).toBe(rt.engines.get(second.id).containers.size);

    await removeEngine(rt, admin, second.id);
    await waitFor(() => deltas.some((d) => d.stream === stream && d.op.op === 'stream.ended'), 5000, 'stream.ended');
    await waitFor(
      () => deltas.some((d) => d.stream === 'hosts' && d.op.op === 'host.removed' && d.op.id === second.id),
      5000,
      'host.removed',
    );
    const hostRevs = deltas.filter((d) => d.stream === 'hosts').map((d) => d.rev);
    expect(hostRevs).toEqual(hostRevs.map((_, i) => hosts.data.streams[0]!.rev + 1 + i));
  });

  it('refuses hostile or unknown views with the same error shape as HTTP', async () => {
    const { s } = await client();
    for (const spec of [{ kind: 'engine' }, { kind: 'containers', hostId: 'a b' }, {}, null]) {
      const reply = (await s.timeout(5000).emitWithAck('live.subscribe', spec)) as Reply<unknown>;
      expect(reply).toMatchObject({ ok: false, code: 'VALIDATION' });
    }
  });
});
