import crypto from 'node:crypto';
import type Docker from 'dockerode';
import {
  SECRET_ENV_KEY,
  type FamilyNode,
  type ImageConfigView,
  type ImageDetail,
  type ImageLayer,
  type ImageStep,
  type ImageSummary,
} from '../contracts/images';

// What Wharf reads of an image and derives from it: the list row, its layers lined up with the
// history steps that made them, which layers images share (by chain id), and image families.

/** What an image's inspect and history say about its layers. An image id names fixed content: read once. */
export interface LayerInfo {
  diffIds: string[];
  chainIds: string[];
  steps: ImageStep[];
  /** Per layer: the bytes of the step that made it, or null where history and layers do not line up. */
  sizes: Array<number | null>;
  /** Per layer: index of its step. */
  stepOf: Array<number | null>;
  inspect: Record<string, unknown>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function fromImageListItem(hostId: string, item: Record<string, unknown>): ImageSummary {
  const tags = ((item.RepoTags as string[] | null) ?? []).filter((t) => t !== '<none>:<none>');
  const digests = ((item.RepoDigests as string[] | null) ?? []).filter((d) => !d.startsWith('<none>@'));
  const created = typeof item.Created === 'number' ? new Date(item.Created * 1000).toISOString() : str(item.Created);
  return {
    hostId,
    id: str(item.Id),
    tags,
    digests,
    size: Number(item.Size ?? 0),
    sharedSize: null,
    created,
    parentId: str(item.ParentId),
    labels: (item.Labels as Record<string, string> | null) ?? {},
    layerCount: null,
    dangling: tags.length === 0,
  };
}

/** chain(0) = diff(0); chain(n) = sha256(chain(n-1) + " " + diff(n)): the identity of a layer stack. */
export function chainIds(diffIds: string[]): string[] {
  const out: string[] = [];
  for (const d of diffIds) {
    const prev = out[out.length - 1];
    out.push(prev === undefined ? d : `sha256:${crypto.createHash('sha256').update(`${prev} ${d}`).digest('hex')}`);
  }
  return out;
}

const METADATA_INSTRUCTION = /^(CMD|ENV|LABEL|EXPOSE|USER|ENTRYPOINT|ARG|HEALTHCHECK|VOLUME|STOPSIGNAL|SHELL|ONBUILD|MAINTAINER)\b/;

/** `/bin/sh -c #(nop)  CMD ["sh"]` → `CMD ["sh"]`; `/bin/sh -c echo hi` → `RUN echo hi`; BuildKit's ` # buildkit` dropped. */
export function readableInstruction(createdBy: string): string {
  let s = createdBy.trim().replace(/\s+# buildkit$/, '');
  const nop = s.match(/^(?:\|\d+ .*? )?\/bin\/sh -c #\(nop\)\s*(.*)$/s);
  if (nop) return nop[1]!.trim();
  const run = s.match(/^(\|\d+ .*? )?\/bin\/sh -c (.*)$/s);
  if (run) return `RUN ${run[1] ? run[1].trim() + ' ' : ''}${run[2]!.trim()}`;
  if (/^RUN \/bin\/sh -c /.test(s)) s = s.replace(/^RUN \/bin\/sh -c /, 'RUN ');
  return s;
}

/** Whether a history step made no filesystem layer (the engine's API does not say: its words and size do). */
function isMetadataStep(createdBy: string, size: number): boolean {
  if (size > 0) return false;
  const nop = /#\(nop\)\s*(\S+)?/.exec(createdBy);
  if (nop) return !/^(ADD|COPY)$/.test(nop[1] ?? '');
  return METADATA_INSTRUCTION.test(readableInstruction(createdBy));
}

interface HistoryItem {
  Id?: string;
  Created?: number;
  CreatedBy?: string;
  Tags?: string[] | null;
  Size?: number;
  Comment?: string;
}

/** History (newest first, as the engine answers) lined up with the layers (bottom first). */
export function lineUp(history: HistoryItem[], diffIds: string[]): Pick<LayerInfo, 'steps' | 'sizes' | 'stepOf'> {
  const oldestFirst = [...history].reverse();
  const steps: ImageStep[] = oldestFirst.map((h) => {
    const raw = h.CreatedBy ?? '';
    const size = Number(h.Size ?? 0);
    return {
      createdBy: readableInstruction(raw),
      rawCreatedBy: raw,
      created: h.Created && h.Created > 0 ? new Date(h.Created * 1000).toISOString() : null,
      size,
      comment: h.Comment ?? '',
      empty: isMetadataStep(raw, size),
      layer: null,
      imageId: h.Id && h.Id !== '<missing>' ? h.Id : null,
      tags: h.Tags ?? [],
    };
  });
  let makers = steps.map((s, i) => (s.empty ? -1 : i)).filter((i) => i >= 0);
  // Words misled us (an empty RUN, an odd builder): sized steps alone, if they line up.
  if (makers.length !== diffIds.length) {
    const sized = steps.map((s, i) => (s.size > 0 ? i : -1)).filter((i) => i >= 0);
    if (sized.length === diffIds.length) {
      makers = sized;
      steps.forEach((s, i) => (s.empty = !sized.includes(i)));
    }
  }
  const sizes: Array<number | null> = diffIds.map(() => null);
  const stepOf: Array<number | null> = diffIds.map(() => null);
  if (makers.length === diffIds.length) {
    makers.forEach((stepIndex, layer) => {
      steps[stepIndex]!.layer = layer;
      sizes[layer] = steps[stepIndex]!.size;
      stepOf[layer] = stepIndex;
    });
  }
  return { steps, sizes, stepOf };
}

/** Reads the inspect and history of one image. */
export async function readLayerInfo(docker: Docker, id: string): Promise<LayerInfo> {
  const image = docker.getImage(id);
  const [inspect, history] = await Promise.all([image.inspect(), image.history()]);
  const raw = inspect as unknown as Record<string, unknown>;
  const diffIds = ((raw.RootFS as { Layers?: string[] } | undefined)?.Layers ?? []).slice();
  return { diffIds, chainIds: chainIds(diffIds), ...lineUp(history as HistoryItem[], diffIds), inspect: raw };
}

/** For each chain id: the images holding it. */
export function layerOwners(infos: Map<string, LayerInfo>): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [id, info] of infos) {
    for (const c of info.chainIds) {
      const list = owners.get(c);
      if (list) list.push(id);
      else owners.set(c, [id]);
    }
  }
  return owners;
}

/**
 * Each image's shared size: its layers another image also holds. When the history does not give a
 * layer's size, the image's own figures stay unknown (null) rather than guessed.
 */
export function withSharing(images: ImageSummary[], infos: Map<string, LayerInfo>): ImageSummary[] {
  const owners = layerOwners(infos);
  return images.map((img) => {
    const info = infos.get(img.id);
    if (!info) return img;
    let shared = 0;
    let known = true;
    info.chainIds.forEach((c, i) => {
      if ((owners.get(c)?.length ?? 0) < 2) return;
      const size = info.sizes[i];
      if (size === null || size === undefined) known = false;
      else shared += size;
    });
    return { ...img, sharedSize: known ? shared : null, layerCount: info.diffIds.length };
  });
}

const isPrefix = (a: string[], b: string[]) => a.length <= b.length && a.every((x, i) => b[i] === x);
const stepKey = (s: ImageStep) => `${s.created ?? ''} ${s.rawCreatedBy}`;
/** A is built on when its layers and its history are both the start of B's (siblings on one base share layers, not history). */
const builtOn = (a: LayerInfo, b: LayerInfo) =>
  isPrefix(a.chainIds, b.chainIds) && a.steps.length < b.steps.length && a.steps.every((st, i) => stepKey(st) === stepKey(b.steps[i]!));

/**
 * Images built on one another: A is an ancestor of B when A's layers and history steps are the start
 * of B's. The parent is the closest such ancestor.
 */
export function familyOf(id: string, images: ImageSummary[], infos: Map<string, LayerInfo>): FamilyNode | null {
  const known = images.filter((i) => (infos.get(i.id)?.chainIds.length ?? 0) > 0);
  const chain = (i: ImageSummary) => infos.get(i.id)!.chainIds;
  const older = (a: ImageSummary, b: ImageSummary) => a.created < b.created || (a.created === b.created && a.id < b.id);
  const steps = (i: ImageSummary) => infos.get(i.id)!.steps.length;
  const parentOf = new Map<string, string>();
  for (const b of known) {
    let best: ImageSummary | null = null;
    for (const a of known) {
      if (a.id === b.id || !builtOn(infos.get(a.id)!, infos.get(b.id)!)) continue;
      if (!best || steps(a) > steps(best)) best = a;
    }
    if (best) parentOf.set(b.id, best.id);
  }
  if (!known.some((i) => i.id === id)) return null;
  let root = id;
  for (let guard = 0; parentOf.has(root) && guard < 1000; guard++) root = parentOf.get(root)!;
  const children = new Map<string, ImageSummary[]>();
  for (const [child, parent] of parentOf) {
    const list = children.get(parent) ?? [];
    list.push(known.find((i) => i.id === child)!);
    children.set(parent, list);
  }
  const byId = new Map(known.map((i) => [i.id, i]));
  const build = (nodeId: string, depth: number): FamilyNode => {
    const img = byId.get(nodeId)!;
    const kids = depth > 50 ? [] : (children.get(nodeId) ?? []).sort((a, b) => (older(a, b) ? -1 : 1));
    return {
      id: img.id,
      tags: img.tags,
      created: img.created,
      layerCount: chain(img).length,
      children: kids.map((k) => build(k.id, depth + 1)),
    };
  };
  return build(root, 0);
}

const list = (v: unknown): string[] | null => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : null);
const nsToSeconds = (v: unknown): number | null => (typeof v === 'number' && v > 0 ? v / 1e9 : null);
const MASK = '••••••••';

