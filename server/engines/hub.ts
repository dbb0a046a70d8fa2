import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { ContainerSummary } from '../contracts/containers';
import type { ImageSummary } from '../contracts/images';
import type { NetworkSummary } from '../contracts/networks';
import type { EngineInput, EngineStatus, EngineSummary, HostInfo } from '../contracts/engines';
import { engineAddress } from '../contracts/engines';
import { fromInspect, fromListItem } from './container-mappers';
import { createDockerClient, describeEngineError, negotiate, withTimeout } from './connect';
import { countStates, toHostInfo } from './mappers';
import { JsonLines } from '../json';
import { fromImageListItem, readLayerInfo, withSharing, type LayerInfo } from './image-model';
import { aliasesFromInspect, fromNetworkInspect, isPredefined, type AliasBook } from './network-model';

/** What Wharf remembers of an engine between runs, to show while it is offline. */
export interface LastKnown {
  info: HostInfo;
  rawInfo: Record<string, unknown>;
  rawVersion: Record<string, unknown>;
  imageCount: number;
  lastSeen: string | null;
}

export interface HubEvents {
  summary: [EngineSummary];
  /** Fresh facts from `docker info` / `docker version`, after each (re)connect. */
  'last-known': [LastKnown];
  /** A container's summary changed (from the event itself, then from the inspect that follows). */
  'container.updated': [ContainerSummary];
  /** After every inspect, changed or not: the raw inspect a container page shows more of. */
  'container.inspected': [ContainerSummary, Record<string, unknown>];
  'container.removed': [{ hostId: string; id: string; last: ContainerSummary | null }];
  /** After each (re)connect: the whole list, read again. */
  'containers.reset': [{ hostId: string; containers: ContainerSummary[] }];
  'engine.event': [DockerEvent];
  /** An image appeared or changed (tags, digests, shared size). */
  'image.updated': [ImageSummary];
  'image.removed': [{ hostId: string; id: string }];
  /** The whole image list, read again (after a (re)connect, or when most of it changed). */
  'images.reset': [{ hostId: string; images: ImageSummary[] }];
  /** A network appeared or changed (containers attached, their IPs and aliases). */
  'network.updated': [NetworkSummary];
  'network.removed': [{ hostId: string; id: string }];
  /** The whole network list, read again after a (re)connect. */
  'networks.reset': [{ hostId: string; networks: NetworkSummary[] }];
  /** The host's volumes were listed again (after a volume event, or a (re)connect). */
  'volumes.changed': [{ hostId: string }];
}

/** A volume as the engine lists it. */
export interface EngineVolume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  Scope?: string;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
  CreatedAt?: string;
}

/** The names of the volumes a container mounts, from its list item or inspect (`Mounts`). */
function volumeNamesOf(raw: Record<string, unknown>): string[] {
  const mounts = Array.isArray(raw.Mounts) ? (raw.Mounts as Array<{ Type?: string; Name?: string }>) : [];
  return mounts.filter((m) => m.Type === 'volume' && m.Name).map((m) => m.Name!);
}

export interface DockerEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
  /** timeNano as the engine wrote it: a double keeps only ~256 ns of it. */
  timeNanoText?: string;
}

/** Keeps an event's exact timeNano digits from its line (the event store orders and dedupes by them). */
const exactNano = (ev: DockerEvent, line: string): DockerEvent => {
  const m = /"timeNano":(\d+)/.exec(line);
  if (m) ev.timeNanoText = m[1];
  return ev;
};

export interface HubTiming {
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  connectTimeoutMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
}

const DEFAULT_TIMING: HubTiming = {
  heartbeatMs: 2_000,
  heartbeatTimeoutMs: 2_500,
  connectTimeoutMs: 10_000,
  backoffMinMs: 500,
  backoffMaxMs: 4_000,
};

/** An event's time as ISO (timeNano when the engine sends it). */
function eventTime(ev: DockerEvent): string | null {
  if (typeof ev.timeNano === 'number') return new Date(Math.floor(ev.timeNano / 1e6)).toISOString();
  return typeof ev.time === 'number' ? new Date(ev.time * 1000).toISOString() : null;
}

