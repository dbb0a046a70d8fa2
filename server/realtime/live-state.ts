import type { AuditEntry } from '../contracts/audit';
import type { SessionUser } from '../contracts/auth';
import type { ContainerDetail } from '../contracts/containers';
import type { ImageDetail } from '../contracts/images';
import {
  AUDIT_STREAM,
  containersStream,
  containerStream,
  DELETED_STREAM,
  eventsStream,
  HOSTS_STREAM,
  imagesStream,
  imageStream,
  networksStream,
  OPERATIONS_STREAM,
  operationStream,
  streamHost,
  streamKind,
  UPDATES_STREAM,
  viewKey,
  volumesStream,
  type DeltaOp,
  type StreamSnapshot,
  type ViewSnapshot,
  type ViewSpec,
} from '../contracts/live';
import { engineFailure, onlineEngine, resolveContainer } from '../engines/access';
import { toContainerDetail } from '../engines/container-mappers';
import type { EngineHub } from '../engines/hub';
import type { Runtime } from '../runtime';
import { UnauthenticatedError } from '../errors';
import { audienceOf, audienceSees, maskContainerDetail, withoutAddress } from '../services/access';
import { userFromToken } from '../services/auth';
import { deletedHistory } from '../services/containers';
import { listEngines } from '../services/engines';
import { EVENTS_SNAPSHOT_SIZE, type WharfEvent } from '../contracts/events';
import { visibleHosts } from '../services/events';
import { listEvents } from '../store/events';
import { newestAuditId } from '../store/audit';
import { authorize, canSeeHost } from '../services/authorize';
import { DF_MAX_AGE_MS } from '../services/disk-usage';
import { volumeSummaries } from '../services/volumes';
import { imageDetail } from '../services/images';
import type { WharfServer, WharfSocket } from './index';

/** The socket.io room of a stream; the all-containers view has one room for every host's stream. */
const roomOf = (stream: string) => `live:${stream}`;
const ALL_CONTAINERS_ROOM = 'live:containers';
const ALL_IMAGES_ROOM = 'live:images';
/** Every host's events, for users who see every host (the others join each of their hosts' rooms). */
const ALL_EVENTS_ROOM = 'live:events';
const ALL_NETWORKS_ROOM = 'live:networks';
const ALL_VOLUMES_ROOM = 'live:volumes';
/**
 * A stream's room for one audience: on a cross-host stream (hosts, deleted, operations, updates) the
 * users who see the same hosts (services/access.ts audienceOf); on a container stream, `masked` for
 * those who may not see its secrets. Each audience of a cross-host stream has its own revisions.
 */
const audienceRoom = (stream: string, audience: string) => `live:${stream}|${audience}`;
const MASKED = 'masked';
/** A user who sees every host receives the all-hosts rooms; any other user only their hosts' streams. */
const seesEveryHost = (user: SessionUser) => user.role === 'admin' || user.hosts === 'all';

/**
 * The server half of the live-state protocol (server/contracts/live.ts). Each stream has one revision
 * counter; a change is published once, to the stream's room, as the next revision. A snapshot is read
 * from the hubs in the same tick as the socket joins the room, so no change falls between the two.
 */
export class LiveState {
  private readonly revs = new Map<string, number>();
  /** Per socket: the rooms each of its views holds. */
  private readonly views = new WeakMap<WharfSocket, Map<string, string[]>>();
  /** Per cross-host stream: the non-admin audiences that have a room on it. */
  private readonly audiences = new Map<string, Set<string>>();