export function maskEnv(env: string[]): ImageConfigView['env'] {
  return env.map((e) => {
    const eq = e.indexOf('=');
    const key = eq < 0 ? e : e.slice(0, eq);
    const value = eq < 0 ? '' : e.slice(eq + 1);
    const masked = SECRET_ENV_KEY.test(key) && value !== '';
    return { key, value: masked ? MASK : value, masked };
  });
}

export function toConfigView(inspect: Record<string, unknown>): ImageConfigView {
  const cfg = (inspect.Config as Record<string, unknown> | null) ?? {};
  const hc = cfg.Healthcheck as Record<string, unknown> | undefined;
  return {
    entrypoint: list(cfg.Entrypoint),
    cmd: list(cfg.Cmd),
    env: maskEnv(list(cfg.Env) ?? []),
    exposedPorts: Object.keys((cfg.ExposedPorts as object | null) ?? {}),
    volumes: Object.keys((cfg.Volumes as object | null) ?? {}),
    labels: (cfg.Labels as Record<string, string> | null) ?? {},
    user: str(cfg.User),
    workdir: str(cfg.WorkingDir),
    healthcheck: hc
      ? {
          test: list(hc.Test) ?? [],
          interval: nsToSeconds(hc.Interval),
          timeout: nsToSeconds(hc.Timeout),
          retries: typeof hc.Retries === 'number' ? hc.Retries : null,
          startPeriod: nsToSeconds(hc.StartPeriod),
        }
      : null,
    stopSignal: str(cfg.StopSignal) || null,
    architecture: str(inspect.Architecture),
    os: str(inspect.Os),
    variant: str(inspect.Variant) || null,
    author: str(inspect.Author),
    dockerVersion: str(inspect.DockerVersion),
  };
}

