import type { z } from 'zod';
import type { ContainerSummary } from '../contracts/containers';
import {
  bulkRemoveImagesSchema,
  pruneImagesSchema,
  removeImageSchema,
  tagImageSchema,
  untagImageSchema,
  type BulkRemoveResult,
  type ImageRemoval,
  type PruneCandidate,
  type PruneMode,
  type PrunePreview,
  type PruneReport,
  type TagResult,
  type UntagResult,
} from '../contracts/image-requests';
import { parseImageRef, shortImageId, type ImageSummary, type Operation } from '../contracts/images';
import { imageRefValue } from '../contracts/refs';
import { engineFailure, onlineEngine, resolveContainer } from '../engines/access';
import type { EngineHub } from '../engines/hub';
import type { LayerInfo } from '../engines/image-model';
import { type AppError, ConflictError, isAppError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import { audited, type Actor } from './audit';
import { authorize } from './authorize';
import { resolveImage, requireImage } from './images';
import { runOperation } from './operations';

// Tag, untag, remove (one or many) and prune images. The hub's list says what is there and which
// containers use what, so refusals are in words before the engine is asked; the engine's own
// refusals are turned into words that name containers and images as the list shows them.

function parse<S extends z.ZodType>(schema: S, v: unknown): z.output<S> {
  const r = schema.safeParse(v);
  if (!r.success) throw validationFromZod(r.error.issues);
  return r.data;
}

/** The image as the hub lists it; one made a moment ago (the list has not caught up) after a re-list. */
async function findImage(hub: EngineHub, ref: string): Promise<ImageSummary> {
  const found = resolveImage(hub, ref);
  if (found) return found;
  await hub.syncImages();
  return requireImage(hub, ref);
}

/** How the list names an image: its first tag, or its short id. */
const imageName = (img: ImageSummary) => img.tags[0] ?? shortImageId(img.id);
const auditTarget = (hub: EngineHub, img: ImageSummary) => `${hub.name}/${imageName(img)}`;

const STATE_ORDER = ['running', 'restarting', 'paused', 'removing', 'created', 'exited', 'dead'];

/** The containers of the host made from this image, running ones first. */
export function containersUsing(hub: EngineHub, imageId: string): ContainerSummary[] {
  return [...hub.containers.values()]
    .filter((c) => c.imageId === imageId)
    .sort((a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || a.name.localeCompare(b.name));
}

/** "container web-1 (running)", "3 containers: a (running), b (exited), c (created)". */
export function describeContainers(list: ContainerSummary[]): string {
  const shown = list.slice(0, 5).map((c) => `${c.name} (${c.state})`);
  const more = list.length > shown.length ? ` and ${list.length - shown.length} more` : '';
  return list.length === 1 ? `container ${shown[0]}` : `${list.length} containers: ${shown.join(', ')}${more}`;
}

const isRunning = (c: ContainerSummary) => c.state === 'running' || c.state === 'paused' || c.state === 'restarting';

/** Images (in the list) built directly on this one. */
function childrenOf(hub: EngineHub, id: string): ImageSummary[] {
  return [...hub.images.values()].filter((i) => i.parentId === id);
}

interface DeleteRecord {
  Untagged?: string;
  Deleted?: string;
}

function toRemoval(hostId: string, id: string, records: unknown): ImageRemoval {
  const list = Array.isArray(records) ? (records as DeleteRecord[]) : [];
  return {
    hostId,
    id,
    untagged: list.flatMap((r) => (r.Untagged ? [r.Untagged] : [])),
    deleted: list.flatMap((r) => (r.Deleted ? [r.Deleted] : [])),
  };
}

/** The engine's refusals to delete an image, in words that name containers and images, not ids. */
function removeRefusal(err: unknown, hub: EngineHub, img: ImageSummary): AppError {
  const e = engineFailure(err, `Remove ${imageName(img)}`);
  const words = e.message;
  const named = (re: RegExp) => {
    const m = re.exec(words);
    if (!m) return null;
    const c = resolveContainer(hub, m[1]!);
    return c ? `${c.name} (${c.state})` : m[1]!;
  };
  const running = named(/being used by running container ([0-9a-f]{4,64})/);
  if (running)
    return new ConflictError(
      `Image ${imageName(img)} is used by running container ${running}: stop and remove the container first (force does not delete an image a running container uses)`,
    );
  const stopped = named(/being used by stopped container ([0-9a-f]{4,64})/);
  if (stopped)
    return new ConflictError(
      `Image ${imageName(img)} is used by stopped container ${stopped}: remove the container first, or remove with force`,
    );
  if (/referenced in multiple repositories/.test(words))
    return new ConflictError(
      `Image ${shortImageId(img.id)} has several tags (${img.tags.join(', ')}): remove with force to delete it with all its tags, or untag them one by one`,
    );
  if (/dependent child images/.test(words)) {
    const kids = childrenOf(hub, img.id).map(imageName);
    return new ConflictError(
      `Image ${imageName(img)} has images built on it${kids.length ? ` (${kids.slice(0, 5).join(', ')}${kids.length > 5 ? ', …' : ''})` : ''}: remove those first`,
    );
  }
  const untagInUse = /unable to remove repository reference "([^"]+)" \(must force\) - container ([0-9a-f]{4,64})/.exec(words);
  if (untagInUse) {
    const c = resolveContainer(hub, untagInUse[2]!);
    return new ConflictError(
      `${untagInUse[1]} is the last tag of image ${shortImageId(img.id)}, which container ${c ? `${c.name} (${c.state})` : untagInUse[2]} uses: tag it under another name first, or remove the container`,
    );
  }
  return e;
}