  constructor(
    private readonly rt: Runtime,
    private readonly io: WharfServer,
  ) {
    const reg = rt.engines;
    reg.on('engine.status', (host) =>
      this.publishScoped(HOSTS_STREAM, host.id, { op: 'host', host }, { op: 'host', host: withoutAddress(host) }),
    );
    reg.on('container.updated', (c) => this.publish(containersStream(c.hostId), { op: 'container', c }, ALL_CONTAINERS_ROOM));
    reg.on('container.inspected', (c, raw) => {
      const stream = containerStream(c.hostId, c.id);
      if (this.watched(stream)) this.publish(stream, { op: 'detail', detail: this.detail(c.hostId, raw) });
    });
    reg.on('container.removed', ({ hostId, id }) => {
      this.publish(containersStream(hostId), { op: 'container.removed', id }, ALL_CONTAINERS_ROOM);
      const stream = containerStream(hostId, id);
      if (this.watched(stream)) this.publish(stream, { op: 'detail.removed' });
      this.revs.delete(stream);
    });
    reg.on('containers.reset', ({ hostId, containers }) => {
      this.publish(containersStream(hostId), { op: 'containers.reset', containers }, ALL_CONTAINERS_ROOM);
      // A container page open across the reconnect: read it again (it may have changed or gone meanwhile).
      for (const stream of this.watchedContainers(hostId)) void this.refreshDetail(hostId, stream);
    });
    reg.on('engine.removed', ({ id }) => {
      this.publishScoped(HOSTS_STREAM, id, { op: 'host.removed', id });
      this.publish(containersStream(id), { op: 'stream.ended' }, ALL_CONTAINERS_ROOM);
      this.revs.delete(containersStream(id));
      for (const stream of this.watchedContainers(id)) {
        this.publish(stream, { op: 'detail.removed' });
        this.revs.delete(stream);
        this.io.in(roomOf(stream)).socketsLeave(roomOf(stream));
        this.io.in(audienceRoom(stream, MASKED)).socketsLeave(audienceRoom(stream, MASKED));
      }
      this.io.in(roomOf(containersStream(id))).socketsLeave(roomOf(containersStream(id)));
    });
    rt.deleted.onRecord((record) => this.publishScoped(DELETED_STREAM, record.hostId, { op: 'deleted', record }));

    reg.on('image.updated', (image) => {
      this.publish(imagesStream(image.hostId), { op: 'image', image }, ALL_IMAGES_ROOM);
      this.imageDetailsSoon(image.hostId);
    });
    reg.on('image.removed', ({ hostId, id }) => {
      this.publish(imagesStream(hostId), { op: 'image.removed', id }, ALL_IMAGES_ROOM);
      this.imageDetailsSoon(hostId);
    });
    reg.on('images.reset', ({ hostId, images }) => {
      this.publish(imagesStream(hostId), { op: 'images.reset', images }, ALL_IMAGES_ROOM);
      this.imageDetailsSoon(hostId);
    });
    reg.on('engine.removed', ({ id }) => {
      this.publish(imagesStream(id), { op: 'stream.ended' }, ALL_IMAGES_ROOM);
      this.revs.delete(imagesStream(id));
      this.io.in(roomOf(imagesStream(id))).socketsLeave(roomOf(imagesStream(id)));
    });
    rt.events.on('stored', (events) => {
      const byHost = new Map<string, WharfEvent[]>();
      for (const e of events) {
        const list = byHost.get(e.hostId);
        if (list) list.push(e);
        else byHost.set(e.hostId, [e]);
      }
      for (const [hostId, list] of byHost) this.publish(eventsStream(hostId), { op: 'events', events: list }, ALL_EVENTS_ROOM);
    });
    reg.on('engine.removed', ({ id }) => {
      this.revs.delete(eventsStream(id));
      this.io.in(roomOf(eventsStream(id))).socketsLeave(roomOf(eventsStream(id)));
    });
    reg.on('network.updated', (network) => this.publish(networksStream(network.hostId), { op: 'network', network }, ALL_NETWORKS_ROOM));
    reg.on('network.removed', ({ hostId, id }) => this.publish(networksStream(hostId), { op: 'network.removed', id }, ALL_NETWORKS_ROOM));
    reg.on('networks.reset', ({ hostId, networks }) =>
      this.publish(networksStream(hostId), { op: 'networks.reset', networks }, ALL_NETWORKS_ROOM),
    );
    reg.on('engine.removed', ({ id }) => {
      this.publish(networksStream(id), { op: 'stream.ended' }, ALL_NETWORKS_ROOM);
      this.revs.delete(networksStream(id));
      this.io.in(roomOf(networksStream(id))).socketsLeave(roomOf(networksStream(id)));
    });
    // Volumes: a host's whole list, recomputed once per burst of volume or container changes while someone watches.
    reg.on('volumes.changed', ({ hostId }) => this.volumesSoon(hostId));
    reg.on('container.updated', (c) => this.volumesSoon(c.hostId));
    reg.on('container.removed', ({ hostId }) => this.volumesSoon(hostId));
    reg.on('containers.reset', ({ hostId }) => this.volumesSoon(hostId));
    reg.on('engine.removed', ({ id }) => {
      const stream = volumesStream(id);
      this.publish(stream, { op: 'stream.ended' }, ALL_VOLUMES_ROOM);
      this.revs.delete(stream);
      this.sentVolumes.delete(stream);
      this.io.in(roomOf(stream)).socketsLeave(roomOf(stream));
    });
    rt.operations.on('changed', (operation) => {
      this.publishScoped(OPERATIONS_STREAM, operation.hostId, { op: 'operation', operation });
      const stream = operationStream(operation.id);
      if (this.watched(stream)) this.publish(stream, { op: 'operation', operation });
    });
    rt.updates?.on('changed', (update) => this.publishScoped(UPDATES_STREAM, update.hostId, { op: 'update', update }));
    rt.updates?.on('removed', ({ hostId, containerId }) =>
      this.publishScoped(UPDATES_STREAM, hostId, { op: 'update.removed', hostId, containerId }),
    );
    rt.operations.on('log', (id, lines) => {
      const stream = operationStream(id);
      if (this.watched(stream)) this.publish(stream, { op: 'operation.log', lines });
    });
  }

