import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { DELETED_PAGE_SIZE, type ContainerDetail, type ContainerSummary, type DeletedContainer } from '@/server/contracts/containers';
import type { EngineSummary } from '@/server/contracts/engines';
import { compareEventsDesc, type WharfEvent } from '@/server/contracts/events';
import type { ImageDetail, ImageSummary, Operation, OperationLogLine } from '@/server/contracts/images';
import type { NetworkSummary } from '@/server/contracts/networks';
import {
  streamHost,
  streamKind,
  viewKey,
  type Delta,
  type StreamSnapshot,
  type ViewSnapshot,
  type ViewSpec,
} from '@/server/contracts/live';
import type { ClientToServerEvents, ServerToClientEvents } from '@/server/contracts/socket-events';
import { updateKey, type ContainerUpdate } from '@/server/contracts/updates';
import type { VolumeSummary } from '@/server/contracts/volumes';
import type { Socket } from 'socket.io-client';
import { ackError } from '../api';
import { queryKeys } from '../query-keys';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The query-cache entry a view fills. */
export function viewQueryKey(spec: ViewSpec): QueryKey {
  switch (spec.kind) {
    case 'hosts':
      return queryKeys.engines.list;
    case 'containers':
      return spec.hostId ? queryKeys.containers.ofHost(spec.hostId) : queryKeys.containers.list;
    case 'container':
      return queryKeys.containers.detail(spec.hostId, spec.id);
    case 'deleted':
      return queryKeys.containers.deleted;
    case 'images':
      return spec.hostId ? queryKeys.images.ofHost(spec.hostId) : queryKeys.images.list;
    case 'image':
      return queryKeys.images.detail(spec.hostId, spec.id);
    case 'operations':
      return queryKeys.operations.list;
    case 'operation':
      return queryKeys.operations.detail(spec.id);
    case 'updates':
      return queryKeys.updates.list;
    case 'events':
      return spec.hostId ? queryKeys.events.ofHost(spec.hostId) : queryKeys.events.list;
    case 'networks':
      return spec.hostId ? queryKeys.networks.ofHost(spec.hostId) : queryKeys.networks.list;
    case 'volumes':
      return spec.hostId ? queryKeys.volumes.ofHost(spec.hostId) : queryKeys.volumes.list;
    case 'audit':
      return queryKeys.audit.head;
  }
}

/** The value of the `deleted` view: the newest page of the deleted history and how many records there are in all. */
export interface DeletedView {
  records: DeletedContainer[];
  total: number;
}

type LiveDeleted = DeletedView & { keep: number };

/** The value of the `audit` view: the id of the log's newest entry (0: empty); the entries are HTTP reads. */
export interface AuditHead {
  newest: number;
}

/** The value of an `operation` view: the operation and its whole log so far. */
export interface OperationView {
  operation: Operation;
  log: OperationLogLine[];
}

/** Views over every host: a host added later joins them on its own. */
const ALL_HOSTS_VIEWS = { containers: 'containers', images: 'images', networks: 'networks', volumes: 'volumes', events: 'events' } as const;
/** Kinds whose state is kept per host (an events view keeps its own merged list). */
type PerHostKind = 'containers' | 'images' | 'networks';
const isPerHost = (kind: string | null): kind is PerHostKind => kind === 'containers' || kind === 'images' || kind === 'networks';
/** An events view keeps at most this many in memory (a page open through a long burst); older ones page from the store. */
const EVENTS_KEPT = 5000;

/** Newest first: `fresh` (one delta's events) merged into `list`. */
function mergeEvents(list: WharfEvent[], fresh: WharfEvent[]): WharfEvent[] {
  const add = [...fresh].sort(compareEventsDesc);
  // The usual case: all newer than what is shown. A replay after a reconnect may be older: sort it in.
  const merged =
    !list.length || compareEventsDesc(add.at(-1)!, list[0]!) < 0 ? [...add, ...list] : [...add, ...list].sort(compareEventsDesc);
  return merged.length > EVENTS_KEPT ? merged.slice(0, EVENTS_KEPT) : merged;
}

