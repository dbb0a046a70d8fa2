import { ConflictError, NotFoundError, validationFromZod } from '../errors';
import type { ContainerSummary } from '../contracts/containers';
import { createVolumeSchema, volumeNameSchema } from '../contracts/volume-requests';
import { HELPER_LABEL, isAnonymousVolume, type VolumeSummary, type VolumeUser } from '../contracts/volumes';
import { engineFailure, onlineEngine } from '../engines/access';
import type { EngineHub } from '../engines/hub';
import type { Runtime } from '../runtime';
import { audited, type Actor } from './audit';
import { authorize } from './authorize';

// Volumes: the list (from the hub, kept from volume and container events), create and remove.

/** A helper container of Wharf's volume browser: not a user of the volume worth naming. */
const isHelper = (c: ContainerSummary) => HELPER_LABEL in c.labels;

/** The containers mounting each volume, helpers left out. */
function usersByVolume(hub: EngineHub, withHelpers = false): Map<string, VolumeUser[]> {
  const out = new Map<string, VolumeUser[]>();
  for (const [id, names] of hub.volumeMounts) {
    const c = hub.containers.get(id);
    if (!c || (!withHelpers && isHelper(c))) continue;
    for (const name of names) {
      const list = out.get(name) ?? [];
      list.push({ id, name: c.name, state: c.state });
      out.set(name, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return out;
}

/** Sizes from the last `docker system df` (-1 there: the driver does not report one). */
function sizesOf(hub: EngineHub): Map<string, number> {
  const out = new Map<string, number>();
  const vols = (hub.lastDf?.Volumes ?? []) as Array<{ Name?: string; UsageData?: { Size?: number } | null }>;
  for (const v of vols) {
    const size = v.UsageData?.Size;
    if (v.Name && typeof size === 'number' && size >= 0) out.set(v.Name, size);
  }
  return out;
}

/** The engine's CreatedAt as ISO; a driver may leave it out or send something unparsable. */
function createdAt(s: string | undefined): string | null {
  const t = s ? Date.parse(s) : NaN;
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/** A host's volumes as the list shows them, by name. */
export function volumeSummaries(hub: EngineHub): VolumeSummary[] {
  const users = usersByVolume(hub);
  const sizes = sizesOf(hub);
  return [...hub.volumes.values()]
    .map((v) => ({
      hostId: hub.id,
      name: v.Name,
      driver: v.Driver,
      mountpoint: v.Mountpoint,
      scope: v.Scope ?? 'local',
      labels: v.Labels ?? {},
      options: v.Options ?? {},
      created: createdAt(v.CreatedAt),
      anonymous: isAnonymousVolume(v.Name),
      size: sizes.get(v.Name) ?? null,
      usedBy: users.get(v.Name) ?? [],
    }))
    .sort((a, b) => Number(a.anonymous) - Number(b.anonymous) || a.name.localeCompare(b.name));
}

/** The containers (helpers included) that mount one volume. */
export function volumeUsers(hub: EngineHub, name: string, withHelpers = false): VolumeUser[] {
  return usersByVolume(hub, withHelpers).get(name) ?? [];
}

export function parseVolumeName(input: unknown): string {
  const parsed = volumeNameSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  return parsed.data;
}

/** Lists one host's volumes (or every host the actor may see): what scripts read; the console uses the live view. */
export function listVolumes(rt: Runtime, actor: Actor | null, hostId: string): VolumeSummary[] {
  authorize(actor, 'hosts.read', hostId);
  return volumeSummaries(rt.engines.get(hostId));
}

export async function createVolume(rt: Runtime, actor: Actor | null, hostId: string, input: unknown): Promise<VolumeSummary> {
  authorize(actor, 'volumes.manage', hostId);
  const parsed = createVolumeSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { name, driver, driverOpts, labels } = parsed.data;
  const { hub, docker } = onlineEngine(rt, hostId);
  return audited(
    rt,
    actor,
    'volume.create',
    `${hub.name}/${name || '(generated name)'}`,
    async () => {
      // The engine answers an existing name with that volume, as if it had made it: refuse in words instead.
      if (name) {
        await hub.syncVolumes();
        if (hub.volumes.has(name)) throw new ConflictError(`A volume named ${name} already exists on ${hub.name}`);
      }
      let made: string;
      try {
        // dockerode answers a Volume handle: its `name` is the one the engine gave.
        const v = await docker.createVolume({
          ...(name ? { Name: name } : {}),
          Driver: driver || 'local',
          DriverOpts: driverOpts,
          Labels: labels,
        });
        made = (v as unknown as { name: string }).name;
      } catch (err) {
        throw engineFailure(err, `Volume ${name}`);
      }
      await hub.syncVolumes();
      const summary = volumeSummaries(hub).find((v) => v.name === made);
      if (!summary) throw new NotFoundError(`Volume ${made} went away as it was made`);
      return summary;
    },
    (v) => `driver ${v.driver}${Object.keys(v.labels).length ? `, labels ${Object.keys(v.labels).join(', ')}` : ''}`,
  );
}

const describeUsers = (users: VolumeUser[]) => users.map((u) => `${u.name} (${u.state})`).join(', ');

export async function removeVolume(rt: Runtime, actor: Actor | null, hostId: string, nameInput: unknown): Promise<void> {
  authorize(actor, 'volumes.manage', hostId);
  const name = parseVolumeName(nameInput);
  const { hub, docker } = onlineEngine(rt, hostId);
  await audited(rt, actor, 'volume.remove', `${hub.name}/${name}`, async () => {
    const users = volumeUsers(hub, name, true);
    if (users.length) {
      throw new ConflictError(
        `Volume ${name} is in use by ${users.length === 1 ? 'container' : 'containers'} ${describeUsers(users)}: remove ${users.length === 1 ? 'it' : 'them'} first`,
      );
    }
    try {
      await docker.getVolume(name).remove();
    } catch (err) {
      const e = err as { statusCode?: number };
      if (e.statusCode === 404) throw new NotFoundError(`No volume named ${name} on ${hub.name}`);
      if (e.statusCode === 409) {
        // In use by a container the snapshot has not seen yet: the engine's words name it by id.
        const failure = engineFailure(err, `Volume ${name}`);
        throw new ConflictError(`Volume ${name} is in use: ${failure.message}`);
      }
      throw engineFailure(err, `Volume ${name}`);
    }
    await hub.syncVolumes();
  });
}
