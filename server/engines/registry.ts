import { EventEmitter } from 'node:events';
import type { ContainerSummary } from '../contracts/containers';
import type { EngineInput, EngineSummary } from '../contracts/engines';
import type { NetworkSummary } from '../contracts/networks';
import type { ImageSummary } from '../contracts/images';
import { NotFoundError } from '../errors';
import { quoteRef } from '../contracts/refs';
import { EngineHub, type DockerEvent, type HubTiming, type LastKnown } from './hub';

export interface RegistryEvents {
  'engine.status': [EngineSummary];
  'engine.removed': [{ id: string }];
  'container.updated': [ContainerSummary];
  'container.inspected': [ContainerSummary, Record<string, unknown>];
  'container.removed': [{ hostId: string; id: string; last: ContainerSummary | null }];
  'containers.reset': [{ hostId: string; containers: ContainerSummary[] }];
  'engine.event': [{ hostId: string; event: DockerEvent }];
  'engine.last-known': [{ id: string; lastKnown: LastKnown }];
  'image.updated': [ImageSummary];
  'image.removed': [{ hostId: string; id: string }];
  'images.reset': [{ hostId: string; images: ImageSummary[] }];
  'network.updated': [NetworkSummary];
  'network.removed': [{ hostId: string; id: string }];
  'networks.reset': [{ hostId: string; networks: NetworkSummary[] }];
  'volumes.changed': [{ hostId: string }];
}

/** All engine hubs, keyed by engine id. Lives on the runtime singleton, never duplicated. */
export class EngineRegistry extends EventEmitter<RegistryEvents> {
  private readonly hubs = new Map<string, EngineHub>();

  constructor(private readonly timing: Partial<HubTiming> = {}) {
    super();
    this.setMaxListeners(0);
  }

  add(id: string, name: string, spec: EngineInput, lastKnown?: LastKnown | null): EngineHub {
    this.remove(id, { silent: true });
    const hub = new EngineHub(id, name, spec, this.timing, lastKnown);
    hub.on('last-known', (k) => this.emit('engine.last-known', { id, lastKnown: k }));
    hub.on('summary', (s) => this.emit('engine.status', s));
    hub.on('container.updated', (c) => this.emit('container.updated', c));
    hub.on('container.inspected', (c, raw) => this.emit('container.inspected', c, raw));
    hub.on('container.removed', (r) => this.emit('container.removed', r));
    hub.on('containers.reset', (r) => this.emit('containers.reset', r));
    hub.on('engine.event', (event) => this.emit('engine.event', { hostId: id, event }));
    hub.on('image.updated', (img) => this.emit('image.updated', img));
    hub.on('image.removed', (r) => this.emit('image.removed', r));
    hub.on('images.reset', (r) => this.emit('images.reset', r));
    hub.on('network.updated', (n) => this.emit('network.updated', n));
    hub.on('network.removed', (r) => this.emit('network.removed', r));
    hub.on('networks.reset', (r) => this.emit('networks.reset', r));
    hub.on('volumes.changed', (r) => this.emit('volumes.changed', r));
    this.hubs.set(id, hub);
    hub.start();
    // Shown at once as "connecting", not only once the first attempt has an outcome.
    this.emit('engine.status', hub.summary());
    return hub;
  }

  remove(id: string, opts: { silent?: boolean } = {}): void {
    const hub = this.hubs.get(id);
    if (!hub) return;
    hub.stop();
    this.hubs.delete(id);
    if (!opts.silent) this.emit('engine.removed', { id });
  }

  get(id: string): EngineHub {
    const hub = this.hubs.get(id);
    if (!hub) throw new NotFoundError(`No engine with id ${quoteRef(id)}`);
    return hub;
  }

  has(id: string): boolean {
    return this.hubs.has(id);
  }

  list(): EngineHub[] {
    return [...this.hubs.values()];
  }

  summaries(order?: string[]): EngineSummary[] {
    const hubs = this.list();
    if (order) hubs.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    return hubs.map((h) => h.summary());
  }

  close(): void {
    for (const id of [...this.hubs.keys()]) this.remove(id, { silent: true });
    this.removeAllListeners();
  }
}
