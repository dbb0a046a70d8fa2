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

/** Instructions that only change the image's config: never a filesystem layer. */
const METADATA_INSTRUCTION = /^(CMD|ENV|LABEL|EXPOSE|USER|ENTRYPOINT|ARG|HEALTHCHECK|VOLUME|STOPSIGNAL|SHELL|ONBUILD|MAINTAINER)\b/;
/**
 * A RUN step as the engine records it: optional build args (`|2 A=b B=c`, the count then the args), the
 * shell (`/bin/sh -c`, a SHELL like `/bin/bash -o pipefail -c`, Windows' `cmd /S /C`), the command.
 */
const RUN_LINE = /^(?:\|\d+ (.*?) )?(?:\/(?:usr\/)?bin\/(?:ba|da|a|z)?sh(?: -{1,2}[a-zA-Z]+(?: [a-z]+)?)*? -c|cmd \/S \/C) (.*)$/s;
/**
 * The Dockerfile line a history step stands for: `/bin/sh -c #(nop)  CMD ["sh"]` → `CMD ["sh"]`;
 * `/bin/sh -c echo hi` → `RUN echo hi`; build args (`|2 A=b B=c /bin/sh -c …`) → `RUN A=b B=c …` (they are
 * the command's environment); BuildKit's `RUN /bin/sh -c … # buildkit` → `RUN …`.
 */