/** The raw inspect with secret-looking env values masked (Config and ContainerConfig). */
export function maskedInspect(inspect: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...inspect };
  for (const k of ['Config', 'ContainerConfig']) {
    const cfg = out[k] as Record<string, unknown> | null | undefined;
    if (cfg && Array.isArray(cfg.Env)) {
      out[k] = { ...cfg, Env: maskEnv(cfg.Env as string[]).map((e) => `${e.key}=${e.value}`) };
    }
  }
  return out;
}

export function toImageDetail(
  summary: ImageSummary,
  hostName: string,
  info: LayerInfo,
  images: ImageSummary[],
  infos: Map<string, LayerInfo>,
): ImageDetail {
  const owners = layerOwners(infos);
  const tagsOf = new Map(images.map((i) => [i.id, i.tags]));
  const layers: ImageLayer[] = info.diffIds.map((diffId, i) => ({
    diffId,
    chainId: info.chainIds[i]!,
    size: info.sizes[i] ?? null,
    step: info.stepOf[i] ?? null,
    sharedWith: (owners.get(info.chainIds[i]!) ?? []).filter((o) => o !== summary.id).map((o) => ({ id: o, tags: tagsOf.get(o) ?? [] })),
  }));
  const ownSize = layers.reduce((a, l) => a + (l.sharedWith.length ? 0 : (l.size ?? 0)), 0);
  return {
    summary,
    hostName,
    steps: info.steps,
    layers,
    ownSize,
    config: toConfigView(info.inspect),
    family: familyOf(summary.id, images, infos),
    raw: maskedInspect(info.inspect),
  };
}