interface View {
  spec: ViewSpec;
  key: QueryKey;
  /** The streams its last snapshot named. */
  streams: Set<string>;
  /** Subscribing again: its streams' deltas mean nothing until the new snapshot. */
  stale: boolean;
}

const SUBSCRIBE_TIMEOUT_MS = 15_000;
/** Changes closer together than this count as a burst and are written once per frame. */
const BURST_WINDOW_MS = 50;
const PARTIAL = Symbol('partial');

/** A list the server rendered only the first rows of: totals wait for the live view's snapshot. */
export function isPartialList(list: unknown): boolean {
  return Array.isArray(list) && (list as unknown as Record<symbol, unknown>)[PARTIAL] === true;
}

/**
 * The browser half of the live-state protocol, and the one writer of live state into the query cache.
 *
 * A live query's queryFn is `load(spec)`: it subscribes and returns the snapshot. Deltas then change the
 * cache in place; each must carry the next revision of its stream, and one that skips a revision makes
 * the view subscribe again (a refetch of its query). A view ends when react-query drops its query.
 */
export class LiveViews {
  private socket: LiveSocket | null = null;
  private connected: Promise<LiveSocket>;
  private resolveConnected: (s: LiveSocket) => void = () => undefined;
  private readonly views = new Map<string, View>();
  /** Last applied revision of every stream some view holds. */
  private readonly revs = new Map<string, number>();
  /** While a subscription is in flight, deltas wait here so they apply after its snapshot, in order. */
  private inflight = 0;
  private queued: Delta[] = [];

  // The state the cache entries are made from.
  private hosts: EngineSummary[] = [];
  private readonly containers = new Map<string, Map<string, ContainerSummary>>();
  /** The newest page of the deleted history, its total and the retention cap (the total never passes it). */
  private deleted: LiveDeleted = { records: [], total: 0, keep: 0 };
  private readonly images = new Map<string, Map<string, ImageSummary>>();
  private readonly imageDetails = new Map<string, ImageDetail>();
  private operations: Operation[] = [];
  private readonly operationViews = new Map<string, OperationView>();
  private updates = new Map<string, ContainerUpdate>();
  /** Per events view (by view key): its events, newest first. */
  private readonly eventLists = new Map<string, WharfEvent[]>();
  private readonly networks = new Map<string, Map<string, NetworkSummary>>();
  private readonly volumes = new Map<string, VolumeSummary[]>();
  private auditHead: AuditHead = { newest: 0 };
  /** Streams changed since the last flush ('containers' too when any host's containers changed). */
  private dirty = new Set<string>();
  private flushHandle: { frame: number | null; timer: ReturnType<typeof setTimeout> | null; micro: boolean } = {
    frame: null,
    timer: null,
    micro: false,
  };
  private lastFlush = -Infinity;

  constructor(private readonly qc: QueryClient) {
    this.connected = new Promise((resolve) => (this.resolveConnected = resolve));
    qc.getQueryCache().subscribe((event) => {
      if (event.type !== 'removed') return;
      const view = [...this.views.values()].find((v) => sameKey(v.key, event.query.queryKey));
      if (view) this.end(view);
    });
  }

  /** Wires a socket; called once per socket session (a new one has no rooms: every view subscribes again). */
  attach(socket: LiveSocket): () => void {
    this.socket = socket;
    const onDelta = (d: Delta) => this.onDelta(d);
    const onConnect = () => {
      this.resolveConnected(socket);
      this.revs.clear();
      this.queued = [];
      for (const v of [...this.views.values()]) {
        v.stale = true;
        // Views nobody shows are dropped; shown ones subscribe again through their query.
        const query = this.qc.getQueryCache().find({ queryKey: v.key, exact: true });
        // A load waiting for this connection subscribes by itself.
        if (query?.state.fetchStatus === 'fetching') continue;
        if (query?.getObserversCount()) {
          void this.qc.invalidateQueries({ queryKey: v.key, exact: true });
        } else {
          this.views.delete(viewKey(v.spec));
          this.qc.removeQueries({ queryKey: v.key, exact: true });
        }
      }
    };
    const onDisconnect = () => {
      this.connected = new Promise((resolve) => (this.resolveConnected = resolve));
    };
    socket.on('live.delta', onDelta);
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    if (socket.connected) onConnect();
    return () => {
      socket.off('live.delta', onDelta);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      this.socket = null;
      onDisconnect();
    };
  }