  private readonly volumeTimers = new Map<string, NodeJS.Timeout>();
  /** Per volumes stream, the list last published (absent: publish the next change whatever it is). */
  private readonly sentVolumes = new Map<string, string>();

  private volumesSoon(hostId: string): void {
    if (this.volumeTimers.has(hostId)) return;
    this.volumeTimers.set(
      hostId,
      setTimeout(() => {
        this.volumeTimers.delete(hostId);
        const stream = volumesStream(hostId);
        // Nobody holds the stream: nothing to send, and the next watcher starts from a snapshot.
        if (!this.watched(stream) && !this.watched('volumes')) return void this.sentVolumes.delete(stream);
        if (!this.rt.engines.has(hostId)) return;
        const volumes = volumeSummaries(this.rt.engines.get(hostId));
        const json = JSON.stringify(volumes);
        if (this.sentVolumes.get(stream) === json) return;
        this.sentVolumes.set(stream, json);
        this.publish(stream, { op: 'volumes', volumes }, ALL_VOLUMES_ROOM);
      }, 50),
    );
  }

  private readonly imageTimers = new Map<string, NodeJS.Timeout>();
  /** What each open image page was last sent, to send only real changes. */
  private readonly sentDetails = new Map<string, string>();

  /** Image pages open on a host are recomputed (sharing and family depend on the other images) once per burst. */
  private imageDetailsSoon(hostId: string): void {
    if (this.imageTimers.has(hostId)) return;
    this.imageTimers.set(
      hostId,
      setTimeout(() => {
        this.imageTimers.delete(hostId);
        const prefix = roomOf(imageStream(hostId, ''));
        for (const [room, members] of this.io.of('/').adapter.rooms) {
          if (!members.size || !room.startsWith(prefix)) continue;
          const stream = room.slice(5);
          const id = stream.slice(imageStream(hostId, '').length);
          void this.refreshImage(hostId, id, stream);
        }
      }, 50),
    );
  }

  private async refreshImage(hostId: string, id: string, stream: string): Promise<void> {
    const hub = this.rt.engines.has(hostId) ? this.rt.engines.get(hostId) : null;
    if (!hub?.images.has(id)) {
      this.sentDetails.delete(stream);
      this.publish(stream, { op: 'image.detail.removed' });
      return;
    }
    try {
      const detail = await imageDetail(this.rt, hostId, id);
      this.publishDetail(stream, detail);
    } catch {
      // Gone between the list and the read: the next list says so.
    }
  }

