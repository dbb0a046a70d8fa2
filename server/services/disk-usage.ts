import { ValidationError, validationFromZod } from '../errors';
import type { ContainerState } from '../contracts/containers';
import { pruneRequestSchema } from '../contracts/volume-requests';
import {
  isAnonymousVolume,
  type DiskSummaryEntry,
  type DiskUsage,
  type DiskUsageRow,
  type PruneItem,
  type PruneKind,
  type PruneKindPreview,
  type PruneKindResult,
} from '../contracts/volumes';
import { engineFailure, onlineEngine } from '../engines/access';
import type { EngineHub } from '../engines/hub';
import type { Runtime } from '../runtime';
import { audited, type Actor } from './audit';
import { authorize, can, type Permission } from './authorize';
import { matchesLabelFilter, prunePreview as imagePrunePreview, pruneImages } from './image-admin';
import { networkPruneCandidates, pruneNetworks } from './networks';
import { volumeUsers } from './volumes';

// `docker system df` as a breakdown, and the prunes of the Disk page: each previewed from the same
// rules the engine applies, then run with the same filters, answering the engine's SpaceReclaimed.

/** How long a `docker system df` answer is reused (it walks every layer and volume: not per event). */
export const DF_MAX_AGE_MS = 30_000;

interface DfImage {
  Id: string;
  RepoTags?: string[] | null;
  Size: number;
  SharedSize: number;
  Containers: number;
}
interface DfContainer {
  Id: string;
  Names?: string[];
  State?: string;
  SizeRw?: number;
  Labels?: Record<string, string> | null;
}
interface DfVolume {
  Name: string;
  Labels?: Record<string, string> | null;
  UsageData?: { Size: number; RefCount: number } | null;
}
interface DfBuildCache {
  ID: string;
  Type?: string;
  Description?: string;
  InUse?: boolean;
  Shared?: boolean;
  Size?: number;
  LastUsedAt?: string | null;
}
interface RawDf {
  LayersSize?: number;
  Images?: DfImage[] | null;
  Containers?: DfContainer[] | null;
  Volumes?: DfVolume[] | null;
  BuildCache?: DfBuildCache[] | null;
}

const ACTIVE_STATES = new Set(['running', 'paused', 'restarting']);

/** The rows as the CLI's `docker system df` computes them (cli/command/formatter/disk_usage.go). */
export function breakdown(df: RawDf): DiskUsageRow[] {
  const images = df.Images ?? [];
  const usedImageBytes = images
    .filter((i) => i.Containers > 0 && i.Size >= 0 && i.SharedSize >= 0)
    .reduce((n, i) => n + i.Size - i.SharedSize, 0);
  const layers = Number(df.LayersSize ?? 0);
  const containers = df.Containers ?? [];
  const volumes = df.Volumes ?? [];
  const cache = df.BuildCache ?? [];
  const volSize = (v: DfVolume) => Math.max(0, v.UsageData?.Size ?? 0);
  return [
    {
      kind: 'images',
      count: images.length,
      active: images.filter((i) => i.Containers > 0).length,
      totalBytes: layers,
      reclaimableBytes: Math.max(0, layers - usedImageBytes),
    },
    {
      kind: 'containers',
      count: containers.length,
      active: containers.filter((c) => ACTIVE_STATES.has(c.State ?? '')).length,
      totalBytes: containers.reduce((n, c) => n + (c.SizeRw ?? 0), 0),
      reclaimableBytes: containers.filter((c) => !ACTIVE_STATES.has(c.State ?? '')).reduce((n, c) => n + (c.SizeRw ?? 0), 0),
    },
    {
      kind: 'volumes',
      count: volumes.length,
      active: volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length,
      totalBytes: volumes.reduce((n, v) => n + volSize(v), 0),
      reclaimableBytes: volumes.filter((v) => (v.UsageData?.RefCount ?? 0) === 0).reduce((n, v) => n + volSize(v), 0),
    },
    {
      kind: 'buildCache',
      count: cache.length,
      active: cache.filter((b) => b.InUse).length,
      totalBytes: cache.filter((b) => !b.Shared).reduce((n, b) => n + (b.Size ?? 0), 0),
      reclaimableBytes: cache.filter((b) => !b.InUse && !b.Shared).reduce((n, b) => n + (b.Size ?? 0), 0),
    },
  ];
}

