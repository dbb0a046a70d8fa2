/**
 * Volumes, disk usage and prunes: what the browser shows. Zod-free: the browser imports it. Request
 * schemas live in server/contracts/volume-requests.ts.
 */
import type { ContainerState } from './containers';

/** A container that mounts a volume, with its state (from the hub's snapshot). */
export interface VolumeUser {
  id: string;
  name: string;
  state: ContainerState;
}

/** One volume on one host, as the list shows it. */
export interface VolumeSummary {
  hostId: string;
  name: string;
  driver: string;
  mountpoint: string;
  scope: string;
  labels: Record<string, string>;
  options: Record<string, string>;
  /** ISO time, or null when the engine does not say. */
  created: string | null;
  /** A 64-hex name the engine made up (`docker run -v /data`), not one someone chose. */
  anonymous: boolean;
  /** Bytes, from the last `docker system df` (null: not known, or the driver does not say). */
  size: number | null;
  usedBy: VolumeUser[];
}

/** A 64-hex volume name is one the engine generated for an anonymous volume. */
export const isAnonymousVolume = (name: string): boolean => /^[a-f0-9]{64}$/.test(name);

/** The label every volume-browse helper container carries (a sweep on start removes stale ones). */
export const HELPER_LABEL = 'wharf.helper';
export const HELPER_VOLUME_BROWSE = 'volume-browse';
/** Where a helper mounts the volume it browses. */
export const HELPER_MOUNT = '/volume';

/** One row of the `docker system df` breakdown. */
export interface DiskUsageRow {
  kind: 'images' | 'containers' | 'volumes' | 'buildCache';
  count: number;
  /** How many are in use (images with containers, running containers, volumes mounted, cache in use). */
  active: number;
  totalBytes: number;
  reclaimableBytes: number;
}

export interface DiskUsage {
  hostId: string;
  hostName: string;
  /** ISO time the engine was asked (answers are cached ~30 s). */
  at: string;
  rows: DiskUsageRow[];
  totalBytes: number;
  reclaimableBytes: number;
}

/** Per host for the overview: its usage, or why it has none. */
export interface DiskSummaryEntry {
  hostId: string;
  hostName: string;
  usage: DiskUsage | null;
  error: string | null;
}

export const PRUNE_KINDS = ['containers', 'images', 'volumes', 'networks', 'buildCache'] as const;
export type PruneKind = (typeof PRUNE_KINDS)[number];

/** One object a prune would remove. */
export interface PruneItem {
  id: string;
  name: string;
  /** Bytes it frees, when known. */
  size: number | null;
  detail: string;
}

export interface PruneKindPreview {
  hostId: string;
  kind: PruneKind;
  /** images: dangling or unused; volumes: anonymous or all (engines ≥ API 1.42 keep named volumes unless all); build cache: unused or all. */
  mode: string | null;
  label: string | null;
  items: PruneItem[];
  /** The space the engine should report, when every item's size is known. */
  estimatedBytes: number | null;
  /** Objects that match but stay (in use). */
  keptInUse: number;
}

export interface PruneKindResult {
  hostId: string;
  kind: PruneKind;
  /** Names or ids the engine removed. */
  removed: string[];
  /** The engine's SpaceReclaimed (0 for networks, which reclaim none). */
  spaceReclaimed: number;
}
