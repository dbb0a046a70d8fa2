import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiRequestError } from '@/components/api';
import { isPartialList, LiveViews, viewQueryKey, type AuditHead, type DeletedView } from '@/components/realtime/live-views';
import type { AuditEntry } from '@/server/contracts/audit';
import { DELETED_PAGE_SIZE, type ContainerSummary, type DeletedContainer } from '@/server/contracts/containers';
import type { WharfEvent } from '@/server/contracts/events';
import type { Delta, ViewSnapshot, ViewSpec } from '@/server/contracts/live';

type Handler = (...args: unknown[]) => void;
type Reply = { ok: true; data: ViewSnapshot } | { ok: false; code: string; message: string };

/** Just enough of a socket.io client: the test answers each subscribe and pushes deltas by hand. */
class FakeSocket {
  connected = false;
  private handlers = new Map<string, Set<Handler>>();
  readonly subscribes: Array<{ spec: ViewSpec; answer: (r: Reply) => void }> = [];
  readonly emitted: Array<[string, unknown]> = [];
  on(ev: string, fn: Handler) {
    if (!this.handlers.has(ev)) this.handlers.set(ev, new Set());
    this.handlers.get(ev)!.add(fn);
    return this;
  }
  off(ev: string, fn: Handler) {
    this.handlers.get(ev)?.delete(fn);
    return this;
  }
  fire(ev: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(ev) ?? []) fn(...args);
  }
  connect() {
    this.connected = true;
    this.fire('connect');
  }
  emit(ev: string, payload: unknown) {
    this.emitted.push([ev, payload]);
  }
  timeout() {
    return {
      emitWithAck: (_ev: string, spec: ViewSpec) => new Promise<Reply>((answer) => this.subscribes.push({ spec, answer })),
    };
  }
  delta(stream: string, rev: number, op: Delta['op']) {
    this.fire('live.delta', { stream, rev, op });
  }
}

const c = (id: string, state: ContainerSummary['state'] = 'running', hostId = 'h1') =>
  ({ id, hostId, name: id, state }) as ContainerSummary;
const containersSnap = (rev: number, ids: string[], hostId = 'h1'): ViewSnapshot => ({
  view: 'containers',
  streams: [
    { stream: `containers:${hostId}`, rev, data: { kind: 'containers', hostId, containers: ids.map((id) => c(id, 'running', hostId)) } },
  ],
});
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
/** The flush runs on the next frame, or after 100 ms without frames (node has none). */
const frame = () => tick(120);

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const f of cleanup) f();
  cleanup = [];
});

function setup() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const views = new LiveViews(qc);
  const socket = new FakeSocket();
  cleanup.push(views.attach(socket as never));
  socket.connect();
  const watch = <T>(spec: ViewSpec) => {
    const obs = new QueryObserver<T>(qc, { queryKey: viewQueryKey(spec), queryFn: () => views.load<T>(spec), staleTime: Infinity });
    const unsubscribe = obs.subscribe(() => undefined);
    cleanup.push(unsubscribe);
    return { obs, unsubscribe };
  };
  const answer = async (r: Reply) => {
    await tick();
    const next = socket.subscribes.shift();
    if (!next) throw new Error('no subscription was asked for');
    next.answer(r);
    await tick();
    return next.spec;
  };
  const ids = () => (qc.getQueryData<ContainerSummary[]>(['containers', 'list']) ?? []).map((x) => `${x.id}:${x.state}`).sort();
  return { qc, views, socket, watch, answer, ids };
}