  private publishDetail(stream: string, detail: ImageDetail): void {
    const json = JSON.stringify(detail);
    if (this.sentDetails.get(stream) === json) return;
    this.sentDetails.set(stream, json);
    this.publish(stream, { op: 'image.detail', detail });
  }

  /**
   * An audit entry just written (server/services/audit.ts recordAudit; `read` gives it masked): the
   * next revision of the `audit` stream, whose one room only users with audit.read join. With nobody
   * in that room the entry is not read back: a later subscriber starts from the log's newest id.
   */
  auditRecorded(read: () => AuditEntry | undefined): void {
    if (!this.watched(AUDIT_STREAM)) return;
    const entry = read();
    if (entry) this.publish(AUDIT_STREAM, { op: 'audit', entry });
  }

  /** Current revision of a stream (0 before its first change). */
  rev(stream: string): number {
    return this.revs.get(stream) ?? 0;
  }

  async subscribe(socket: WharfSocket, spec: ViewSpec): Promise<ViewSnapshot> {
    // Checked again at each subscription: a user's role or grants may have changed since the socket connected.
    const user = userFromToken(this.rt, socket.data.token);
    if (!user) throw new UnauthenticatedError();
    socket.data.user = user;
    let snap: ViewSnapshot;
    let rooms: string[];
    if (spec.kind === 'container') {
      authorize(user, 'containers.read', spec.hostId);
      const stream = await this.containerSnapshot(socket, spec.hostId, spec.id);
      snap = { view: viewKey(spec), streams: [stream] };
      rooms = [this.containerRoom(stream.stream)];
    } else if (spec.kind === 'image') {
      authorize(user, 'images.read', spec.hostId);
      const detail = await imageDetail(this.rt, spec.hostId, spec.id);
      const stream = imageStream(spec.hostId, detail.summary.id);
      // Read and joined in one tick: a change after this read is a delta.
      this.sentDetails.set(stream, JSON.stringify(detail));
      snap = { view: viewKey(spec), streams: [{ stream, rev: this.rev(stream), data: { kind: 'image', hostId: spec.hostId, detail } }] };
      rooms = [roomOf(stream)];
    } else if (spec.kind === 'operation') {
      authorize(user, 'images.read');
      const { operation, log } = this.rt.operations.get(spec.id);
      if (operation.hostId) authorize(user, 'images.read', operation.hostId);
      const stream = operationStream(operation.id);
      snap = { view: viewKey(spec), streams: [{ stream, rev: this.rev(stream), data: { kind: 'operation', operation, log } }] };
      rooms = [roomOf(stream)];
    } else if (spec.kind === 'events') {
      snap = this.snapshot(user, spec);
      // Users who see every host follow the all-hosts room (a host added later is in it); others, their hosts'.
      rooms =
        spec.hostId || !(user.role === 'admin' || user.hosts === 'all') ? snap.streams.map((st) => roomOf(st.stream)) : [ALL_EVENTS_ROOM];
    } else {
      snap = this.snapshot(user, spec);
      rooms =
        spec.kind === 'containers'
          ? this.hostRooms(user, spec.hostId, containersStream, ALL_CONTAINERS_ROOM)
          : spec.kind === 'images'
            ? this.hostRooms(user, spec.hostId, imagesStream, ALL_IMAGES_ROOM)
            : spec.kind === 'networks'
              ? this.hostRooms(user, spec.hostId, networksStream, ALL_NETWORKS_ROOM)
              : spec.kind === 'volumes'
                ? this.hostRooms(user, spec.hostId, volumesStream, ALL_VOLUMES_ROOM)
                : spec.kind === 'audit'
                  ? // Not about one host: everyone the snapshot let in (audit.read) gets every entry.
                    [roomOf(AUDIT_STREAM)]
                  : [this.scopedRoom(user, snap.streams[0]!.stream)];
    }
    // Joined in the same tick as the snapshot was read (the container view joins before its inspect).
    void socket.join(rooms);
    this.socketViews(socket).set(snap.view, rooms);
    return snap;
  }