// ------------------------------------------------------------------------------------------ tag

export async function tagImage(rt: Runtime, actor: Actor | null, hostId: string, id: string, input: unknown): Promise<TagResult> {
  authorize(actor, 'images.manage', hostId);
  const ref = parse(imageRefValue, id);
  const { repo, tag } = parse(tagImageSchema, input);
  const { hub, docker } = onlineEngine(rt, hostId);
  const img = await findImage(hub, ref);
  const made = `${repo}:${tag}`;
  const before = resolveImage(hub, made);
  const movedFrom =
    before && before.id !== img.id && before.tags.some((t) => parseImageRef(t)?.full === parseImageRef(made)?.full) ? before.id : null;
  await audited(
    rt,
    actor,
    'image.tag',
    auditTarget(hub, img),
    async () => {
      try {
        await docker.getImage(img.id).tag({ repo, tag });
      } catch (err) {
        throw engineFailure(err, `Tag ${imageName(img)}`);
      }
    },
    () => `as ${made}${movedFrom ? ` (moved from ${shortImageId(movedFrom)})` : ''}`,
  );
  return { hostId, id: img.id, ref: made, movedFrom };
}

// ---------------------------------------------------------------------------------------- untag

/** The references left after the engine removes `ref` (a tag also takes the digests of its repository, when no tag of it stays). */
function referencesLeft(img: ImageSummary, ref: string, isTag: boolean): string[] {
  const repoOf = (r: string) => parseImageRef(r)?.repository ?? r;
  if (!isTag) return [...img.tags, ...img.digests.filter((d) => d !== ref)];
  const tags = img.tags.filter((t) => t !== ref);
  const repo = repoOf(ref);
  const repoTagStays = tags.some((t) => repoOf(t) === repo);
  return [...tags, ...img.digests.filter((d) => repoTagStays || repoOf(d) !== repo)];
}

export async function untagImage(rt: Runtime, actor: Actor | null, hostId: string, input: unknown): Promise<UntagResult> {
  authorize(actor, 'images.manage', hostId);
  const { ref, deleteImage } = parse(untagImageSchema, input);
  const { hub, docker } = onlineEngine(rt, hostId);
  const img = await findImage(hub, ref);
  const full = parseImageRef(ref)?.full;
  const sameRef = (r: string) => r === ref || (!!full && parseImageRef(r)?.full === full);
  const tag = img.tags.find(sameRef);
  const listed = tag ?? img.digests.find(sameRef) ?? ref;
  const left = referencesLeft(img, listed, !!tag || !img.digests.includes(listed));
  if (!left.length) {
    const users = containersUsing(hub, img.id);
    if (users.length)
      throw new ConflictError(
        `${listed} is the last tag of image ${shortImageId(img.id)}, which ${describeContainers(users)} ${users.length === 1 ? 'uses' : 'use'}: tag it under another name first, or remove the container${users.length === 1 ? '' : 's'}`,
      );
    if (!deleteImage && !childrenOf(hub, img.id).length)
      throw new ConflictError(
        `${listed} is the last tag of image ${shortImageId(img.id)}: untagging it deletes the image. Confirm to delete it (deleteImage: true), or tag it under another name first`,
      );
  }
  const records = await audited(
    rt,
    actor,
    'image.untag',
    `${hub.name}/${listed}`,
    async () => {
      try {
        return (await docker.getImage(listed).remove()) as unknown;
      } catch (err) {
        throw removeRefusal(err, hub, img);
      }
    },
    (r) => {
      const removal = toRemoval(hostId, img.id, r);
      return removal.deleted.includes(img.id) ? `image ${shortImageId(img.id)} deleted with its last tag` : null;
    },
  );
  const removal = toRemoval(hostId, img.id, records);
  return { ...removal, ref: listed, imageDeleted: removal.deleted.includes(img.id) };
}

// --------------------------------------------------------------------------------------- remove