describe('live views in the browser', () => {
  it('applies the snapshot, then consecutive deltas: a quiet change at once, a burst as one write per frame', async () => {
    const { qc, socket, watch, answer, ids } = setup();
    watch<ContainerSummary[]>({ kind: 'containers' });
    expect(await answer({ ok: true, data: containersSnap(5, ['a', 'b']) })).toEqual({ kind: 'containers' });
    expect(ids()).toEqual(['a:running', 'b:running']);

    let writes = 0;
    cleanup.push(qc.getQueryCache().subscribe((e) => e.type === 'updated' && e.action.type === 'success' && writes++));
    // After a quiet moment: written at once (no frame to wait for), the deltas of one read as one write.
    socket.delta('containers:h1', 6, { op: 'container', c: c('a', 'paused') });
    socket.delta('containers:h1', 7, { op: 'container.removed', id: 'b' });
    socket.delta('containers:h1', 8, { op: 'container', c: c('x') });
    expect(ids()).toEqual(['a:running', 'b:running']);
    await tick();
    expect(ids()).toEqual(['a:paused', 'x:running']);
    expect(writes).toBe(1);
    // Right after: a burst, gathered into one write per frame.
    socket.delta('containers:h1', 9, { op: 'container', c: c('a', 'exited') });
    await tick();
    socket.delta('containers:h1', 10, { op: 'container', c: c('x', 'exited') });
    await tick();
    expect(ids()).toEqual(['a:paused', 'x:running']);
    await frame();
    expect(ids()).toEqual(['a:exited', 'x:exited']);
    expect(writes).toBe(2);
    // A revision already applied (a duplicate) changes nothing.
    socket.delta('containers:h1', 10, { op: 'container.removed', id: 'x' });
    await frame();
    expect(ids()).toEqual(['a:exited', 'x:exited']);
  });

  it('deltas that arrive before the snapshot wait for it; those it already holds are skipped', async () => {
    const { socket, watch, answer, ids } = setup();
    watch({ kind: 'containers' });
    await tick();
    socket.delta('containers:h1', 5, { op: 'container', c: c('old', 'exited') }); // in the snapshot already
    socket.delta('containers:h1', 6, { op: 'container', c: c('a', 'paused') });
    await answer({ ok: true, data: containersSnap(5, ['a']) });
    await frame();
    expect(ids()).toEqual(['a:paused']);
  });

  it('a skipped revision makes the view subscribe again, and the new snapshot replaces the old state', async () => {
    const { socket, watch, answer, ids } = setup();
    watch({ kind: 'containers' });
    await answer({ ok: true, data: containersSnap(1, ['a']) });
    socket.delta('containers:h1', 3, { op: 'container', c: c('b') }); // 2 never came
    await tick();
    expect(socket.subscribes.map((s) => s.spec)).toEqual([{ kind: 'containers' }]);
    // Deltas during the new subscription are not applied on the broken base.
    socket.delta('containers:h1', 4, { op: 'container', c: c('c') });
    await answer({ ok: true, data: containersSnap(4, ['a', 'b', 'c']) });
    await frame();
    expect(ids()).toEqual(['a:running', 'b:running', 'c:running']);
  });

  it('a host added later joins the all-containers view from revision 1; a later start means a gap', async () => {
    const { socket, watch, answer, ids } = setup();
    watch({ kind: 'containers' });
    await answer({ ok: true, data: containersSnap(2, ['a']) });
    socket.delta('containers:h2', 1, { op: 'containers.reset', containers: [c('z', 'running', 'h2')] });
    await frame();
    expect(ids()).toEqual(['a:running', 'z:running']);
    socket.delta('containers:h2', 2, { op: 'stream.ended' });
    await frame();
    expect(ids()).toEqual(['a:running']);
    socket.delta('containers:h3', 4, { op: 'container', c: c('q', 'running', 'h3') });
    await tick();
    expect(socket.subscribes).toHaveLength(1);
  });

  it('a removed container: its view asks again and ends in the 404 the page shows as deleted', async () => {
    const { socket, watch, answer } = setup();
    const spec: ViewSpec = { kind: 'container', hostId: 'h1', id: 'web' };
    const { obs } = watch(spec);
    const detail = { ...c('abc'), env: [] };
    await answer({
      ok: true,
      data: {
        view: 'container:h1:web',
        streams: [{ stream: 'container:h1:abc', rev: 0, data: { kind: 'container', hostId: 'h1', detail: detail as never } }],
      },
    });
    expect((obs.getCurrentResult().data as { id: string }).id).toBe('abc');
    socket.delta('container:h1:abc', 1, { op: 'detail', detail: { ...detail, state: 'paused' } as never });
    await frame();
    expect((obs.getCurrentResult().data as { state: string }).state).toBe('paused');
    socket.delta('container:h1:abc', 2, { op: 'detail.removed' });
    await answer({ ok: false, code: 'NOT_FOUND', message: 'No such container: web' });
    const err = obs.getCurrentResult().error;
    expect(err).toBeInstanceOf(ApiRequestError);
    expect((err as ApiRequestError).status).toBe(404);
    expect((err as ApiRequestError).code).toBe('NOT_FOUND');
  });

  it('after a reconnect shown views subscribe again; a view nobody shows any more is dropped and unsubscribed', async () => {
    const { qc, socket, watch, answer } = setup();
    watch({ kind: 'containers' });
    await answer({ ok: true, data: containersSnap(3, ['a']) });
    const hosts = watch({ kind: 'hosts' });
    await answer({ ok: true, data: { view: 'hosts', streams: [{ stream: 'hosts', rev: 9, data: { kind: 'hosts', hosts: [] } }] } });
    hosts.unsubscribe();

    socket.fire('disconnect');
    socket.connect();
    await tick();
    expect(socket.subscribes.map((s) => s.spec)).toEqual([{ kind: 'containers' }]);
    expect(qc.getQueryData(['engines', 'list'])).toBeUndefined();

    // A query react-query garbage-collects tells the server to stop sending it.
    await answer({ ok: true, data: containersSnap(0, ['a']) });
    qc.removeQueries({ queryKey: ['containers', 'list'], exact: true });
    expect(socket.emitted).toContainEqual(['live.unsubscribe', { view: { kind: 'containers' } }]);
  });

  it('a server-rendered snapshot shows at once, is marked partial when it is, and is replaced by the subscription', async () => {
    const { qc, views, socket, watch, answer, ids } = setup();
    views.seed({ kind: 'containers' }, { ...containersSnap(7, ['a']), partial: true });
    expect(ids()).toEqual(['a:running']);
    expect(isPartialList(qc.getQueryData(['containers', 'list']))).toBe(true);
    // Mounting the view subscribes although the cache holds data.
    watch({ kind: 'containers' });
    await tick();
    expect(socket.subscribes.map((x) => x.spec)).toEqual([{ kind: 'containers' }]);
    await answer({ ok: true, data: containersSnap(9, ['a', 'b', 'c']) });
    expect(ids()).toEqual(['a:running', 'b:running', 'c:running']);
    expect(isPartialList(qc.getQueryData(['containers', 'list']))).toBe(false);
    // A later seed (another server render) does not overwrite a live view.
    views.seed({ kind: 'containers' }, containersSnap(1, ['old']));
    expect(ids()).toEqual(['a:running', 'b:running', 'c:running']);
  });

  it('events: views merge their hosts newest first, append deltas to every view holding the stream, and take in a new host', async () => {
    const { qc, socket, watch, answer } = setup();
    let id = 0;
    const ev = (hostId: string, ns: number, action = 'start') =>
      ({
        id: ++id,
        hostId,
        timeNano: `17000000000000000${String(ns).padStart(2, '0')}`,
        time: '',
        type: 'container',
        action,
        actorId: 'x',
        actorName: 'x',
        attributes: {},
      }) as WharfEvent;
    const old = [ev('h2', 5), ev('h1', 10)];
    watch<WharfEvent[]>({ kind: 'events' });
    await answer({
      ok: true,
      data: {
        view: 'events',
        streams: [
          { stream: 'events:h1', rev: 3, data: { kind: 'events', hostId: 'h1', events: [old[1]!] } },
          { stream: 'events:h2', rev: 1, data: { kind: 'events', hostId: 'h2', events: [old[0]!] } },
        ],
      },
    });
    watch<WharfEvent[]>({ kind: 'events', hostId: 'h1' });
    await answer({
      ok: true,
      data: { view: 'events:h1', streams: [{ stream: 'events:h1', rev: 3, data: { kind: 'events', hostId: 'h1', events: [old[1]!] } }] },
    });
    const all = () => (qc.getQueryData<WharfEvent[]>(['events', 'list']) ?? []).map((e) => `${e.hostId}:${e.timeNano.slice(-2)}`);
    const one = () => (qc.getQueryData<WharfEvent[]>(['events', 'list', 'h1']) ?? []).map((e) => `${e.hostId}:${e.timeNano.slice(-2)}`);
    expect(all()).toEqual(['h1:10', 'h2:05']);

    // One batch, in arrival order; a replayed older one is sorted in.
    socket.delta('events:h1', 4, { op: 'events', events: [ev('h1', 20), ev('h1', 30), ev('h1', 7)] });
    await frame();
    expect(all()).toEqual(['h1:30', 'h1:20', 'h1:10', 'h1:07', 'h2:05']);
    expect(one()).toEqual(['h1:30', 'h1:20', 'h1:10', 'h1:07']);
    // A host added after the subscription starts at revision 1 and joins the all-hosts view only.
    socket.delta('events:h3', 1, { op: 'events', events: [ev('h3', 40)] });
    await frame();
    expect(all()[0]).toBe('h3:40');
    expect(one()).toHaveLength(4);
  });
});

