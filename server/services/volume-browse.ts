import path from 'node:path';
import type Docker from 'dockerode';
import type { DirectoryListing } from '../contracts/containers';
import { uploadNameSchema } from '../contracts/container-files';
import { HELPER_LABEL, HELPER_MOUNT, HELPER_VOLUME_BROWSE } from '../contracts/volumes';
import { AppError, ConflictError, NotFoundError, validationFromZod } from '../errors';
import { engineFailure, onlineEngine } from '../engines/access';
import type { EngineHub } from '../engines/hub';
import type { Runtime } from '../runtime';
import { audited, type Actor } from './audit';
import { authorize } from './authorize';
import {
  archiveDownload,
  assertFolder,
  execCollect,
  LIST_SCRIPT,
  parseListing,
  parsePath,
  putFile,
  type Download,
  type UploadData,
} from './container-files';
import { parseVolumeName } from './volumes';

// A volume's files, through a short-lived helper container: made from an image already on the host
// that has a shell, the volume mounted at /volume, removed when the request that needed it ends (a
// download: when its stream closes, read or cut off). A stale one (Wharf stopped mid-request) is
// removed by the sweep when its engine comes online, and ends by itself after HELPER_LIFE_S anyway.

const OWNER_LABEL = 'wharf.helper.owner';
const VOLUME_LABEL = 'wharf.helper.volume';
/** The longest a helper lives (its one process sleeps this long; AutoRemove removes it then). */
const HELPER_LIFE_S = 3600;
/** Another Wharf's helper this old is not serving any request any more. */
const STALE_MS = 2 * 60_000;
const CANDIDATES_TRIED = 6;

/** This runtime's helpers carry its id: a sweep leaves other live Wharfs' (younger) helpers alone. */
const ownerOf = (rt: Runtime) => `${process.pid}-${rt.startedAt.getTime()}`;

/** Extra labels on every helper (`WHARF_HELPER_LABELS=k=v,…`): tests mark theirs. */
function extraLabels(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of (process.env.WHARF_HELPER_LABELS ?? '').split(',')) {
    const eq = kv.indexOf('=');
    if (eq > 0) out[kv.slice(0, eq).trim()] = kv.slice(eq + 1).trim();
  }
  return out;
}

/** Per host, the image last found to have a shell (a hint: checked again when it fails). */
const shellImages = new WeakMap<EngineHub, string>();

function candidateImages(hub: EngineHub): string[] {
  const score = (tags: string[]) => (tags.some((t) => /busybox/.test(t)) ? 0 : tags.some((t) => /alpine/.test(t)) ? 1 : 2);
  const images = [...hub.images.values()].sort((a, b) => score(a.tags) - score(b.tags) || a.size - b.size);
  const ids = images.map((i) => i.id);
  const known = shellImages.get(hub);
  return known && ids.includes(known) ? [known, ...ids.filter((i) => i !== known)] : ids;
}

interface Helper {
  container: Docker.Container;
  /** Removes the helper (force); safe to call more than once. */
  release(): Promise<void>;
}

/** A running helper with `volume` at /volume, or a clear error naming what is needed. */
async function openHelper(rt: Runtime, hub: EngineHub, docker: Docker, volume: string): Promise<Helper> {
  if (!hub.volumes.has(volume)) {
    await hub.syncVolumes();
    if (!hub.volumes.has(volume)) throw new NotFoundError(`No volume named ${volume} on ${hub.name}`);
  }
  const labels = { ...extraLabels(), [HELPER_LABEL]: HELPER_VOLUME_BROWSE, [OWNER_LABEL]: ownerOf(rt), [VOLUME_LABEL]: volume };
  for (const image of candidateImages(hub).slice(0, CANDIDATES_TRIED)) {
    let container: Docker.Container;
    try {
      container = await docker.createContainer({
        Image: image,
        Entrypoint: ['/bin/sh', '-c'],
        Cmd: [`sleep ${HELPER_LIFE_S}`],
        User: '0:0',
        WorkingDir: HELPER_MOUNT,
        Labels: labels,
        NetworkDisabled: true,
        HostConfig: {
          AutoRemove: true,
          NetworkMode: 'none',
          Mounts: [{ Type: 'volume', Source: volume, Target: HELPER_MOUNT }],
        },
      });
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) continue; // the image went meanwhile
      throw engineFailure(err, `Helper for volume ${volume}`);
    }
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await container.remove({ force: true, v: true }).catch(() => undefined);
    };
    try {
      await container.start();
      shellImages.set(hub, image);
      return { container, release };
    } catch {
      // No /bin/sh (or no sleep) in this image: try the next one.
      await release();
    }
  }
  throw new AppError(
    'CONFLICT',
    `No image on ${hub.name} has a shell (/bin/sh and sleep) to browse volumes with: pull a small one there, e.g. busybox`,
    409,
  );
}

/** A path inside the volume: absolute, normalised, never above its root. */
function volumePath(input: unknown): { shown: string; inHelper: string } {
  const shown = parsePath(input ?? '/');
  return { shown, inHelper: path.posix.join(HELPER_MOUNT, shown) };
}