async function readDf(hub: EngineHub, maxAgeMs: number): Promise<RawDf> {
  try {
    return (await hub.diskUsage(maxAgeMs)) as RawDf;
  } catch (err) {
    throw engineFailure(err, 'Disk usage');
  }
}

function toUsage(hub: EngineHub, df: RawDf, at: number): DiskUsage {
  const rows = breakdown(df);
  return {
    hostId: hub.id,
    hostName: hub.name,
    at: new Date(at).toISOString(),
    rows,
    totalBytes: rows.reduce((n, r) => n + r.totalBytes, 0),
    reclaimableBytes: rows.reduce((n, r) => n + r.reclaimableBytes, 0),
  };
}

/** One host's breakdown; `fresh` asks the engine again instead of reusing an answer up to 30 s old. */
export async function diskUsage(rt: Runtime, actor: Actor | null, hostId: string, opts: { fresh?: boolean } = {}): Promise<DiskUsage> {
  authorize(actor, 'hosts.read', hostId);
  const { hub } = onlineEngine(rt, hostId);
  const df = await readDf(hub, opts.fresh ? 0 : DF_MAX_AGE_MS);
  return toUsage(hub, df, hub.diskUsageAt ?? Date.now());
}

/** Every host the actor may see, for the overview: cached answers, an offline host says so. */
export async function diskSummary(rt: Runtime, actor: Actor | null): Promise<DiskSummaryEntry[]> {
  authorize(actor, 'hosts.read');
  const hubs = rt.engines.list().filter((h) => can(actor, 'hosts.read', h.id));
  return Promise.all(
    hubs.map(async (hub): Promise<DiskSummaryEntry> => {
      try {
        return { hostId: hub.id, hostName: hub.name, usage: await diskUsage(rt, actor, hub.id), error: null };
      } catch (err) {
        return { hostId: hub.id, hostName: hub.name, usage: null, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
}

// ----------------------------------------------------------------------------------------- prunes

const RIGHTS: Record<PruneKind, Permission> = {
  containers: 'containers.manage',
  images: 'images.manage',
  volumes: 'volumes.manage',
  networks: 'networks.manage',
  buildCache: 'images.manage',
};
const AUDIT_ACTION: Record<Exclude<PruneKind, 'images'>, string> = {
  containers: 'container.prune',
  volumes: 'volume.prune',
  networks: 'network.prune',
  buildCache: 'buildcache.prune',
};
/** Containers `POST /containers/prune` removes: every one not running (a paused one counts as running). */
const PRUNED_STATES = new Set<ContainerState>(['created', 'exited', 'dead']);

interface Parsed {
  kind: PruneKind;
  mode: string | null;
  label: string | undefined;
}

function parse(input: unknown): Parsed {
  const r = pruneRequestSchema.safeParse(input);
  if (!r.success) throw validationFromZod(r.error.issues);
  const { kind, label } = r.data;
  const modes: Record<PruneKind, string[]> = {
    containers: [],
    images: ['dangling', 'unused'],
    volumes: ['anonymous', 'all'],
    networks: [],
    buildCache: ['unused', 'all'],
  };
  const allowed = modes[kind];
  const mode = allowed.length ? (r.data.mode ?? allowed[0]!) : null;
  if (mode !== null && !allowed.includes(mode))
    throw new ValidationError(`A ${kind} prune is ${allowed.join(' or ')}`, { mode: 'Not a mode of this prune' });
  if (kind === 'buildCache' && label)
    throw new ValidationError('Build cache has no labels: prune it without a label filter', { label: 'Not for build cache' });
  return { kind, mode, label };
}

/** Engines from API 1.42 prune only anonymous volumes unless told `all`; older ones prune every unused volume. */
function volumesPruneAll(hub: EngineHub, mode: string | null): boolean {
  const [maj = 0, min = 0] = (hub.info?.negotiatedApiVersion ?? '1.41').split('.').map(Number);
  return mode === 'all' || maj < 1 || (maj === 1 && min < 42);
}

/** What a prune would remove, exactly, computed with the rules and filters the engine applies. */
export async function prunePreview(rt: Runtime, actor: Actor | null, hostId: string, input: unknown): Promise<PruneKindPreview> {
  const { kind, mode, label } = parse(input);
  authorize(actor, RIGHTS[kind], hostId);
  const { hub, docker } = onlineEngine(rt, hostId);
  const base = { hostId, kind, mode, label: label ?? null };
  const sum = (items: PruneItem[]) => (items.every((i) => i.size !== null) ? items.reduce((n, i) => n + (i.size ?? 0), 0) : null);
  try {
    switch (kind) {
      case 'images': {
        const p = await imagePrunePreview(rt, actor, hostId, { mode, label });
        const items = p.images.map((i) => ({
          id: i.id,
          name: i.tags[0] ?? i.id.replace(/^sha256:/, '').slice(0, 12),
          size: i.untagOnly ? 0 : i.size,
          detail: i.untagOnly ? 'untagged only (other images are built on it)' : i.tags.length ? i.tags.join(', ') : 'dangling',
        }));
        return { ...base, items, estimatedBytes: p.estimatedBytes, keptInUse: p.keptInUse };
      }
      case 'containers': {
        const filters: Record<string, string[]> = { status: [...PRUNED_STATES] };
        if (label) filters.label = [label];
        const listed = await docker.listContainers({ all: true, size: true, filters });
        const items = (listed as Array<(typeof listed)[number] & { SizeRw?: number }>).map((c) => ({
          id: c.Id,
          name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
          size: typeof c.SizeRw === 'number' ? c.SizeRw : 0,
          detail: `${c.State} · ${c.Image}`,
        }));
        const keptInUse = [...hub.containers.values()].filter(
          (c) => !PRUNED_STATES.has(c.state) && matchesLabelFilter(c.labels, label),
        ).length;
        return { ...base, items, estimatedBytes: sum(items), keptInUse };
      }
      case 'volumes': {
        await hub.syncVolumes();
        const df = await readDf(hub, 0);
        const sizes = new Map((df.Volumes ?? []).map((v) => [v.Name, v.UsageData?.Size ?? -1]));
        const all = volumesPruneAll(hub, mode);
        let keptInUse = 0;
        const items: PruneItem[] = [];
        for (const v of hub.volumes.values()) {
          if ((v.Scope ?? 'local') !== 'local' || !matchesLabelFilter(v.Labels, label)) continue;
          if (!all && !isAnonymousVolume(v.Name)) continue;
          if (volumeUsers(hub, v.Name, true).length) {
            keptInUse++;
            continue;
          }
          const size = sizes.get(v.Name) ?? -1;
          items.push({
            id: v.Name,
            name: v.Name,
            size: size >= 0 ? size : null,
            detail: `${v.Driver}${isAnonymousVolume(v.Name) ? ' · anonymous' : ''}`,
          });
        }
        return { ...base, mode: all ? 'all' : 'anonymous', items, estimatedBytes: sum(items), keptInUse };
      }
      case 'networks': {
        const { goes, keptInUse } = await networkPruneCandidates(hub, label);
        const items = goes.map((n) => ({ id: n.id, name: n.name, size: 0, detail: n.driver }));
        return { ...base, items, estimatedBytes: 0, keptInUse };
      }
      case 'buildCache': {
        const df = await readDf(hub, 0);
        const cache = df.BuildCache ?? [];
        // Without `all`, BuildKit keeps internal and frontend records (`docker builder prune` vs `-a`).
        const goes = (b: DfBuildCache) => !b.InUse && (mode === 'all' || !['internal', 'frontend'].includes(b.Type ?? ''));
        const items = cache.filter(goes).map((b) => ({
          id: b.ID,
          name: b.ID.slice(0, 12),
          size: b.Shared ? 0 : (b.Size ?? 0),
          detail: `${b.Type ?? 'cache'}${b.Description ? ` · ${b.Description.slice(0, 80)}` : ''}`,
        }));
        return { ...base, items, estimatedBytes: sum(items), keptInUse: cache.filter((b) => b.InUse).length };
      }
    }
  } catch (err) {
    throw engineFailure(err, `Prune preview of ${kind}`);
  }
}

const describe = (p: Parsed) => `${p.mode ? `${p.mode} ` : ''}${p.kind}${p.label ? ` labelled ${p.label}` : ''}`;

/** Runs one prune with the engine's own filters; answers what it removed and the space it reports. */
export async function runPrune(rt: Runtime, actor: Actor | null, hostId: string, input: unknown): Promise<PruneKindResult> {
  const p = parse(input);
  const { kind, mode, label } = p;
  authorize(actor, RIGHTS[kind], hostId);
  const { hub, docker } = onlineEngine(rt, hostId);
  const after = () => {
    void hub.syncVolumes();
    void hub.diskUsage(0).catch(() => undefined);
  };
  if (kind === 'networks') {
    // The networks page's prune, audited there; networks free no disk space.
    const r = await pruneNetworks(rt, actor, hostId, { label });
    return { hostId, kind, removed: r.deleted, spaceReclaimed: 0 };
  }
  if (kind === 'images') {
    // The images page's prune: an operation of the activity tray, audited there.
    const { done } = pruneImages(rt, actor, hostId, { mode, label });
    const { operation, report } = await done;
    after();
    if (!report) throw engineFailure(new Error(operation.error ?? 'the prune did not finish'), 'Prune');
    return { hostId, kind, removed: [...report.deleted, ...report.untagged], spaceReclaimed: report.spaceReclaimed };
  }
  const filters: Record<string, string[]> = {};
  if (label) filters.label = [label];
  const result = await audited(
    rt,
    actor,
    AUDIT_ACTION[kind],
    hub.name,
    async (): Promise<PruneKindResult> => {
      try {
        switch (kind) {
          case 'containers': {
            const r = (await docker.pruneContainers({ filters })) as { ContainersDeleted?: string[] | null; SpaceReclaimed?: number };
            return { hostId, kind, removed: r.ContainersDeleted ?? [], spaceReclaimed: Number(r.SpaceReclaimed ?? 0) };
          }
          case 'volumes': {
            if (mode === 'all' && !volumesPruneAll(hub, null)) filters.all = ['true'];
            const r = (await docker.pruneVolumes({ filters })) as { VolumesDeleted?: string[] | null; SpaceReclaimed?: number };
            return { hostId, kind, removed: r.VolumesDeleted ?? [], spaceReclaimed: Number(r.SpaceReclaimed ?? 0) };
          }
          case 'buildCache': {
            const prune = docker.pruneBuilder as unknown as (opts: { all?: boolean }) => Promise<unknown>;
            const r = (await prune.call(docker, mode === 'all' ? { all: true } : {})) as {
              CachesDeleted?: string[] | null;
              SpaceReclaimed?: number;
            };
            return { hostId, kind, removed: r.CachesDeleted ?? [], spaceReclaimed: Number(r.SpaceReclaimed ?? 0) };
          }
        }
      } catch (err) {
        throw engineFailure(err, `Prune of ${kind}`);
      }
    },
    (r) => `${describe(p)}: ${r.removed.length} removed, ${r.spaceReclaimed} bytes reclaimed`,
  );
  after();
  return result;
}