describe('the deleted view in the browser', () => {
  const rec = (i: number) =>
    ({ hostId: 'h1', id: `d${i}`, name: `n${i}`, deletedAt: new Date(i * 1000).toISOString() }) as DeletedContainer;
  it('keeps the newest page at its size and counts the total up to the retention cap', async () => {
    const { qc, socket, watch, answer } = setup();
    watch({ kind: 'deleted' });
    const records = Array.from({ length: DELETED_PAGE_SIZE }, (_, i) => rec(1000 - i));
    await answer({
      ok: true,
      data: { view: 'deleted', streams: [{ stream: 'deleted', rev: 3, data: { kind: 'deleted', records, total: 4998, keep: 5000 } }] },
    });
    const value = () => qc.getQueryData<DeletedView>(viewQueryKey({ kind: 'deleted' }))!;
    expect(value().total).toBe(4998);
    socket.delta('deleted', 4, { op: 'deleted', record: rec(2000) });
    socket.delta('deleted', 5, { op: 'deleted', record: rec(2001) });
    socket.delta('deleted', 6, { op: 'deleted', record: rec(2002) });
    await frame();
    expect(value().records.length).toBe(DELETED_PAGE_SIZE);
    expect(
      value()
        .records.slice(0, 3)
        .map((r) => r.id),
    ).toEqual(['d2002', 'd2001', 'd2000']);
    // The retention keeps 5,000: the oldest went as the newest came.
    expect(value().total).toBe(5000);
    // The same container recorded again replaces its row, and is not counted twice.
    socket.delta('deleted', 7, { op: 'deleted', record: { ...rec(2000), deletedAt: new Date(3_000_000).toISOString() } });
    await frame();
    expect(value().records.filter((r) => r.id === 'd2000').length).toBe(1);
    expect(value().records[0]!.id).toBe('d2000');
  });
});

