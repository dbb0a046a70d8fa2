/**
 * "Update available": whether a running container's image tag now names another digest in its
 * registry. Zod-free: the browser imports it.
 */

export type UpdateState =
  /** Not asked yet (or the registry has not answered yet). */
  | 'unchecked'
  | 'up-to-date'
  | 'update-available'
  /** Built locally or pinned by digest: no registry tag to compare with. No badge. */
  | 'not-registry'
  /** The registry has no such tag (deleted, or never pushed). */
  | 'tag-missing'
  /** The registry could not be asked (unreachable, refused the credentials, …): `reason` says why. */
  | 'error';

/** One running container's answer, kept live (the `updates` view). */
export interface ContainerUpdate {
  hostId: string;
  /** The container's full id. */
  containerId: string;
  /** The reference it was created with, as the engine is asked for it (`127.0.0.1:5000/team/app:1`). */
  reference: string;
  state: UpdateState;
  /** The local image's digest(s) for that repository (`sha256:…`). */
  localDigests: string[];
  /** What the tag names in the registry now, at `checkedAt` (kept through a later failure). */
  remoteDigest: string | null;
  /** ISO time of the last answer from the registry, or null. */
  checkedAt: string | null;
  /** Why the last check did not answer (unreachable, unauthorized, rate limited): shown quietly. */
  reason: string | null;
}

/** The check interval: `minutes` in force, and whether an environment variable fixed it. */
export interface UpdateSettings {
  intervalMinutes: number;
  fromEnv: boolean;
}

export const updateKey = (hostId: string, containerId: string) => `${hostId}/${containerId}`;