export async function removeImage(rt: Runtime, actor: Actor | null, hostId: string, id: string, input: unknown): Promise<ImageRemoval> {
  authorize(actor, 'images.manage', hostId);
  const ref = parse(imageRefValue, id);
  const { force } = parse(removeImageSchema, input);
  const { hub, docker } = onlineEngine(rt, hostId);
  const img = await findImage(hub, ref);
  const target = auditTarget(hub, img);
  // Without force, a container made from it is a refusal in words before the engine is asked (and
  // recorded like any other); with force, stopped ones do not hold it and the engine speaks for running ones.
  const users = containersUsing(hub, img.id);
  if (users.length && !force) {
    const running = users.some(isRunning);
    return audited(rt, actor, 'image.remove', target, () => {
      throw new ConflictError(
        `Image ${imageName(img)} is used by ${describeContainers(users)}: remove ${users.length === 1 ? 'that container' : 'those containers'} first${running ? '' : ', or remove with force'}`,
      );
    });
  }
  const records = await audited(
    rt,
    actor,
    'image.remove',
    target,
    async () => {
      try {
        return (await docker.getImage(img.id).remove({ force })) as unknown;
      } catch (err) {
        throw removeRefusal(err, hub, img);
      }
    },
    (r) => {
      const removal = toRemoval(hostId, img.id, r);
      return [force && 'force', removal.untagged.length && `untagged ${removal.untagged.join(', ')}`].filter(Boolean).join('; ') || null;
    },
  );
  return toRemoval(hostId, img.id, records);
}

