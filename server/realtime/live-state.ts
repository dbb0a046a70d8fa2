import type { SessionUser } from '../contracts/auth';
import type { ContainerDetail } from '../contracts/containers';
import {
  containersStream,
  containerStream,
  DELETED_STREAM,
  HOSTS_STREAM,
  streamHost,
  viewKey,
  type DeltaOp,
  type StreamSnapshot,
  type ViewSnapshot,
  type ViewSpec,
} from '../contracts/live';
import { engineFailure, onlineEngine, resolveContainer } from '../engines/access';
import { toContainerDetail } from '../engines/container-mappers';
import type { EngineHub } from '../engines/hub';
import type { Runtime } from '../runtime';
import { listDeletedContainers } from '../services/containers';
import { listEngines } from '../services/engines';
import { authorize } from '../services/authorize';
import type { WharfServer, WharfSocket } from './index';

/** The socket.io room of a stream; the all-containers view has one room for every host's stream. */
const roomOf = (stream: string) => `live:${stream}`;
const ALL_CONTAINERS_ROOM = 'live:containers';

/**
 * The server half of the live-state protocol (server/contracts/live.ts). Each stream has one revision
 * counter; a change is published once, to the stream's room, as the next revision. A snapshot is read
 * from the hubs in the same tick as the socket joins the room, so no change falls between the two.
 */
export class LiveState {
  private readonly revs = new Map<string, number>();
  /** Per socket: the rooms each of its views holds. */
  private readonly views = new WeakMap<WharfSocket, Map<string, string[]>>();

  constructor(
    private readonly rt: Runtime,
    private readonly io: WharfServer,
  ) {
    const reg = rt.engines;
    reg.on('engine.status', (host) => this.publish(HOSTS_STREAM, { op: 'host', host }));
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
      this.publish(HOSTS_STREAM, { op: 'host.removed', id });
      this.publish(containersStream(id), { op: 'stream.ended' }, ALL_CONTAINERS_ROOM);
      this.revs.delete(containersStream(id));
      for (const stream of this.watchedContainers(id)) {
        this.publish(stream, { op: 'detail.removed' });
        this.revs.delete(stream);
        this.io.in(roomOf(stream)).socketsLeave(roomOf(stream));
      }
      this.io.in(roomOf(containersStream(id))).socketsLeave(roomOf(containersStream(id)));
    });
    rt.deleted.onRecord((record) => this.publish(DELETED_STREAM, { op: 'deleted', record }));
  }

  /** Current revision of a stream (0 before its first change). */
  rev(stream: string): number {
    return this.revs.get(stream) ?? 0;
  }

  async subscribe(socket: WharfSocket, spec: ViewSpec): Promise<ViewSnapshot> {
    const user = socket.data.user;
    let snap: ViewSnapshot;
    let rooms: string[];
    if (spec.kind === 'container') {
      authorize(user, 'containers.read');
      const stream = await this.containerSnapshot(socket, spec.hostId, spec.id);
      snap = { view: viewKey(spec), streams: [stream] };
      rooms = [roomOf(stream.stream)];
    } else {
      snap = this.snapshot(user, spec);
      rooms =
        spec.kind === 'containers'
          ? [spec.hostId ? roomOf(containersStream(spec.hostId)) : ALL_CONTAINERS_ROOM]
          : [roomOf(snap.streams[0]!.stream)];
    }
    // Joined in the same tick as the snapshot was read (the container view joins before its inspect).
    void socket.join(rooms);
    this.socketViews(socket).set(snap.view, rooms);
    return snap;
  }

  /**
   * A view's snapshot read from the hubs, without a socket: also what the server renders a page's
   * first screen from (the page then subscribes and gets a newer one).
   */
  snapshot(user: SessionUser, spec: Exclude<ViewSpec, { kind: 'container' }>): ViewSnapshot {
    const view = viewKey(spec);
    switch (spec.kind) {
      case 'hosts': {
        const hosts = listEngines(this.rt, user);
        return { view, streams: [{ stream: HOSTS_STREAM, rev: this.rev(HOSTS_STREAM), data: { kind: 'hosts', hosts } }] };
      }
      case 'containers': {
        authorize(user, 'containers.read');
        const hubs = spec.hostId ? [this.rt.engines.get(spec.hostId)] : this.rt.engines.list();
        return { view, streams: hubs.map((hub) => this.containersSnapshot(hub)) };
      }
      case 'deleted': {
        const records = listDeletedContainers(this.rt, user);
        return { view, streams: [{ stream: DELETED_STREAM, rev: this.rev(DELETED_STREAM), data: { kind: 'deleted', records } }] };
      }
    }
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
    const room = roomOf(stream);
    void socket.join(room);
    const rev = this.rev(stream);
    try {
      const raw = await inspect(id);
      return { stream, rev, data: { kind: 'container', hostId, detail: this.detail(hostId, raw) } };
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
    return (this.io.of('/').adapter.rooms.get(roomOf(stream))?.size ?? 0) > 0;
  }

  private watchedContainers(hostId: string): string[] {
    const prefix = roomOf(containerStream(hostId, ''));
    const out: string[] = [];
    for (const [room, members] of this.io.of('/').adapter.rooms) {
      if (members.size && room.startsWith(prefix) && streamHost(room.slice(5)) === hostId) out.push(room.slice(5));
    }
    return out;
  }

  /** The next revision of a stream, to its room (and to the all-containers room for host streams). */
  private publish(stream: string, op: DeltaOp, alsoRoom?: string): void {
    const rev = this.rev(stream) + 1;
    this.revs.set(stream, rev);
    const rooms = alsoRoom ? [roomOf(stream), alsoRoom] : roomOf(stream);
    this.io.to(rooms).emit('live.delta', { stream, rev, op });
  }
}