  /** The queryFn of a live view: subscribes, applies the snapshot, answers the cache value. */
  async load<T>(spec: ViewSpec): Promise<T> {
    const key = viewKey(spec);
    // Counted before any await: deltas wait from now until the snapshot is in.
    this.inflight++;
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      this.inflight--;
      if (!this.inflight) this.drain();
    };
    try {
      const socket = await this.connected;
      const reply = await socket.timeout(SUBSCRIBE_TIMEOUT_MS).emitWithAck('live.subscribe', spec);
      if (!reply.ok) throw ackError(reply);
      this.applySnapshot(spec, reply.data);
      // The deltas that waited are applied before the value is answered: react-query stores it after
      // any write those deltas make, so it must already hold them.
      done();
      return this.value(spec) as T;
    } catch (err) {
      this.views.delete(key);
      throw err;
    } finally {
      done();
    }
  }

  /**
   * A snapshot the server rendered the page from: shown at once, and the view still subscribes when
   * its query mounts (it is marked stale). A view that is already live keeps what it has.
   */
  seed(spec: ViewSpec, snap: ViewSnapshot): void {
    const key = viewQueryKey(spec);
    if (this.views.has(viewKey(spec)) || this.qc.getQueryData(key) !== undefined) return;
    this.applySnapshot(spec, snap);
    this.views.get(viewKey(spec))!.stale = true;
    const value = this.value(spec);
    if (snap.partial && Array.isArray(value)) Object.defineProperty(value, PARTIAL, { value: true });
    this.qc.setQueryData(key, value);
    void this.qc.invalidateQueries({ queryKey: key, exact: true, refetchType: 'none' });
  }

  private applySnapshot(spec: ViewSpec, snap: ViewSnapshot): void {
    const view: View = { spec, key: viewQueryKey(spec), streams: new Set(), stale: false };
    this.views.set(viewKey(spec), view);
    for (const s of snap.streams) {
      view.streams.add(s.stream);
      this.revs.set(s.stream, s.rev);
      this.setStream(s);
    }
    if (spec.kind === 'events')
      this.eventLists.set(
        viewKey(spec),
        snap.streams.flatMap((s) => (s.data.kind === 'events' ? s.data.events : [])).sort(compareEventsDesc),
      );
    // Queued deltas at or below the snapshot's revision are already in it; later ones apply in drain().
  }

  private setStream(s: StreamSnapshot): void {
    const d = s.data;
    if (d.kind === 'hosts') this.hosts = d.hosts;
    else if (d.kind === 'containers') this.containers.set(d.hostId, new Map(d.containers.map((c) => [c.id, c])));
    else if (d.kind === 'deleted') this.deleted = { records: d.records, total: d.total, keep: d.keep };
    else if (d.kind === 'images') this.images.set(d.hostId, new Map(d.images.map((i) => [i.id, i])));
    else if (d.kind === 'image') this.imageDetails.set(s.stream, d.detail);
    else if (d.kind === 'operations') this.operations = d.operations;
    else if (d.kind === 'operation') this.operationViews.set(s.stream, { operation: d.operation, log: d.log });
    else if (d.kind === 'updates') this.updates = new Map(d.updates.map((u) => [updateKey(u.hostId, u.containerId), u]));
    // An events view's list is made from all its streams at once (applySnapshot).
    else if (d.kind === 'events') return;
    else if (d.kind === 'networks') this.networks.set(d.hostId, new Map(d.networks.map((n) => [n.id, n])));
    else if (d.kind === 'volumes') this.volumes.set(d.hostId, d.volumes);
    else if (d.kind === 'audit') this.auditHead = { newest: d.newest };
    // A container's detail is the query value itself (see value()).
    else this.details.set(s.stream, d.detail);
  }

  private readonly details = new Map<string, ContainerDetail>();

  private onDelta(d: Delta): void {
    if (this.inflight) this.queued.push(d);
    else this.apply(d);
  }

  private drain(): void {
    const queued = this.queued;
    this.queued = [];
    // A delta may start a new subscription: from then on the rest waits again.
    for (const d of queued) this.onDelta(d);
  }

  private apply(d: Delta): void {
    const known = this.revs.get(d.stream);
    if (known === undefined) {
      // A host added after an all-hosts view subscribed: its stream starts here, from empty.
      const kind = streamKind(d.stream);
      if (kind !== 'events' && kind !== 'volumes' && !isPerHost(kind)) return;
      const allView = this.views.get(ALL_HOSTS_VIEWS[kind]);
      if (!allView || allView.stale) return;
      if (d.rev !== 1) return this.resubscribe(allView);
      allView.streams.add(d.stream);
      if (kind === 'volumes') this.volumes.set(streamHost(d.stream), []);
      else if (kind !== 'events') this.perHost(kind).set(streamHost(d.stream), new Map());
      this.revs.set(d.stream, 0);
      return this.apply(d);
    }
    if (d.rev <= known) return; // already in a snapshot
    if (d.rev > known + 1) {
      for (const v of this.views.values()) if (v.streams.has(d.stream) && !v.stale) this.resubscribe(v);
      return;
    }
    this.revs.set(d.stream, d.rev);
    this.change(d);
  }

  private change({ stream, op }: Delta): void {
    switch (op.op) {
      case 'host': {
        const i = this.hosts.findIndex((h) => h.id === op.host.id);
        this.hosts = i < 0 ? [...this.hosts, op.host] : this.hosts.map((h, j) => (j === i ? op.host : h));
        this.reloadDetailsOf(op.host);
        break;
      }
      case 'host.removed':
        this.hosts = this.hosts.filter((h) => h.id !== op.id);
        break;
      case 'container':
        this.hostContainers(stream).set(op.c.id, op.c);
        break;
      case 'container.removed':
        this.hostContainers(stream).delete(op.id);
        break;
      case 'containers.reset':
        this.containers.set(streamHost(stream), new Map(op.containers.map((c) => [c.id, c])));
        break;
      case 'stream.ended': {
        const kind = streamKind(stream);
        if (kind === 'volumes') this.volumes.delete(streamHost(stream));
        else this.perHost(isPerHost(kind) ? kind : 'containers').delete(streamHost(stream));
        this.revs.delete(stream);
        for (const v of this.views.values()) v.streams.delete(stream);
        break;
      }
      case 'network':
        this.hostNetworks(stream).set(op.network.id, op.network);
        break;
      case 'network.removed':
        this.hostNetworks(stream).delete(op.id);
        break;
      case 'networks.reset':
        this.networks.set(streamHost(stream), new Map(op.networks.map((n) => [n.id, n])));
        break;
      case 'deleted': {
        const { records, total, keep } = this.deleted;
        const rest = records.filter((r) => !(r.hostId === op.record.hostId && r.id === op.record.id));
        // The page keeps its size: the oldest row moves on to the next page.
        this.deleted = {
          records: [op.record, ...rest].slice(0, DELETED_PAGE_SIZE),
          total: rest.length < records.length ? total : Math.min(keep, total + 1),
          keep,
        };
        break;
      }
      case 'detail':
        this.details.set(stream, op.detail);
        break;
      case 'detail.removed':
        // Its query asks again and gets the engine's 404: the page shows the deleted record.
        this.details.delete(stream);
        for (const v of this.views.values()) if (v.streams.has(stream) && !v.stale) this.resubscribe(v);
        return;
      case 'image':
        this.hostImages(stream).set(op.image.id, op.image);
        break;
      case 'image.removed':
        this.hostImages(stream).delete(op.id);
        break;
      case 'images.reset':
        this.images.set(streamHost(stream), new Map(op.images.map((i) => [i.id, i])));
        break;
      case 'image.detail':
        this.imageDetails.set(stream, op.detail);
        break;
      case 'image.detail.removed':
        // Its query asks again and gets the 404: the page says the image is gone.
        this.imageDetails.delete(stream);
        for (const v of this.views.values()) if (v.streams.has(stream) && !v.stale) this.resubscribe(v);
        return;
      case 'operation':
        if (streamKind(stream) === 'operation') {
          const cur = this.operationViews.get(stream);
          if (cur) this.operationViews.set(stream, { ...cur, operation: op.operation });
        } else {
          const rest = this.operations.filter((o) => o.id !== op.operation.id);
          const existed = rest.length !== this.operations.length;
          this.operations = existed ? this.operations.map((o) => (o.id === op.operation.id ? op.operation : o)) : [op.operation, ...rest];
        }
        break;
      case 'update':
        this.updates = new Map(this.updates).set(updateKey(op.update.hostId, op.update.containerId), op.update);
        break;
      case 'update.removed':
        this.updates = new Map(this.updates);
        this.updates.delete(updateKey(op.hostId, op.containerId));
        break;
      case 'events':
        for (const [key, v] of this.views) {
          if (v.spec.kind !== 'events' || v.stale || !v.streams.has(stream)) continue;
          this.eventLists.set(key, mergeEvents(this.eventLists.get(key) ?? [], op.events));
        }
        break;
      case 'volumes':
        this.volumes.set(streamHost(stream), op.volumes);
        break;
      case 'audit':
        this.auditHead = { newest: Math.max(this.auditHead.newest, op.entry.id) };
        break;
      case 'operation.log': {
        const cur = this.operationViews.get(stream);
        if (cur) this.operationViews.set(stream, { ...cur, log: [...cur.log, ...op.lines] });
        break;
      }
    }
    this.dirty.add(stream);
    const kind = streamKind(stream);
    if (isPerHost(kind)) this.dirty.add(ALL_HOSTS_VIEWS[kind]);
    else if (kind === 'volumes') this.dirty.add(ALL_HOSTS_VIEWS.volumes);
    this.scheduleFlush();
  }

  /** Per host, the state of a per-host kind. */
  private perHost(kind: PerHostKind): Map<string, Map<string, unknown>> {
    return kind === 'containers' ? this.containers : kind === 'images' ? this.images : this.networks;
  }

  private hostNetworks(stream: string): Map<string, NetworkSummary> {
    const host = streamHost(stream);
    let m = this.networks.get(host);
    if (!m) this.networks.set(host, (m = new Map()));
    return m;
  }

  private hostImages(stream: string): Map<string, ImageSummary> {
    const host = streamHost(stream);
    let m = this.images.get(host);
    if (!m) this.images.set(host, (m = new Map()));
    return m;
  }

  private hostContainers(stream: string): Map<string, ContainerSummary> {
    const host = streamHost(stream);
    let m = this.containers.get(host);
    if (!m) this.containers.set(host, (m = new Map()));
    return m;
  }

  /** A container view that failed because its engine was offline tries again once the engine is back. */
  private reloadDetailsOf(host: EngineSummary): void {
    if (host.status !== 'online') return;
    for (const v of this.views.values()) {
      if (v.spec.kind !== 'container' || v.spec.hostId !== host.id) continue;
      if (this.qc.getQueryState(v.key)?.status === 'error' && !v.stale) this.resubscribe(v);
    }
  }

  private resubscribe(v: View): void {
    v.stale = true;
    for (const s of v.streams) if (![...this.views.values()].some((o) => o !== v && o.streams.has(s))) this.revs.delete(s);
    v.streams.clear();
    void this.qc.invalidateQueries({ queryKey: v.key, exact: true });
  }

  /**
   * A change after a quiet moment reaches the cache at once (a microtask: the deltas of one socket read
   * still coalesce); during a burst (a bulk stop of hundreds) changes gather into one write per frame.
   */
  private scheduleFlush(): void {
    const h = this.flushHandle;
    if (h.frame !== null || h.timer !== null || h.micro) return;
    if (performance.now() - this.lastFlush > BURST_WINDOW_MS) {
      h.micro = true;
      queueMicrotask(() => {
        h.micro = false;
        this.flush();
      });
      return;
    }
    const run = () => {
      if (h.frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(h.frame);
      if (h.timer !== null) clearTimeout(h.timer);
      h.frame = h.timer = null;
      this.flush();
    };
    if (typeof requestAnimationFrame === 'function') h.frame = requestAnimationFrame(run);
    // A hidden tab gets no frames: still flush, less often.
    h.timer = setTimeout(run, 100);
  }

  private flush(): void {
    const dirty = this.dirty;
    if (!dirty.size) return;
    this.lastFlush = performance.now();
    this.dirty = new Set();
    for (const v of this.views.values()) {
      if (v.stale) continue;
      const allHosts = (isPerHost(v.spec.kind) || v.spec.kind === 'volumes') && !('hostId' in v.spec && v.spec.hostId);
      const touched = allHosts ? dirty.has(v.spec.kind) : [...v.streams].some((s) => dirty.has(s));
      if (!touched) continue;
      const next = this.value(v.spec);
      if (next !== undefined) this.qc.setQueryData(v.key, next);
    }
  }

  private value(spec: ViewSpec): unknown {
    switch (spec.kind) {
      case 'hosts':
        return this.hosts;
      case 'containers': {
        if (spec.hostId) return [...(this.containers.get(spec.hostId)?.values() ?? [])];
        const all: ContainerSummary[] = [];
        for (const m of this.containers.values()) for (const c of m.values()) all.push(c);
        return all;
      }
      case 'deleted':
        return { records: this.deleted.records, total: this.deleted.total } satisfies DeletedView;
      case 'container':
      case 'image':
      case 'operation': {
        const view = this.views.get(viewKey(spec));
        const stream = view ? [...view.streams][0] : undefined;
        if (!stream) return undefined;
        if (spec.kind === 'container') return this.details.get(stream);
        return spec.kind === 'image' ? this.imageDetails.get(stream) : this.operationViews.get(stream);
      }
      case 'images': {
        if (spec.hostId) return [...(this.images.get(spec.hostId)?.values() ?? [])];
        const all: ImageSummary[] = [];
        for (const m of this.images.values()) for (const i of m.values()) all.push(i);
        return all;
      }
      case 'operations':
        return this.operations;
      case 'updates':
        return [...this.updates.values()];
      case 'events':
        return this.eventLists.get(viewKey(spec));
      case 'networks': {
        if (spec.hostId) return [...(this.networks.get(spec.hostId)?.values() ?? [])];
        const all: NetworkSummary[] = [];
        for (const m of this.networks.values()) for (const n of m.values()) all.push(n);
        return all;
      }
      case 'volumes':
        return spec.hostId ? (this.volumes.get(spec.hostId) ?? []) : [...this.volumes.values()].flat();
      case 'audit':
        return this.auditHead;
    }
  }

  private end(view: View): void {
    this.views.delete(viewKey(view.spec));
    this.eventLists.delete(viewKey(view.spec));
    for (const s of view.streams) {
      if ([...this.views.values()].some((o) => o.streams.has(s))) continue;
      this.revs.delete(s);
      this.details.delete(s);
      this.imageDetails.delete(s);
      this.operationViews.delete(s);
      if (streamKind(s) === 'containers' && !this.views.has('containers')) this.containers.delete(streamHost(s));
      if (streamKind(s) === 'images' && !this.views.has('images')) this.images.delete(streamHost(s));
      if (streamKind(s) === 'networks' && !this.views.has('networks')) this.networks.delete(streamHost(s));
      if (streamKind(s) === 'volumes' && !this.views.has('volumes')) this.volumes.delete(streamHost(s));
    }
    if (this.socket?.connected) this.socket.emit('live.unsubscribe', { view: view.spec });
  }
}

function sameKey(a: QueryKey, b: QueryKey): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