  /**
   * The rooms of a containers or images view. A user who sees every host joins the all-hosts room (a
   * host added later joins the view on its own); any other user joins the room of each granted host,
   * even one not added yet, and never receives a delta of another host.
   */
  private hostRooms(user: SessionUser, hostId: string | undefined, streamOf: (hostId: string) => string, allRoom: string): string[] {
    if (hostId) return [roomOf(streamOf(hostId))];
    if (seesEveryHost(user)) return [allRoom];
    return (user.hosts === 'all' ? [] : user.hosts).map((h) => roomOf(streamOf(h)));
  }

  /** The room of a cross-host stream for this user's audience (admins: the stream's own room). */
  private scopedRoom(user: SessionUser, stream: string): string {
    const audience = audienceOf(user);
    if (audience === null) return roomOf(stream);
    let set = this.audiences.get(stream);
    if (!set) this.audiences.set(stream, (set = new Set()));
    set.add(audience);
    return audienceRoom(stream, audience);
  }

  /** A cross-host stream's revision as this user's audience counts it. */
  private scopedRev(user: SessionUser, stream: string): number {
    const audience = audienceOf(user);
    return this.rev(audience === null ? stream : `${stream}|${audience}`);
  }

  /** A container stream's room: the masked one for everybody (secrets are revealed by an audited POST, not live). */
  private containerRoom(stream: string): string {
    return audienceRoom(stream, MASKED);
  }

  /**
   * A view's snapshot read from the hubs, without a socket: also what the server renders a page's
   * first screen from (the page then subscribes and gets a newer one).
   */
  snapshot(user: SessionUser, spec: Exclude<ViewSpec, { kind: 'container' | 'image' | 'operation' }>): ViewSnapshot {
    const view = viewKey(spec);
    switch (spec.kind) {
      case 'hosts': {
        const hosts = listEngines(this.rt, user);
        return { view, streams: [{ stream: HOSTS_STREAM, rev: this.scopedRev(user, HOSTS_STREAM), data: { kind: 'hosts', hosts } }] };
      }
      case 'containers': {
        authorize(user, 'containers.read', spec.hostId);
        const hubs = spec.hostId ? [this.rt.engines.get(spec.hostId)] : this.rt.engines.list().filter((h) => canSeeHost(user, h.id));
        return { view, streams: hubs.map((hub) => this.containersSnapshot(hub)) };
      }
      case 'deleted': {
        const { records, total } = deletedHistory(this.rt, user, {});
        const data = { kind: 'deleted' as const, records, total, keep: this.rt.deleted.retention };
        return { view, streams: [{ stream: DELETED_STREAM, rev: this.scopedRev(user, DELETED_STREAM), data }] };
      }
      case 'images': {
        authorize(user, 'images.read', spec.hostId);
        const hubs = spec.hostId ? [this.rt.engines.get(spec.hostId)] : this.rt.engines.list().filter((h) => canSeeHost(user, h.id));
        return {
          view,
          streams: hubs.map((hub) => {
            const stream = imagesStream(hub.id);
            return { stream, rev: this.rev(stream), data: { kind: 'images' as const, hostId: hub.id, images: [...hub.images.values()] } };
          }),
        };
      }
      case 'networks': {
        // Reads of networks use hosts.read with the host; the all-hosts view shows the hosts the user may see.
        if (spec.hostId) authorize(user, 'hosts.read', spec.hostId);
        else authorize(user, 'hosts.read');
        const hubs = spec.hostId ? [this.rt.engines.get(spec.hostId)] : this.rt.engines.list().filter((h) => canSeeHost(user, h.id));
        return {
          view,
          streams: hubs.map((hub) => {
            const stream = networksStream(hub.id);
            return {
              stream,
              rev: this.rev(stream),
              data: { kind: 'networks' as const, hostId: hub.id, networks: [...hub.networks.values()] },
            };
          }),
        };
      }
      case 'volumes': {
        authorize(user, 'hosts.read', spec.hostId);
        const hubs = spec.hostId ? [this.rt.engines.get(spec.hostId)] : this.rt.engines.list().filter((h) => canSeeHost(user, h.id));
        return {
          view,
          streams: hubs.map((hub) => {
            // Sizes come from `docker system df`, asked at most every 30 s; its answer arrives as a delta.
            if (hub.status === 'online') void hub.diskUsage(DF_MAX_AGE_MS).catch(() => undefined);
            const stream = volumesStream(hub.id);
            return { stream, rev: this.rev(stream), data: { kind: 'volumes' as const, hostId: hub.id, volumes: volumeSummaries(hub) } };
          }),
        };
      }
      case 'updates': {
        authorize(user, 'containers.read');
        const updates = (this.rt.updates?.list() ?? []).filter((u) => canSeeHost(user, u.hostId));
        return {
          view,
          streams: [{ stream: UPDATES_STREAM, rev: this.scopedRev(user, UPDATES_STREAM), data: { kind: 'updates', updates } }],
        };
      }
      case 'events':
        return { view, streams: this.eventsSnapshot(user, spec.hostId) };
      case 'audit': {
        authorize(user, 'audit.read');
        const data = { kind: 'audit' as const, newest: newestAuditId(this.rt.db) };
        return { view, streams: [{ stream: AUDIT_STREAM, rev: this.rev(AUDIT_STREAM), data }] };
      }
      case 'operations': {
        authorize(user, 'images.read');
        const operations = this.rt.operations.list().filter((o) => !o.hostId || canSeeHost(user, o.hostId));
        return {
          view,
          streams: [{ stream: OPERATIONS_STREAM, rev: this.scopedRev(user, OPERATIONS_STREAM), data: { kind: 'operations', operations } }],
        };
      }
    }
  }