export async function listVolumeFiles(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  volumeInput: unknown,
  dirInput: unknown,
): Promise<DirectoryListing> {
  authorize(actor, 'files.read', hostId);
  const volume = parseVolumeName(volumeInput);
  const { shown, inHelper } = volumePath(dirInput);
  const { hub, docker } = onlineEngine(rt, hostId);
  const helper = await openHelper(rt, hub, docker, volume);
  try {
    const r = await execCollect(helper.container, ['sh', '-c', LIST_SCRIPT, 'sh', inHelper], { timeoutMs: 20_000 });
    if (r.code === 2) throw new NotFoundError(`No such folder in volume ${volume}: ${shown}`);
    if (r.code !== 0) throw new ConflictError(`Listing ${shown} of volume ${volume} failed: ${r.stderr.trim() || `exit code ${r.code}`}`);
    return { path: shown, entries: parseListing(shown, r.stdout), via: 'exec', truncated: false };
  } catch (err) {
    throw engineFailure(err, `Files of volume ${volume}`);
  } finally {
    await helper.release();
  }
}

/** A file as itself, a folder as a tar; the helper goes when the returned stream closes. */
export async function downloadVolumePath(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  volumeInput: unknown,
  pathInput: unknown,
  signal?: AbortSignal,
): Promise<Download> {
  authorize(actor, 'files.read', hostId);
  const volume = parseVolumeName(volumeInput);
  const { shown, inHelper } = volumePath(pathInput);
  const { hub, docker } = onlineEngine(rt, hostId);
  return audited(rt, actor, 'volume.download', `${hub.name}/${volume}:${shown}`, async () => {
    const helper = await openHelper(rt, hub, docker, volume);
    try {
      if (signal?.aborted) throw new AppError('VALIDATION', 'The download was cancelled', 400);
      const d = await archiveDownload(helper.container, inHelper, shown === '/' ? volume : path.posix.basename(shown));
      d.stream.once('close', () => void helper.release());
      if (d.stream.destroyed) await helper.release();
      return d;
    } catch (err) {
      await helper.release();
      if ((err as { status?: number }).status === 404) throw new NotFoundError(`No such file or folder in volume ${volume}: ${shown}`);
      throw err;
    }
  });
}

/** Checks an upload's target before its bytes are read: who, which volume, a valid name. */
export function prepareVolumeUpload(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  volumeInput: unknown,
  nameInput: unknown,
): { volume: string; name: string } {
  authorize(actor, 'volumes.manage', hostId);
  const volume = parseVolumeName(volumeInput);
  const name = uploadNameSchema.safeParse(nameInput);
  if (!name.success) throw validationFromZod(name.error.issues);
  const { hub } = onlineEngine(rt, hostId);
  if (!hub.volumes.has(volume)) throw new NotFoundError(`No volume named ${volume} on ${hub.name}`);
  return { volume, name: name.data };
}

export async function uploadVolumeFile(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  input: { volume: unknown; dir: unknown; name: unknown; data: UploadData },
): Promise<{ path: string }> {
  const { volume, name } = prepareVolumeUpload(rt, actor, hostId, input.volume, input.name);
  const { shown, inHelper } = volumePath(input.dir);
  const { hub, docker } = onlineEngine(rt, hostId);
  const size = Buffer.isBuffer(input.data) ? input.data.length : input.data.size;
  const target = path.posix.join(shown, name);
  return audited(
    rt,
    actor,
    'volume.upload',
    `${hub.name}/${volume}:${target}`,
    async () => {
      const helper = await openHelper(rt, hub, docker, volume);
      try {
        await assertFolder(helper.container, inHelper, shown);
        await putFile(helper.container, inHelper, name, input.data, shown);
      } finally {
        await helper.release();
      }
      return { path: target };
    },
    () => `${size} bytes`,
  );
}

/** Removes helpers a stopped Wharf left behind on one engine (another live Wharf's young ones stay). */
export async function sweepHelpers(rt: Runtime, hub: EngineHub): Promise<number> {
  const docker = hub.docker();
  if (!docker) return 0;
  const mine = ownerOf(rt);
  const extra = Object.entries(extraLabels()).map(([k, v]) => `${k}=${v}`);
  const list = await docker.listContainers({ all: true, filters: { label: [`${HELPER_LABEL}=${HELPER_VOLUME_BROWSE}`, ...extra] } });
  let removed = 0;
  for (const c of list) {
    const owner = c.Labels?.[OWNER_LABEL];
    const stale = c.State !== 'running' || Date.now() - c.Created * 1000 > STALE_MS;
    if (owner === mine || !stale) continue;
    await docker
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .then(() => removed++)
      .catch(() => undefined);
  }
  return removed;
}

/** Sweeps each engine once, the first time it is online after start. */
export function installHelperSweep(rt: Runtime): void {
  const swept = new Set<string>();
  rt.engines.on('engine.status', (s) => {
    if (s.status !== 'online' || swept.has(s.id) || !rt.engines.has(s.id)) return;
    swept.add(s.id);
    void sweepHelpers(rt, rt.engines.get(s.id)).catch(() => undefined);
  });
}