export function readableInstruction(createdBy: string): string {
  let s = createdBy.trim().replace(/\s+# buildkit$/, '');
  const nop = s.match(/^(?:\|\d+ .*? )?\/bin\/sh -c #\(nop\)\s*(.*)$/s);
  if (nop) return readableHealthcheck(nop[1]!.trim());
  const buildkitRun = s.startsWith('RUN ');
  if (buildkitRun) s = s.slice(4).trimStart();
  const run = s.match(RUN_LINE);
  if (run) return `RUN ${run[1] ? `${run[1].trim()} ` : ''}${run[2]!.trim()}`;
  return buildkitRun ? `RUN ${s}` : s;
}

/**
 * The classic builder records HEALTHCHECK as a Go struct (`HEALTHCHECK &{["CMD-SHELL" "curl -f x"] "30s"
 * "3s" "0s" '\x03'}`): written back as the Dockerfile line. Anything else is returned as it is.
 */
function readableHealthcheck(s: string): string {
  const m = /^HEALTHCHECK &\{\[(.*)\] "([^"]*)" "([^"]*)" "([^"]*)" '(.*?)'(?: .*)?\}$/s.exec(s);
  if (!m) return s;
  const test = [...m[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((t) => JSON.parse(`"${t[1]}"`) as string);
  const hex = /^\\[xu]([0-9a-f]+)$/i.exec(m[5]!);
  const retries = hex ? parseInt(hex[1]!, 16) : (m[5]!.codePointAt(0) ?? 0);
  if (test[0] === 'NONE') return 'HEALTHCHECK NONE';
  const flags = [
    m[2] !== '0s' && `--interval=${m[2]}`,
    m[3] !== '0s' && `--timeout=${m[3]}`,
    m[4] !== '0s' && `--start-period=${m[4]}`,
    retries > 0 && `--retries=${retries}`,
  ].filter(Boolean);
  const cmd = test[0] === 'CMD-SHELL' ? test.slice(1).join(' ') : JSON.stringify(test.slice(1));
  return ['HEALTHCHECK', ...flags, 'CMD', cmd].join(' ');
}

/**
 * What a step's words and size say about its layer. The history API does not say which steps made
 * layers: a sized step did; a metadata instruction did not; a zero-byte RUN, COPY, ADD or WORKDIR may
 * have (a step that changed nothing makes no layer, one that only deleted files or made an empty
 * directory makes a layer of 0 bytes).
 */
type StepKind = 'layer' | 'none' | 'maybe';

function stepKind(createdBy: string, size: number): StepKind {
  if (size > 0) return 'layer';
  const nop = /#\(nop\)\s*(\S+)?/.exec(createdBy);
  const word = nop ? (nop[1] ?? '') : (readableInstruction(createdBy).split(/\s/, 1)[0] ?? '');
  if (METADATA_INSTRUCTION.test(word)) return 'none';
  // A classic-builder #(nop) other than COPY, ADD and WORKDIR (which may have made a directory) is config only.
  if (nop && !/^(ADD|COPY|WORKDIR)$/.test(word)) return 'none';
  return 'maybe';
}

interface HistoryItem {
  Id?: string;
  Created?: number;
  CreatedBy?: string;
  Tags?: string[] | null;
  Size?: number;
  Comment?: string;
}

/**
 * History (newest first, as the engine answers) lined up with the layers (bottom first). Every way of
 * choosing which "maybe" steps made layers so that the makers number the layers is considered: a layer's
 * step (and size) is known where all of them agree, and left null where they do not, never guessed. A
 * history no choice fits (a squashed or hand-made image) gives no step a layer. `layersAfter[i]`, when
 * known, is how many layers the image had after step i (oldest first): the layer count of the
 * intermediate image a local classic build keeps for each step.
 */
export function lineUp(
  history: HistoryItem[],
  diffIds: string[],
  layersAfter: Array<number | null> = [],
): Pick<LayerInfo, 'steps' | 'sizes' | 'stepOf'> {
  const oldestFirst = [...history].reverse();
  const kinds = oldestFirst.map((h) => stepKind(h.CreatedBy ?? '', Number(h.Size ?? 0)));
  const steps: ImageStep[] = oldestFirst.map((h, i) => {
    const raw = h.CreatedBy ?? '';
    return {
      createdBy: readableInstruction(raw),
      rawCreatedBy: raw,
      created: h.Created && h.Created > 0 ? new Date(h.Created * 1000).toISOString() : null,
      size: Number(h.Size ?? 0),
      comment: h.Comment ?? '',
      empty: kinds[i] === 'none',
      layer: null,
      imageId: h.Id && h.Id !== '<missing>' ? h.Id : null,
      tags: h.Tags ?? [],
    };
  });
  const n = steps.length;
  const total = diffIds.length;
  // May the first i steps have made j layers (as far as an intermediate image tells)?
  const allowed = (i: number, j: number) => i === 0 || layersAfter[i - 1] == null || layersAfter[i - 1] === j;
  // before[i][j]: steps 0..i-1 can make exactly j layers; after[i][j]: steps i..n-1 can make j.
  const before = Array.from({ length: n + 1 }, () => new Array<boolean>(total + 1).fill(false));
  const after = Array.from({ length: n + 1 }, () => new Array<boolean>(total + 1).fill(false));
  before[0]![0] = true;
  after[n]![0] = allowed(n, total);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= total; j++) {
      if (!before[i]![j]) continue;
      if (kinds[i] !== 'layer' && allowed(i + 1, j)) before[i + 1]![j] = true;
      if (kinds[i] !== 'none' && j < total && allowed(i + 1, j + 1)) before[i + 1]![j + 1] = true;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let j = 0; j <= total; j++) {
      if (!after[i + 1]![j]) continue;
      if (kinds[i] !== 'layer' && allowed(i, total - j)) after[i]![j] = true;
      if (kinds[i] !== 'none' && j < total && allowed(i, total - j - 1)) after[i]![j + 1] = true;
    }
  }
  const sizes: Array<number | null> = diffIds.map(() => null);
  const stepOf: Array<number | null> = diffIds.map(() => null);
  if (!before[n]![total]) return { steps, sizes, stepOf };
  // Per layer, the steps that made it in some fitting choice; per step, whether it made a layer in any.
  const candidates: number[][] = diffIds.map(() => []);
  const canMake = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= total; j++) {
      if (!before[i]![j]) continue;
      if (kinds[i] !== 'none' && j < total && after[i + 1]![total - j - 1]) {
        candidates[j]!.push(i);
        canMake[i] = true;
      }
    }
  }
  steps.forEach((s, i) => (s.empty = !canMake[i]));
  candidates.forEach((c, layer) => {
    const sizesOf = new Set(c.map((i) => steps[i]!.size));
    if (sizesOf.size === 1) sizes[layer] = [...sizesOf][0]!;
    if (c.length === 1) {
      stepOf[layer] = c[0]!;
      steps[c[0]!]!.layer = layer;
    }
  });
  return { steps, sizes, stepOf };
}

const layersOf = (inspect: unknown) => ((inspect as { RootFS?: { Layers?: string[] } }).RootFS?.Layers ?? []).slice();

/**
 * Reads the inspect and history of one image. Where the history leaves a step's layer open, the
 * intermediate images a local classic build kept (the history's ids) say how many layers each step left.
 */