  /**
   * The newest events of the view's hosts from the store (after writing what is buffered, which
   * publishes it first), one stream per host: the store and the revisions agree in this tick.
   */
  private eventsSnapshot(user: SessionUser, hostId: string | undefined): StreamSnapshot[] {
    authorize(user, 'hosts.read', hostId);
    if (hostId) this.rt.engines.get(hostId);
    const hosts = hostId ? [hostId] : visibleHosts(this.rt, user);
    this.rt.events.flush();
    const newest = listEvents(this.rt.db, { hostIds: hosts, limit: EVENTS_SNAPSHOT_SIZE });
    return hosts.map((h) => {
      const stream = eventsStream(h);
      return { stream, rev: this.rev(stream), data: { kind: 'events' as const, hostId: h, events: newest.filter((e) => e.hostId === h) } };
    });
  }

  unsubscribe(socket: WharfSocket, spec: ViewSpec): void {
    const mine = this.socketViews(socket);
    const rooms = mine.get(viewKey(spec));
    if (!rooms) return;
    mine.delete(viewKey(spec));
    const still = new Set([...mine.values()].flat());
    for (const room of rooms) if (!still.has(room)) void socket.leave(room);
  }

  private socketViews(socket: WharfSocket): Map<string, string[]> {
    let m = this.views.get(socket);
    if (!m) this.views.set(socket, (m = new Map()));
    return m;
  }

  private containersSnapshot(hub: EngineHub): StreamSnapshot {
    const stream = containersStream(hub.id);
    return { stream, rev: this.rev(stream), data: { kind: 'containers', hostId: hub.id, containers: [...hub.containers.values()] } };
  }