/** Event actions that do not change what a container list shows. */
const IGNORED_CONTAINER_ACTIONS = /^(exec_|attach|resize|top|archive-path|extract-to-dir|export|copy|detach)/;

/**
 * What an event says by itself about a known container, shown at once; the inspect that follows
 * every event confirms it (or corrects it) a round trip later.
 */
function fromEvent(c: ContainerSummary, action: string, attrs: Record<string, string>, time: string | null): ContainerSummary | null {
  switch (action) {
    case 'pause':
      return { ...c, state: 'paused', status: 'paused' };
    case 'unpause':
      return { ...c, state: 'running', status: 'running' };
    case 'start':
      return { ...c, state: 'running', status: 'running', exitCode: null, startedAt: time ?? c.startedAt };
    case 'die': {
      const code = Number(attrs.exitCode);
      return {
        ...c,
        state: 'exited',
        status: 'exited',
        exitCode: Number.isInteger(code) ? code : c.exitCode,
        finishedAt: time ?? c.finishedAt,
      };
    }
    case 'rename':
      return attrs.name ? { ...c, name: attrs.name.replace(/^\//, '') } : null;
    default:
      return null;
  }
}

const sameSummary = (a: ContainerSummary | undefined, b: ContainerSummary) => !!a && JSON.stringify(a) === JSON.stringify(b);

/**
 * One per engine: owns the client, health, the single `/events` stream (resumed with `since`
 * after a drop) and a container snapshot kept exact from events.
 */
export class EngineHub extends EventEmitter<HubEvents> {
  status: EngineStatus = 'connecting';
  lastError: string | null = null;
  statusSince = new Date().toISOString();
  lastSeen: string | null = null;
  info: HostInfo | null = null;
  rawInfo: Record<string, unknown> | null = null;
  rawVersion: Record<string, unknown> | null = null;
  readonly containers = new Map<string, ContainerSummary>();
  /** The host's images, kept from image events; shared sizes filled in once their layers are read. */
  readonly images = new Map<string, ImageSummary>();
  /** Per image id, its layers and history: an id names fixed content, so each is read once. */
  readonly layerInfos = new Map<string, LayerInfo>();
  imageCount = 0;
  /** The tag count the last summary carried: a `docker tag` changes it without changing the images. */
  private summaryTags = 0;
  /** The host's networks, kept from network events (each re-inspected when an event names it). */
  readonly networks = new Map<string, NetworkSummary>();
  /** The raw inspect behind each network, so a container's alias change re-derives it without the engine. */
  private readonly networkRaw = new Map<string, Record<string, unknown>>();
  /** Per container, its aliases per network, from its inspects. */
  private readonly aliases: AliasBook = new Map();
  private networkTimer: NodeJS.Timeout | null = null;
  private networkSync: Promise<void> | null = null;
  private networkSyncAgain = false;
  private networkFullAgain = false;
  private readonly networkDirty = new Set<string>();
  /** The host's volumes by name, listed again on volume events. */
  readonly volumes = new Map<string, EngineVolume>();
  /** Per container id: the volumes it mounts (kept with the container snapshot). */
  readonly volumeMounts = new Map<string, string[]>();
  /** How many `/events` streams this hub holds open (0 or 1); benches check it. */
  eventStreams = 0;

  private client: Docker | null = null;
  private events: Readable | null = null;
  private lastEventTime: number | null = null;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private summaryTimer: NodeJS.Timeout | null = null;
  private imageTimer: NodeJS.Timeout | null = null;
  private volumeTimer: NodeJS.Timeout | null = null;
  private imageSync: Promise<void> | null = null;
  private imageSyncAgain = false;
  private inflight = new Map<string, Promise<void>>();
  private again = new Set<string>();
  /** Per container: how many changes were shown from events alone (an inspect begun before one is stale). */
  private readonly early = new Map<string, number>();
  private generation = 0;
  private stopped = false;
  private readonly timing: HubTiming;

  constructor(
    readonly id: string,
    public name: string,
    private spec: EngineInput,
    timing: Partial<HubTiming> = {},
    lastKnown?: LastKnown | null,
  ) {
    super();
    this.setMaxListeners(0);
    this.timing = { ...DEFAULT_TIMING, ...timing };
    if (lastKnown) {
      this.info = lastKnown.info;
      this.rawInfo = lastKnown.rawInfo;
      this.rawVersion = lastKnown.rawVersion;
      this.imageCount = lastKnown.imageCount;
      this.lastSeen = lastKnown.lastSeen;
    }
  }

  get kind() {
    return this.spec.kind;
  }
  get address() {
    return engineAddress(this.spec);
  }
  get connection(): EngineInput {
    return this.spec;
  }

  /** The client, if the engine is online; services call through it. */
  docker(): Docker | null {
    return this.status === 'online' ? this.client : null;
  }

  /** Resolves once the first connection attempt has an outcome (online or offline), or after `ms`. */
  whenSettled(ms: number): Promise<void> {
    if (this.status !== 'connecting') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.off('summary', onSummary);
        resolve();
      };
      const onSummary = (s: EngineSummary) => {
        if (s.status !== 'connecting') done();
      };
      const timer = setTimeout(done, ms);
      this.on('summary', onSummary);
    });
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.teardown();
    for (const t of [this.reconnectTimer, this.summaryTimer, this.imageTimer, this.networkTimer]) if (t) clearTimeout(t);
    this.reconnectTimer = this.summaryTimer = this.imageTimer = this.networkTimer = null;
    for (const t of [this.reconnectTimer, this.summaryTimer, this.imageTimer, this.volumeTimer]) if (t) clearTimeout(t);
    this.reconnectTimer = this.summaryTimer = this.imageTimer = this.volumeTimer = null;
    this.removeAllListeners();
  }

  summary(): EngineSummary {
    return {
      id: this.id,
      name: this.name,
      kind: this.spec.kind,
      address: this.address,
      status: this.status,
      lastError: this.lastError,
      statusSince: this.statusSince,
      lastSeen: this.lastSeen,
      info: this.info,
      counts: this.info
        ? countStates(
            Array.from(this.containers.values(), (c) => c.state),
            this.imageCount,
            this.images.size ? this.imageTagCount() : this.imageCount ? null : 0,
          )
        : null,
    };
  }

  private setStatus(status: EngineStatus, error: string | null): void {
    if (this.status !== status) this.statusSince = new Date().toISOString();
    this.status = status;
    this.lastError = error;
    this.emitSummarySoon(0);
  }

  private emitSummarySoon(delayMs = 15): void {
    if (this.summaryTimer) return;
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = null;
      if (!this.stopped) this.emit('summary', this.summary());
    }, delayMs);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const gen = ++this.generation;
    this.teardown();
    const spec = this.spec;
    const docker = createDockerClient(spec);
    try {
      const neg = await negotiate(docker, spec, this.timing.connectTimeoutMs);
      const info = (await withTimeout(docker.info(), this.timing.connectTimeoutMs, spec)) as Record<string, unknown>;
      if (gen !== this.generation) return;
      this.client = docker;
      this.rawVersion = neg.version;
      this.rawInfo = info;
      this.info = toHostInfo(info, neg.version, neg.negotiatedApiVersion);
      // Subscribe before listing, so nothing that happens in between is missed; events that
      // arrive while the list is in flight are re-inspected afterwards.
      const pending: DockerEvent[] = [];
      let listing = true;
      await withTimeout(
        this.openEvents(docker, gen, (ev) => (listing ? pending.push(ev) : this.onEvent(ev))),
        this.timing.connectTimeoutMs,
        spec,
      );
      const [list, images, volumes] = await Promise.all([
        withTimeout(docker.listContainers({ all: true }), this.timing.connectTimeoutMs, spec),
        withTimeout(docker.listImages(), this.timing.connectTimeoutMs, spec),
        withTimeout(docker.listVolumes(), this.timing.connectTimeoutMs, spec),
      ]);
      if (gen !== this.generation) return;
      const seen = new Set<string>();
      for (const item of list) {
        const c = fromListItem(this.id, item as unknown as Record<string, unknown>);
        seen.add(c.id);
        this.containers.set(c.id, c);
        this.volumeMounts.set(c.id, volumeNamesOf(item as unknown as Record<string, unknown>));
      }
      for (const [id, last] of this.containers) {
        // Gone while we were disconnected: report it, so a "deleted" record can be kept.
        if (!seen.has(id)) {
          this.containers.delete(id);
          this.volumeMounts.delete(id);
          this.emit('container.removed', { hostId: this.id, id, last });
        }
      }
      this.imageCount = images.length;
      this.emit('containers.reset', { hostId: this.id, containers: [...this.containers.values()] });
      this.readStoppedBindings(gen);
      this.resetImages(images as unknown as Array<Record<string, unknown>>);
      void this.syncNetworks(true);
      this.setVolumes(volumes as unknown as { Volumes?: EngineVolume[] | null });
      listing = false;
      for (const ev of pending.splice(0)) this.onEvent(ev);
      this.attempt = 0;
      this.lastSeen = new Date().toISOString();
      this.setStatus('online', null);
      this.emit('last-known', {
        info: this.info,
        rawInfo: info,
        rawVersion: neg.version,
        imageCount: this.imageCount,
        lastSeen: this.lastSeen,
      });
      this.startHeartbeat(gen);
    } catch (err) {
      if (gen !== this.generation) return;
      this.fail(describeEngineError(err, spec).message);
    }
  }

  private openEvents(docker: Docker, gen: number, onEvent: (ev: DockerEvent) => void): Promise<void> {
    const opts: { since?: number } = {};
    // `since` replays what happened while we were away (the engine keeps its last 256 events).
    if (this.lastEventTime) opts.since = this.lastEventTime;
    return new Promise((resolve, reject) => {
      docker.getEvents(opts, (err, stream) => {
        if (err || !stream) return reject(err ?? new Error('no event stream'));
        if (gen !== this.generation) {
          (stream as Readable).destroy();
          return resolve();
        }
        const events = stream as Readable;
        this.events = events;
        this.eventStreams = 1;
        const lines = new JsonLines<DockerEvent>(exactNano);
        events.on('data', (chunk: Buffer) => {
          for (const ev of lines.push(chunk)) onEvent(ev);
        });
        const ended = (why: string) => {
          if (gen !== this.generation || this.stopped) return;
          this.fail(why);
        };
        events.on('error', (e: Error) => ended(`Event stream failed: ${e.message}`));
        events.on('end', () => ended('The engine closed its event stream'));
        events.on('close', () => ended('The engine connection closed'));
        resolve();
      });
    });
  }

  private onEvent(ev: DockerEvent): void {
    this.lastSeen = new Date().toISOString();
    if (typeof ev.time === 'number') this.lastEventTime = Math.max(this.lastEventTime ?? 0, ev.time);
    this.emit('engine.event', ev);
    const type = ev.Type ?? 'container';
    const action = ev.Action ?? ev.status ?? '';
    const id = ev.Actor?.ID ?? ev.id ?? '';
    if (type === 'container' && id) {
      // Images made without an image event: `docker commit` without a tag, and a classic build without one (its
      // step containers, made from an image id, are destroyed once the step's image is committed).
      if (action === 'commit' || (action === 'destroy' && ev.Actor?.Attributes?.image?.startsWith('sha256:'))) this.refreshImagesSoon();
      if (IGNORED_CONTAINER_ACTIONS.test(action)) return;
      if (action === 'destroy') {
        const last = this.containers.get(id) ?? null;
        this.containers.delete(id);
        this.volumeMounts.delete(id);
        this.early.delete(id);
        this.aliases.delete(id);
        this.emit('container.removed', { hostId: this.id, id, last });
        this.emitSummarySoon();
        return;
      }
      const known = this.containers.get(id);
      const early = known && fromEvent(known, action, ev.Actor?.Attributes ?? {}, eventTime(ev));
      if (early && !sameSummary(known, early)) {
        this.early.set(id, (this.early.get(id) ?? 0) + 1);
        this.containers.set(id, early);
        this.emit('container.updated', early);
        this.emitSummarySoon();
      }
      this.refreshContainer(id);
    } else if (type === 'image' && !/^(push|save)$/.test(action)) {
      this.refreshImagesSoon();
    } else if (type === 'network' && id) {
      // A connect or disconnect changes the container too (its networks, IPs, aliases): read it again.
      const container = ev.Actor?.Attributes?.container;
      if (container && (action === 'connect' || action === 'disconnect')) this.refreshContainer(container);
      this.networkDirty.add(id);
      this.refreshNetworksSoon();
    } else if (type === 'volume') {
      this.refreshVolumesSoon();
    }
  }

  /**
   * The list answer has no port bindings for containers that are not running (only inspect has them):
   * read those in the background, a few at a time, so the ports page knows what a stopped container
   * asks for without waiting for its next event.
   */
  private readStoppedBindings(gen: number): void {
    const ids = [...this.containers.values()].filter((c) => !c.bindings && !c.ports.length && !ACTIVE.has(c.state)).map((c) => c.id);
    void pool(ids, 4, async (id) => {
      if (gen !== this.generation) return;
      this.refreshContainer(id);
      await this.inflight.get(id)?.catch(() => undefined);
    });
  }

  /** Re-inspects one container; a second event during the inspect schedules one more. */
  private refreshContainer(id: string): void {
    if (this.inflight.has(id)) {
      this.again.add(id);
      return;
    }
    const docker = this.client;
    if (!docker) return;
    const gen = this.generation;
    const seen = this.early.get(id) ?? 0;
    const p = docker
      .getContainer(id)
      .inspect()
      .then((raw) => {
        if (gen !== this.generation) return;
        // An event changed the container while this inspect was out: what it read may be older than
        // what the event already showed. The inspect that follows (again) has the final word.
        if (this.again.has(id) && (this.early.get(id) ?? 0) !== seen) return;
        const inspected = raw as unknown as Record<string, unknown>;
        const c = fromInspect(this.id, inspected);
        // Already shown from the event: no second update for the same thing.
        const changed = !sameSummary(this.containers.get(id), c);
        this.containers.set(id, c);
        this.volumeMounts.set(id, volumeNamesOf(inspected));
        if (changed) {
          this.emit('container.updated', c);
          this.emitSummarySoon();
        }
        this.emit('container.inspected', c, inspected);
        this.noteAliases(id, inspected);
      })
      .catch((err: { statusCode?: number }) => {
        if (gen !== this.generation) return;
        if (err?.statusCode === 404 && this.containers.has(id)) {
          const last = this.containers.get(id) ?? null;
          this.containers.delete(id);
          this.emit('container.removed', { hostId: this.id, id, last });
          this.emitSummarySoon();
        }
      })
      .finally(() => {
        this.inflight.delete(id);
        if (this.again.delete(id)) this.refreshContainer(id);
      });
    this.inflight.set(id, p);
  }

  /** The last `docker system df` asked (on demand, reused for `maxAgeMs`): the Disk page and volume sizes read it. */
  private df: { at: number; promise: Promise<Record<string, unknown>> } | null = null;
  lastDf: Record<string, unknown> | null = null;
  /** When `lastDf` was answered (ms since epoch). */
  diskUsageAt: number | null = null;

  /** `docker system df`, reused while younger than `maxAgeMs` (0: ask again); volume sizes follow it. */
  diskUsage(maxAgeMs = 30_000): Promise<Record<string, unknown>> {
    const now = Date.now();
    if (this.df && now - this.df.at < maxAgeMs) return this.df.promise;
    const docker = this.client;
    if (!docker) return Promise.reject(new Error(`Engine ${this.name} is offline`));
    // The engine runs one df at a time and refuses a second ("a disk usage operation is already
    // running"): wait for ours in flight, and ask again briefly when another client holds it.
    const ask = async (): Promise<Record<string, unknown>> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return (await docker.df()) as Record<string, unknown>;
        } catch (err) {
          if (attempt >= 20 || !/disk usage operation is already running/i.test(String((err as Error)?.message))) throw err;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    };
    const before = this.df?.promise;
    const promise = (before ? before.then(ask, ask) : ask()).then((raw) => {
      this.lastDf = raw;
      this.diskUsageAt = Date.now();
      this.emit('volumes.changed', { hostId: this.id });
      return raw;
    });
    const entry = { at: now, promise };
    promise.catch(() => {
      if (this.df === entry) this.df = null;
    });
    this.df = entry;
    return promise;
  }

  /** Volume events come in bursts (a compose up mounts many): one list per burst. */
  private refreshVolumesSoon(): void {
    if (this.volumeTimer) return;
    this.volumeTimer = setTimeout(() => {
      this.volumeTimer = null;
      void this.syncVolumes();
    }, 60);
  }

  /** Lists the volumes again; services call it after a change so the answer finds the list current. */
  async syncVolumes(): Promise<void> {
    const docker = this.client;
    if (!docker) return;
    const gen = this.generation;
    try {
      const res = (await docker.listVolumes()) as unknown as { Volumes?: EngineVolume[] | null };
      if (gen === this.generation) this.setVolumes(res);
    } catch {
      // The engine went away: the reconnect lists them again.
    }
  }

  private setVolumes(res: { Volumes?: EngineVolume[] | null }): void {
    this.volumes.clear();
    for (const v of res.Volumes ?? []) this.volumes.set(v.Name, v);
    this.emit('volumes.changed', { hostId: this.id });
  }

  private refreshImagesSoon(): void {
    if (this.imageTimer) return;
    this.imageTimer = setTimeout(() => {
      this.imageTimer = null;
      void this.syncImages();
    }, 60);
  }

  /** After a (re)connect: the list as listed at once (sizes shared unknown), then their layers in the background. */
  private resetImages(items: Array<Record<string, unknown>>): void {
    const fresh = items.map((i) => fromImageListItem(this.id, i));
    const ids = new Set(fresh.map((i) => i.id));
    for (const id of this.layerInfos.keys()) if (!ids.has(id)) this.layerInfos.delete(id);
    this.images.clear();
    for (const img of withSharing(fresh, this.layerInfos)) this.images.set(img.id, img);
    this.emit('images.reset', { hostId: this.id, images: [...this.images.values()] });
    void this.syncImages(items);
  }

  /** Lists images again (or uses `listed`), reads the layers of new ones, and reports what changed. One at a time. */
  syncImages(listed?: Array<Record<string, unknown>>): Promise<void> {
    if (this.imageSync) {
      this.imageSyncAgain = true;
      return this.imageSync;
    }
    const docker = this.client;
    if (!docker) return Promise.resolve();
    const gen = this.generation;
    const run = async () => {
      const items = listed ?? ((await docker.listImages()) as unknown as Array<Record<string, unknown>>);
      if (gen !== this.generation) return;
      const fresh = items.map((i) => fromImageListItem(this.id, i));
      const missing = fresh.filter((i) => !this.layerInfos.has(i.id)).map((i) => i.id);
      let next = 0;
      const worker = async () => {
        while (next < missing.length) {
          const id = missing[next++]!;
          try {
            const info = await readLayerInfo(docker, id);
            if (gen === this.generation) this.layerInfos.set(id, info);
          } catch {
            // Removed meanwhile: the next list drops it.
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(4, missing.length) }, worker));
      if (gen !== this.generation) return;
      const ids = new Set(fresh.map((i) => i.id));
      for (const id of this.layerInfos.keys()) if (!ids.has(id)) this.layerInfos.delete(id);
      this.applyImages(withSharing(fresh, this.layerInfos));
    };
    const p = run()
      .catch(() => undefined)
      .finally(() => {
        this.imageSync = null;
        if (this.imageSyncAgain) {
          this.imageSyncAgain = false;
          void this.syncImages();
        }
      });
    this.imageSync = p;
    return p;
  }

  private imageTagCount(): number {
    let n = 0;
    for (const img of this.images.values()) n += img.tags.length;
    return n;
  }

  private applyImages(next: ImageSummary[]): void {
    const changed: ImageSummary[] = [];
    const seen = new Set<string>();
    for (const img of next) {
      seen.add(img.id);
      const before = this.images.get(img.id);
      if (!before || JSON.stringify(before) !== JSON.stringify(img)) changed.push(img);
    }
    const removed = [...this.images.keys()].filter((id) => !seen.has(id));
    this.images.clear();
    for (const img of next) this.images.set(img.id, img);
    const tags = this.imageTagCount();
    if (this.imageCount !== next.length || this.summaryTags !== tags) {
      this.imageCount = next.length;
      this.summaryTags = tags;
      this.emitSummarySoon();
    }
    // Many changes at once (the first read of all layers): one reset instead of hundreds of deltas.
    if (changed.length + removed.length > 50) {
      this.emit('images.reset', { hostId: this.id, images: next });
      return;
    }
    for (const id of removed) this.emit('image.removed', { hostId: this.id, id });
    for (const img of changed) this.emit('image.updated', img);
  }

  /** A container's aliases as its inspect says; networks that show it are derived again if they changed. */
  private noteAliases(containerId: string, inspected: Record<string, unknown>): void {
    const next = aliasesFromInspect(inspected);
    const before = this.aliases.get(containerId);
    this.aliases.set(containerId, next);
    if (before && JSON.stringify(before) === JSON.stringify(next)) return;
    for (const raw of this.networkRaw.values()) {
      if (!Object.hasOwn((raw.Containers ?? {}) as object, containerId)) continue;
      this.putNetwork(fromNetworkInspect(this.id, raw, this.aliases));
    }
  }

  private refreshNetworksSoon(): void {
    if (this.networkTimer) return;
    this.networkTimer = setTimeout(() => {
      this.networkTimer = null;
      void this.syncNetworks();
    }, 60);
  }

  /**
   * Lists networks and inspects the new ones and those an event named (the list itself carries no
   * containers); `full` after a (re)connect reads all of them and reports the whole list. One at a time.
   */
  syncNetworks(full = false): Promise<void> {
    if (this.networkSync) {
      this.networkSyncAgain = true;
      this.networkFullAgain ||= full;
      return this.networkSync;
    }
    const docker = this.client;
    if (!docker) return Promise.resolve();
    const gen = this.generation;
    const dirty = new Set(this.networkDirty);
    this.networkDirty.clear();
    const run = async () => {
      const list = (await docker.listNetworks()) as unknown as Array<Record<string, unknown>>;
      if (gen !== this.generation) return;
      const ids = list.map((n) => String(n.Id ?? ''));
      const wanted = ids.filter((id) => full || dirty.has(id) || !this.networkRaw.has(id));
      const read = new Map<string, Record<string, unknown>>();
      await pool(wanted, 4, async (id) => {
        try {
          read.set(id, (await docker.getNetwork(id).inspect()) as unknown as Record<string, unknown>);
        } catch {
          // Removed meanwhile: its destroy event follows.
        }
      });
      if (gen !== this.generation) return;
      if (full) this.aliases.clear();
      // Aliases exist only on user networks: read the containers there the hub has not inspected yet.
      const unknown = new Set<string>();
      for (const raw of read.values()) {
        if (isPredefined(raw)) continue;
        for (const cid of Object.keys((raw.Containers ?? {}) as object))
          if (!this.aliases.has(cid) && !cid.startsWith('lb-')) unknown.add(cid);
      }
      await pool([...unknown], 4, async (cid) => {
        try {
          this.aliases.set(cid, aliasesFromInspect((await docker.getContainer(cid).inspect()) as unknown as Record<string, unknown>));
        } catch {
          this.aliases.set(cid, {});
        }
      });
      if (gen !== this.generation) return;
      const keep = new Set(ids);
      for (const [id, raw] of read) this.networkRaw.set(id, raw);
      for (const id of [...this.networkRaw.keys()]) if (!keep.has(id) || (dirty.has(id) && !read.has(id))) this.networkRaw.delete(id);
      if (full) {
        this.networks.clear();
        for (const raw of this.networkRaw.values()) {
          const n = fromNetworkInspect(this.id, raw, this.aliases);
          this.networks.set(n.id, n);
        }
        this.emit('networks.reset', { hostId: this.id, networks: [...this.networks.values()] });
        return;
      }
      for (const id of [...this.networks.keys()]) {
        if (this.networkRaw.has(id)) continue;
        this.networks.delete(id);
        this.emit('network.removed', { hostId: this.id, id });
      }
      for (const raw of read.values()) this.putNetwork(fromNetworkInspect(this.id, raw, this.aliases));
    };
    const p = run()
      .catch(() => {
        // The list failed (engine going away): what an event named is read on the next sync.
        for (const id of dirty) this.networkDirty.add(id);
      })
      .finally(() => {
        this.networkSync = null;
        if (this.networkFullAgain) {
          this.networkFullAgain = this.networkSyncAgain = false;
          void this.syncNetworks(true);
        } else if (this.networkSyncAgain || this.networkDirty.size) {
          this.networkSyncAgain = false;
          if (this.client) this.refreshNetworksSoon();
        }
      });
    this.networkSync = p;
    return p;
  }

  /**
   * The networks as the engine has them now, for a preview that must be exact: waits for a sync in
   * flight, then lists once more (new networks are read whether or not their event has arrived).
   */
  async settleNetworks(): Promise<void> {
    if (this.networkSync) await this.networkSync;
    await this.syncNetworks();
  }

  private putNetwork(n: NetworkSummary): void {
    const before = this.networks.get(n.id);
    if (before && JSON.stringify(before) === JSON.stringify(n)) return;
    this.networks.set(n.id, n);
    this.emit('network.updated', n);
  }

  /**
   * A dead unix socket ends the event stream at once; a TCP peer that vanished without a FIN
   * does not, so a light ping notices it within a few seconds.
   */
  private startHeartbeat(gen: number): void {
    const beat = () => {
      if (gen !== this.generation || this.stopped) return;
      const docker = this.client;
      if (!docker) return;
      withTimeout(docker.ping(), this.timing.heartbeatTimeoutMs, this.spec)
        .then(() => {
          if (gen !== this.generation) return;
          this.lastSeen = new Date().toISOString();
          this.heartbeatTimer = setTimeout(beat, this.timing.heartbeatMs);
        })
        .catch((err) => {
          if (gen !== this.generation) return;
          this.fail(describeEngineError(err, this.spec).message);
        });
    };
    this.heartbeatTimer = setTimeout(beat, this.timing.heartbeatMs);
  }

  private fail(message: string): void {
    this.generation++;
    this.teardown();
    this.setStatus('offline', message);
    if (this.stopped) return;
    const delay = Math.min(this.timing.backoffMaxMs, this.timing.backoffMinMs * 2 ** this.attempt);
    this.attempt++;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
  }

  private teardown(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
    if (this.events) {
      const e = this.events;
      this.events = null;
      e.removeAllListeners();
      e.on('error', () => undefined);
      e.destroy();
    }
    this.eventStreams = 0;
    this.client = null;
    this.inflight.clear();
    this.again.clear();
    this.early.clear();
  }
}

/** Runs `fn` over `items`, at most `n` at a time. */
/** States whose ports the list answer already carries. */
const ACTIVE = new Set(['running', 'paused', 'restarting']);

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}