export async function readLayerInfo(docker: Docker, id: string): Promise<LayerInfo> {
  const image = docker.getImage(id);
  const [inspect, history] = await Promise.all([image.inspect(), image.history() as Promise<HistoryItem[]>]);
  const raw = inspect as unknown as Record<string, unknown>;
  const diffIds = layersOf(raw);
  let lined = lineUp(history, diffIds);
  const open = lined.steps.flatMap((s, i) => (!s.empty && s.layer === null ? [i - 1, i] : []));
  const ask = new Set(open.filter((i) => i >= 0 && lined.steps[i]!.imageId));
  if (ask.size && ask.size <= 200) {
    const counts = await Promise.all(
      lined.steps.map((s, i) =>
        ask.has(i)
          ? docker
              .getImage(s.imageId!)
              .inspect()
              .then((ii) => layersOf(ii).length)
              .catch(() => null)
          : null,
      ),
    );
    if (counts.some((c) => c !== null)) lined = lineUp(history, diffIds, counts);
  }
  return { diffIds, chainIds: chainIds(diffIds), ...lined, inspect: raw };
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

const ENV_LINE = /^((?:\/bin\/sh -c #\(nop\)\s*)?(?:ENV|ARG)\s+)(.*)$/s;
const maskAssignment = (a: string) => {
  const eq = a.indexOf('=');
  return eq > 0 && eq < a.length - 1 && SECRET_ENV_KEY.test(a.slice(0, eq)) ? `${a.slice(0, eq)}=${MASK}` : a;
};

/**
 * An instruction with the values of secret-looking `KEY=value` assignments masked: an ENV or ARG step
 * (its values run to the next `KEY=`, spaces and all), build args and assignments inside a RUN.
 */
export function maskInstruction(s: string): string {
  const env = ENV_LINE.exec(s);
  if (env)
    return (
      env[1]! +
      env[2]!
        .split(/ (?=[A-Za-z_][A-Za-z0-9_]*=)/)
        .map(maskAssignment)
        .join(' ')
    );
  return s.replace(
    /(^|[\s;&|('"])([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|[^\s;&|)]+)/g,
    (m: string, pre: string, key: string) => (SECRET_ENV_KEY.test(key) ? `${pre}${key}=${MASK}` : m),
  );
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

/**
 * The raw inspect with secret-looking env values masked (Config and ContainerConfig), and in the
 * classic builder's ContainerConfig.Cmd, which holds the last step (`#(nop)  ENV TOKEN=…`).
 */
export function maskedInspect(inspect: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...inspect };
  for (const k of ['Config', 'ContainerConfig']) {
    const cfg = out[k] as Record<string, unknown> | null | undefined;
    if (!cfg) continue;
    const next = { ...cfg };
    if (Array.isArray(cfg.Env)) next.Env = maskEnv(cfg.Env as string[]).map((e) => `${e.key}=${e.value}`);
    if (k === 'ContainerConfig' && Array.isArray(cfg.Cmd))
      next.Cmd = (cfg.Cmd as unknown[]).map((c) => (typeof c === 'string' ? maskInstruction(c) : c));
    out[k] = next;
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
  // Tagged images first, by tag: the base a layer comes from reads before dangling leftovers.
  const byName = (a: { id: string; tags: string[] }, b: { id: string; tags: string[] }) =>
    (a.tags.length ? 0 : 1) - (b.tags.length ? 0 : 1) || (a.tags[0] ?? a.id).localeCompare(b.tags[0] ?? b.id);
  const layers: ImageLayer[] = info.diffIds.map((diffId, i) => ({
    diffId,
    chainId: info.chainIds[i]!,
    size: info.sizes[i] ?? null,
    step: info.stepOf[i] ?? null,
    sharedWith: (owners.get(info.chainIds[i]!) ?? [])
      .filter((o) => o !== summary.id && tagsOf.has(o))
      .map((o) => ({ id: o, tags: tagsOf.get(o) ?? [] }))
      .sort(byName),
  }));
  const ownSize = layers.reduce((a, l) => a + (l.sharedWith.length ? 0 : (l.size ?? 0)), 0);
  return {
    summary,
    hostName,
    // The history holds the ENV and ARG lines as written: secret-looking values are masked there too.
    steps: info.steps.map((st) => ({ ...st, createdBy: maskInstruction(st.createdBy), rawCreatedBy: maskInstruction(st.rawCreatedBy) })),
    layers,
    ownSize,
    config: toConfigView(info.inspect),
    family: familyOf(summary.id, images, infos),
    raw: maskedInspect(info.inspect),
  };
}