/** Removes a selection, host by host, newest first (an image built on another goes before it); each image answers for itself. */
export async function bulkRemoveImages(rt: Runtime, actor: Actor | null, input: unknown): Promise<BulkRemoveResult[]> {
  // Each item is authorised for its own host by removeImage.
  authorize(actor, 'images.manage');
  const { items, force } = parse(bulkRemoveImagesSchema, input);
  const results: BulkRemoveResult[] = new Array(items.length);
  const byHost = new Map<string, number[]>();
  items.forEach((it, i) => byHost.set(it.hostId, [...(byHost.get(it.hostId) ?? []), i]));
  const created = (i: number) => {
    const it = items[i]!;
    try {
      return resolveImage(rt.engines.get(it.hostId), it.id)?.created ?? '';
    } catch {
      return '';
    }
  };
  await Promise.all(
    [...byHost.values()].map(async (indexes) => {
      for (const i of indexes.sort((a, b) => created(b).localeCompare(created(a)))) {
        const it = items[i]!;
        try {
          const r = await removeImage(rt, actor, it.hostId, it.id, { force });
          results[i] = { hostId: it.hostId, id: it.id, ok: true, untagged: r.untagged, deleted: r.deleted };
        } catch (err) {
          results[i] = { hostId: it.hostId, id: it.id, ok: false, message: isAppError(err) ? err.message : 'Internal error' };
        }
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------------------------------- prune

/** One image as `GET /images/json?all=1` lists it. */
export interface ListedImage {
  Id: string;
  ParentId?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Labels?: Record<string, string> | null;
  Size?: number;
  Created?: number;
}

/** The engine's `label` filter: `key` means the label is there, `key=value` that it has that value. */
export function matchesLabelFilter(labels: Record<string, string> | null | undefined, filter: string | undefined): boolean {
  if (!filter) return true;
  const eq = filter.indexOf('=');
  const key = eq < 0 ? filter : filter.slice(0, eq);
  if (!labels || !(key in labels)) return false;
  return eq < 0 || labels[key] === filter.slice(eq + 1);
}

const refsOf = (i: ListedImage) => [
  ...(i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
  ...(i.RepoDigests ?? []).filter((d) => !d.startsWith('<none>@')),
];

/**
 * What `POST /images/prune` would do, as the engine decides it (daemon/images/image_prune.go): in
 * dangling mode the images without tags that nothing is built on, in unused mode every image; the
 * label filter on their config; images a container uses stay (the engine's delete refuses them).
 * A tagged image others are built on only loses its tags. The space is the layers no image that stays holds.
 */
export function planPrune(
  hostId: string,
  mode: PruneMode,
  label: string | undefined,
  all: ListedImage[],
  usedImageIds: ReadonlySet<string>,
  layers: ReadonlyMap<string, LayerInfo>,
  listed: ReadonlyMap<string, ImageSummary>,
): PrunePreview {
  const hasChildren = new Set(all.map((i) => i.ParentId).filter((p): p is string => !!p));
  const images: PruneCandidate[] = [];
  let keptInUse = 0;
  for (const i of all) {
    const refs = refsOf(i);
    const tags = (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
    if (mode === 'dangling' && hasChildren.has(i.Id)) continue;
    if (!refs.length && hasChildren.has(i.Id)) continue;
    if (!matchesLabelFilter(i.Labels, label)) continue;
    if (mode === 'dangling' && tags.length) continue;
    if (usedImageIds.has(i.Id)) {
      keptInUse++;
      continue;
    }
    images.push({
      id: i.Id,
      tags,
      size: Number(i.Size ?? 0),
      created: typeof i.Created === 'number' ? new Date(i.Created * 1000).toISOString() : '',
      untagOnly: hasChildren.has(i.Id),
    });
  }
  const going = new Set(images.filter((c) => !c.untagOnly).map((c) => c.id));
  // Layers still held by an image that stays (every listed image but those that go).
  const held = new Set<string>();
  for (const id of listed.keys()) if (!going.has(id)) for (const c of layers.get(id)?.chainIds ?? []) held.add(c);
  const freed = new Map<string, number | null>();
  let known = true;
  for (const id of going) {
    const info = layers.get(id);
    if (!info) {
      known = false;
      continue;
    }
    info.chainIds.forEach((c, n) => {
      if (!held.has(c)) freed.set(c, info.sizes[n] ?? null);
    });
  }
  let estimatedBytes = 0;
  for (const size of freed.values()) {
    if (size === null) known = false;
    else estimatedBytes += size;
  }
  images.sort((a, b) => b.created.localeCompare(a.created));
  return { hostId, mode, label: label ?? null, images, estimatedBytes: known ? estimatedBytes : null, keptInUse };
}

export async function prunePreview(rt: Runtime, actor: Actor | null, hostId: string, input: unknown): Promise<PrunePreview> {
  authorize(actor, 'images.manage', hostId);
  const { mode, label } = parse(pruneImagesSchema, input);
  const { hub, docker } = onlineEngine(rt, hostId);
  let all: ListedImage[];
  try {
    all = (await docker.listImages({ all: true })) as unknown as ListedImage[];
  } catch (err) {
    throw engineFailure(err, 'Images');
  }
  // Layers of images the hub has not read yet (made a moment ago) are read now, so the estimate is whole.
  await hub.syncImages();
  const used = new Set([...hub.containers.values()].map((c) => c.imageId));
  return planPrune(hostId, mode, label, all, used, hub.layerInfos, hub.images);
}

/** Binary units, as the list shows sizes: 1536 → "1.5 KiB". */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 || v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export const pruneResult = (r: PruneReport) =>
  `Reclaimed ${formatSize(r.spaceReclaimed)} · ${r.imagesRemoved} image${r.imagesRemoved === 1 ? '' : 's'} removed`;

/**
 * Runs a prune as an operation (the activity tray shows it) and answers at once with its id; `done`
 * gives the engine's own figures when it has ended.
 */
export function pruneImages(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  input: unknown,
): { operationId: string; done: Promise<{ operation: Operation; report: PruneReport | null }> } {
  authorize(actor, 'images.manage', hostId);
  const { mode, label } = parse(pruneImagesSchema, input);
  const { hub, docker } = onlineEngine(rt, hostId);
  const what = `${mode} images${label ? ` labelled ${label}` : ''}`;
  let report: PruneReport | null = null;
  const { operationId, done } = runOperation(
    rt.operations,
    { hostId, hostName: hub.name, kind: 'prune', title: `Prune ${what}`, user: actor, cancellable: false },
    async (h) => {
      h.status(`Pruning ${what}`);
      const r = await audited(
        rt,
        actor,
        'image.prune',
        hub.name,
        async () => {
          try {
            const before = new Set(((await docker.listImages()) as unknown as ListedImage[]).map((i) => i.Id));
            const filters: Record<string, string[]> = { dangling: [mode === 'dangling' ? 'true' : 'false'] };
            if (label) filters.label = [label];
            const res = (await docker.pruneImages({ filters })) as { ImagesDeleted?: DeleteRecord[] | null; SpaceReclaimed?: number };
            const records = res.ImagesDeleted ?? [];
            const deleted = records.flatMap((d) => (d.Deleted ? [d.Deleted] : []));
            return {
              spaceReclaimed: Number(res.SpaceReclaimed ?? 0),
              imagesRemoved: deleted.filter((d) => before.has(d)).length,
              untagged: records.flatMap((d) => (d.Untagged ? [d.Untagged] : [])),
              deleted,
            } satisfies PruneReport;
          } catch (err) {
            throw engineFailure(err, 'Prune');
          }
        },
        (rep) => `${what}: ${pruneResult(rep)}`,
      );
      report = r;
      for (const u of r.untagged) h.log(`Untagged: ${u}`, 'info');
      for (const d of r.deleted) h.log(`Deleted: ${d}`, 'info');
      void hub.syncImages();
      return { result: pruneResult(r) };
    },
  );
  return { operationId, done: done.then((operation) => ({ operation, report })) };
}