  /**
   * One container: joined before the inspect, and the revision taken then, so a change during the
   * inspect arrives as a delta after (or instead of) what the inspect saw.
   */
  private async containerSnapshot(socket: WharfSocket, hostId: string, ref: string): Promise<StreamSnapshot> {
    const { hub, docker } = onlineEngine(this.rt, hostId);
    let id = resolveContainer(hub, ref)?.id;
    const inspect = async (what: string) => {
      try {
        return (await docker.getContainer(what).inspect()) as unknown as Record<string, unknown>;
      } catch (err) {
        throw engineFailure(err, `Container ${ref}`);
      }
    };
    // Not in the snapshot yet (created a moment ago): ask the engine for its full id first.
    if (!id) id = String((await inspect(ref)).Id ?? '');
    const stream = containerStream(hostId, id);
    const room = this.containerRoom(stream);
    void socket.join(room);
    const rev = this.rev(stream);
    try {
      const raw = await inspect(id);
      return { stream, rev, data: { kind: 'container', hostId, detail: maskContainerDetail(this.detail(hostId, raw)) } };
    } catch (err) {
      if (![...this.socketViews(socket).values()].some((rooms) => rooms.includes(room))) void socket.leave(room);
      throw err;
    }
  }

  private async refreshDetail(hostId: string, stream: string): Promise<void> {
    const id = stream.slice(containerStream(hostId, '').length);
    try {
      const { docker } = onlineEngine(this.rt, hostId);
      const raw = (await docker.getContainer(id).inspect()) as unknown as Record<string, unknown>;
      this.publish(stream, { op: 'detail', detail: this.detail(hostId, raw) });
    } catch (err) {
      if ((err as { statusCode?: number })?.statusCode === 404) this.publish(stream, { op: 'detail.removed' });
    }
  }

  private detail(hostId: string, raw: Record<string, unknown>): ContainerDetail {
    const name = this.rt.engines.has(hostId) ? this.rt.engines.get(hostId).name : hostId;
    return toContainerDetail(hostId, name, raw);
  }

  private watched(stream: string): boolean {
    const rooms = this.io.of('/').adapter.rooms;
    return (rooms.get(roomOf(stream))?.size ?? 0) > 0 || (rooms.get(audienceRoom(stream, MASKED))?.size ?? 0) > 0;
  }

  private watchedContainers(hostId: string): string[] {
    const prefix = roomOf(containerStream(hostId, ''));
    const out: string[] = [];
    for (const [room, members] of this.io.of('/').adapter.rooms) {
      const stream = room.slice(5).replace(/\|masked$/, '');
      if (members.size && room.startsWith(prefix) && streamHost(stream) === hostId && !out.includes(stream)) out.push(stream);
    }
    return out;
  }

  /**
   * The next revision of a stream, to its room (and to the all-containers room for host streams). A
   * container's detail goes only to its masked room, with its secrets masked.
   */
  private publish(stream: string, op: DeltaOp, alsoRoom?: string): void {
    const rev = this.rev(stream) + 1;
    this.revs.set(stream, rev);
    if (streamKind(stream) !== 'container') {
      this.io.to(alsoRoom ? [roomOf(stream), alsoRoom] : [roomOf(stream)]).emit('live.delta', { stream, rev, op });
      return;
    }
    const masked = op.op === 'detail' ? { op: 'detail' as const, detail: maskContainerDetail(op.detail) } : op;
    this.io.to(audienceRoom(stream, MASKED)).emit('live.delta', { stream, rev, op: masked });
  }

  /**
   * A change of a cross-host stream about one host: to admins as it is; to each audience that sees
   * the host as the next revision of that audience's own count (`redacted`: what non-admins get).
   */
  private publishScoped(stream: string, hostId: string, op: DeltaOp, redacted: DeltaOp = op): void {
    this.publish(stream, op);
    const audiences = this.audiences.get(stream);
    if (!audiences) return;
    const rooms = this.io.of('/').adapter.rooms;
    for (const audience of audiences) {
      const room = audienceRoom(stream, audience);
      if (!rooms.get(room)?.size) {
        audiences.delete(audience);
        continue;
      }
      if (!audienceSees(audience, hostId)) continue;
      const key = `${stream}|${audience}`;
      const rev = this.rev(key) + 1;
      this.revs.set(key, rev);
      this.io.to(room).emit('live.delta', { stream, rev, op: redacted });
    }
  }
}
