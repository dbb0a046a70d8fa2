import type { z } from 'zod';
import { connectNetworkSchema, createNetworkSchema, disconnectNetworkSchema, pruneNetworksSchema } from '../contracts/network-requests';
import {
  NETWORK_DRIVERS,
  type NetworkCreateOptions,
  type NetworkPrunePreview,
  type NetworkPruneReport,
  type NetworkSummary,
} from '../contracts/networks';
import { quoteRef } from '../contracts/refs';
import { engineFailure, onlineEngine, resolveContainer } from '../engines/access';
import type { EngineHub } from '../engines/hub';
import { type AppError, ConflictError, EngineError, isAppError, NotFoundError, ValidationError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import { audited, type Actor } from './audit';
import { authorize } from './authorize';
import { matchesLabelFilter } from './image-admin';

// Create, remove, connect, disconnect and prune networks. The hub's list (kept from network events)
// says what is there and who is attached, so refusals name containers before the engine is asked.

function parse<S extends z.ZodType>(schema: S, v: unknown): z.output<S> {
  const r = schema.safeParse(v);
  if (!r.success) throw validationFromZod(r.error.issues);
  return r.data;
}

/** A network by full id, name, or id prefix (4+ hex). */
export function resolveNetwork(hub: EngineHub, ref: string): NetworkSummary | undefined {
  const direct = hub.networks.get(ref);
  if (direct) return direct;
  for (const n of hub.networks.values()) if (n.name === ref) return n;
  if (/^[a-f0-9]{4,64}$/.test(ref)) for (const n of hub.networks.values()) if (n.id.startsWith(ref)) return n;
  return undefined;
}

/** The network as the hub lists it; one made a moment ago (the list has not caught up) after a re-list. */
async function findNetwork(hub: EngineHub, ref: string): Promise<NetworkSummary> {
  const found = resolveNetwork(hub, ref);
  if (found) return found;
  await hub.syncNetworks();
  const again = resolveNetwork(hub, ref);
  if (!again) throw new NotFoundError(`No network ${quoteRef(ref)} on ${hub.name}`);
  return again;
}

/** Whether the engine manages a swarm (overlay networks need one). */
function isSwarmManager(hub: EngineHub): boolean {
  const swarm = (hub.rawInfo?.Swarm ?? {}) as { LocalNodeState?: string; ControlAvailable?: boolean };
  return swarm.LocalNodeState === 'active' && swarm.ControlAvailable === true;
}

export function networkCreateOptions(rt: Runtime, actor: Actor | null, hostId: string): NetworkCreateOptions {
  authorize(actor, 'hosts.read', hostId);
  const hub = rt.engines.get(hostId);
  const swarmManager = isSwarmManager(hub);
  return { drivers: NETWORK_DRIVERS.filter((d) => d !== 'overlay' || swarmManager), swarmManager };
}

/** "container web-1 (running)", "3 containers: a (running), b (running), c (paused)". */
function describeAttached(hub: EngineHub, n: NetworkSummary): string {
  const names = n.containers.map((e) => {
    const c = hub.containers.get(e.containerId);
    return `${c?.name ?? e.name} (${c?.state ?? 'running'})`;
  });
  const shown = names.slice(0, 5).join(', ');
  const more = names.length > 5 ? ` and ${names.length - 5} more` : '';
  return names.length === 1 ? `container ${shown}` : `${names.length} containers: ${shown}${more}`;
}

/**
 * The engine refuses many network settings with a 500 (pool overlaps, a gateway outside the subnet, no
 * such parent interface): those are the caller's input, so a 422 with the engine's words.
 */
function createRefusal(err: unknown, name: string): AppError {
  const e = engineFailure(err, `Create network ${name}`);
  // "Pool overlaps with other one on this address space" comes as a 403, which in Wharf means rights.
  if (e instanceof EngineError && e.status === 403) return new ConflictError(e.message);
  if (e instanceof EngineError && e.status === 502 && typeof (err as { statusCode?: number })?.statusCode === 'number')
    return new EngineError(e.message, 422);
  return e;
}

export async function createNetwork(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  input: unknown,
): Promise<{ id: string; name: string }> {
  authorize(actor, 'networks.manage', hostId);
  const v = parse(createNetworkSchema, input);
  const { hub, docker } = onlineEngine(rt, hostId);
  return audited(rt, actor, 'network.create', `${hub.name}/${v.name}`, async () => {
    if (v.driver === 'overlay' && !isSwarmManager(hub))
      throw new ValidationError(`Overlay networks need a swarm manager: ${hub.name} is not one (docker swarm init)`, {
        driver: 'Overlay needs a swarm manager',
      });
    if ([...hub.networks.values()].some((n) => n.name === v.name))
      throw new ConflictError(`A network named ${v.name} already exists on ${hub.name}`);
    const config: Array<Record<string, string>> = [];
    if (v.subnet)
      config.push({ Subnet: v.subnet, ...(v.gateway ? { Gateway: v.gateway } : {}), ...(v.ipRange ? { IPRange: v.ipRange } : {}) });
    if (v.subnetV6) config.push({ Subnet: v.subnetV6, ...(v.gatewayV6 ? { Gateway: v.gatewayV6 } : {}) });
    try {
      const net = await docker.createNetwork({
        Name: v.name,
        Driver: v.driver,
        CheckDuplicate: true,
        Internal: v.internal,
        Attachable: v.attachable,
        EnableIPv6: v.ipv6,
        Labels: Object.fromEntries(v.labels.map((l) => [l.key, l.value])),
        Options: v.parent ? { parent: v.parent } : {},
        IPAM: { Driver: 'default', Config: config },
      });
      return { id: net.id, name: v.name };
    } catch (err) {
      throw createRefusal(err, v.name);
    }
  });
}

export async function removeNetwork(rt: Runtime, actor: Actor | null, hostId: string, ref: string): Promise<void> {
  authorize(actor, 'networks.manage', hostId);
  const { hub, docker } = onlineEngine(rt, hostId);
  const n = await findNetwork(hub, ref);
  await audited(rt, actor, 'network.remove', `${hub.name}/${n.name}`, async () => {
    if (n.predefined) throw new ConflictError(`Network ${n.name} is made by the engine itself and cannot be removed`);
    if (n.containers.length)
      throw new ConflictError(`Network ${n.name} is in use by ${describeAttached(hub, n)}: disconnect or stop them first`);
    try {
      await docker.getNetwork(n.id).remove();
    } catch (err) {
      const e = engineFailure(err, `Remove network ${n.name}`);
      // Attached between our list and the engine's check: read who, and say so.
      if (/active endpoints/.test(e.message)) {
        await hub.syncNetworks();
        const now = resolveNetwork(hub, n.id);
        if (now?.containers.length)
          throw new ConflictError(`Network ${n.name} is in use by ${describeAttached(hub, now)}: disconnect or stop them first`);
        throw new ConflictError(`Network ${n.name} is in use: ${e.message}`);
      }
      throw e;
    }
  });
}

function containerName(hub: EngineHub, ref: string): string {
  return resolveContainer(hub, ref)?.name ?? ref;
}

export async function connectNetwork(rt: Runtime, actor: Actor | null, hostId: string, ref: string, input: unknown): Promise<void> {
  authorize(actor, 'networks.manage', hostId);
  const v = parse(connectNetworkSchema, input);
  const { hub, docker } = onlineEngine(rt, hostId);
  const n = await findNetwork(hub, ref);
  const who = containerName(hub, v.container);
  await audited(
    rt,
    actor,
    'network.connect',
    `${hub.name}/${n.name}`,
    async () => {
      if (n.containers.some((e) => e.containerId === resolveContainer(hub, v.container)?.id))
        throw new ConflictError(`Container ${who} is already connected to ${n.name}`);
      try {
        await docker.getNetwork(n.id).connect({
          Container: v.container,
          EndpointConfig: {
            ...(v.aliases.length ? { Aliases: v.aliases } : {}),
            ...(v.ipv4 ? { IPAMConfig: { IPv4Address: v.ipv4 } } : {}),
          },
        });
      } catch (err) {
        const e = engineFailure(err, `Connect ${who} to ${n.name}`);
        // Static addresses, aliases on the default bridge, address in use: the caller's input.
        if (isAppError(e) && e.status === 502 && typeof (err as { statusCode?: number })?.statusCode === 'number')
          throw new EngineError(e.message, 422);
        throw e;
      }
    },
    () => `container ${who}${v.aliases.length ? `, aliases ${v.aliases.join(', ')}` : ''}${v.ipv4 ? `, IPv4 ${v.ipv4}` : ''}`,
  );
}

export async function disconnectNetwork(rt: Runtime, actor: Actor | null, hostId: string, ref: string, input: unknown): Promise<void> {
  authorize(actor, 'networks.manage', hostId);
  const v = parse(disconnectNetworkSchema, input);
  const { hub, docker } = onlineEngine(rt, hostId);
  const n = await findNetwork(hub, ref);
  const who = containerName(hub, v.container);
  await audited(
    rt,
    actor,
    'network.disconnect',
    `${hub.name}/${n.name}`,
    async () => {
      try {
        await docker.getNetwork(n.id).disconnect({ Container: v.container, Force: v.force });
      } catch (err) {
        const e = engineFailure(err, `Disconnect ${who} from ${n.name}`);
        if (isAppError(e) && e.status === 502 && typeof (err as { statusCode?: number })?.statusCode === 'number')
          throw new EngineError(e.message, 422);
        throw e;
      }
    },
    () => `container ${who}`,
  );
}

/**
 * What `docker network prune` would remove, read from the engine's networks as they are now: user
 * networks no running container is attached to; `keptInUse` counts those it would keep for their containers.
 * The networks page and the Disk page both preview with this.
 */
export async function networkPruneCandidates(
  hub: EngineHub,
  label: string | undefined,
): Promise<{ goes: NetworkSummary[]; keptInUse: number }> {
  await hub.settleNetworks();
  const prunable = [...hub.networks.values()].filter((n) => !n.predefined && !n.ingress && (!label || matchesLabelFilter(n.labels, label)));
  return {
    goes: prunable.filter((n) => n.containers.length === 0).sort((a, b) => a.name.localeCompare(b.name)),
    keptInUse: prunable.filter((n) => n.containers.length > 0).length,
  };
}

/** The networks page's preview of a prune. */
export async function pruneNetworksPreview(rt: Runtime, actor: Actor | null, hostId: string, input: unknown): Promise<NetworkPrunePreview> {
  authorize(actor, 'hosts.read', hostId);
  const { label } = parse(pruneNetworksSchema, input);
  const { hub } = onlineEngine(rt, hostId);
  const { goes } = await networkPruneCandidates(hub, label);
  return { hostId, label: label ?? null, networks: goes.map((n) => ({ id: n.id, name: n.name, driver: n.driver })) };
}

export async function pruneNetworks(rt: Runtime, actor: Actor | null, hostId: string, input: unknown): Promise<NetworkPruneReport> {
  authorize(actor, 'networks.manage', hostId);
  const { label } = parse(pruneNetworksSchema, input);
  const { hub, docker } = onlineEngine(rt, hostId);
  return audited(
    rt,
    actor,
    'network.prune',
    `${hub.name}/networks${label ? ` labelled ${label}` : ''}`,
    async () => {
      try {
        const res = (await docker.pruneNetworks(label ? { filters: { label: [label] } } : {})) as { NetworksDeleted?: string[] | null };
        return { hostId, deleted: res.NetworksDeleted ?? [] };
      } catch (err) {
        throw engineFailure(err, 'Prune networks');
      }
    },
    (r) => (r.deleted.length ? `removed ${r.deleted.join(', ')}` : 'nothing to remove'),
  );
}