describe('the audit view in the browser', () => {
  const entry = (id: number) => ({ id, action: 'container.pause' }) as AuditEntry;
  it("holds the log's newest id: from the snapshot, then each entry written; a skipped revision subscribes again", async () => {
    const { qc, socket, watch, answer } = setup();
    watch({ kind: 'audit' });
    await answer({ ok: true, data: { view: 'audit', streams: [{ stream: 'audit', rev: 2, data: { kind: 'audit', newest: 40 } }] } });
    const head = () => qc.getQueryData<AuditHead>(viewQueryKey({ kind: 'audit' }));
    expect(viewQueryKey({ kind: 'audit' })).not.toContain('list');
    expect(head()).toEqual({ newest: 40 });
    socket.delta('audit', 3, { op: 'audit', entry: entry(41) });
    socket.delta('audit', 4, { op: 'audit', entry: entry(42) });
    await frame();
    expect(head()).toEqual({ newest: 42 });
    // Already in the snapshot: nothing changes.
    socket.delta('audit', 4, { op: 'audit', entry: entry(43) });
    await frame();
    expect(head()).toEqual({ newest: 42 });
    socket.delta('audit', 6, { op: 'audit', entry: entry(45) });
    await tick();
    expect(socket.subscribes.map((s) => s.spec)).toEqual([{ kind: 'audit' }]);
    await answer({ ok: true, data: { view: 'audit', streams: [{ stream: 'audit', rev: 6, data: { kind: 'audit', newest: 45 } }] } });
    expect(head()).toEqual({ newest: 45 });
  });
});
