/**
 * Images, their layers, and the long operations on them (pull, push, build, load, …). Zod-free: the
 * browser imports it. Request schemas live in server/contracts/image-requests.ts.
 */

/** One image on one host, as the list shows it. */
export interface ImageSummary {
  hostId: string;
  /** `sha256:<64 hex>` */
  id: string;
  /** `repo:tag` references; empty for a dangling image. */
  tags: string[];
  /** `repo@sha256:…` references (from a pull or push). */
  digests: string[];
  /** Bytes of all its layers. */
  size: number;
  /** Bytes of its layers that another image on the host also holds; null until its layers are read. */
  sharedSize: number | null;
  /** ISO time */
  created: string;
  /** The local parent (classic builder), or ''. */
  parentId: string;
  labels: Record<string, string>;
  /** How many filesystem layers it has; null until read. */
  layerCount: number | null;
  dangling: boolean;
}

/** One step of an image's history, oldest first, with the layer it made (if it made one). */
export interface ImageStep {
  /** The instruction, readable: `/bin/sh -c #(nop) ` stripped. */
  createdBy: string;
  /** The instruction as the engine reports it. */
  rawCreatedBy: string;
  /** ISO time, or null when the engine does not know it. */
  created: string | null;
  size: number;
  comment: string;
  /** A metadata-only step (ENV, CMD, LABEL, …): it made no filesystem layer. */
  empty: boolean;
  /** Index into `layers`, for a step that made one. */
  layer: number | null;
  /** The id the history reports for this step (an image id for locally built steps, else null). */
  imageId: string | null;
  tags: string[];
}

/** One filesystem layer of an image, bottom first. */
export interface ImageLayer {
  /** The layer's content digest (`RootFS.Layers`). */
  diffId: string;
  /** The digest of this layer and all below it: what the engine stores and shares between images. */
  chainId: string;
  /** Bytes, from the step that made it (null when the history does not line up with the layers). */
  size: number | null;
  /** Index into `steps` of the step that made it, or null. */
  step: number | null;
  /** Other images on the host holding this very layer (same chain). */
  sharedWith: Array<{ id: string; tags: string[] }>;
}

export interface ImageConfigView {
  entrypoint: string[] | null;
  cmd: string[] | null;
  /** `KEY=value`; values of keys that look like secrets are masked by the server. */
  env: Array<{ key: string; value: string; masked: boolean }>;
  exposedPorts: string[];
  volumes: string[];
  labels: Record<string, string>;
  user: string;
  workdir: string;
  healthcheck: {
    test: string[];
    interval: number | null;
    timeout: number | null;
    retries: number | null;
    startPeriod: number | null;
  } | null;
  stopSignal: string | null;
  architecture: string;
  os: string;
  variant: string | null;
  author: string;
  dockerVersion: string;
}

/** A node of an image family: images built on one another, by their layers. */
export interface FamilyNode {
  id: string;
  tags: string[];
  created: string;
  layerCount: number;
  children: FamilyNode[];
}

export interface ImageDetail {
  summary: ImageSummary;
  hostName: string;
  steps: ImageStep[];
  layers: ImageLayer[];
  /** Bytes of layers no other image holds. */
  ownSize: number;
  config: ImageConfigView;
  /** The family this image belongs to: the tree from its oldest ancestor on the host. */
  family: FamilyNode | null;
  /** Raw `docker image inspect` (env secrets masked). */
  raw: Record<string, unknown>;
}

/** What a layer line of a pull or push shows; the engine's words vary, Wharf sorts them into phases. */
export type LayerPhase =
  | 'waiting'
  | 'downloading'
  | 'verifying'
  | 'downloaded'
  | 'extracting'
  | 'exists'
  | 'complete'
  | 'preparing'
  | 'pushing'
  | 'pushed'
  | 'other';

export interface LayerProgress {
  /** The engine's id of the line (a short layer id, or whatever it chose). */
  id: string;
  phase: LayerPhase;
  /** The engine's own words for the last line. */
  status: string;
  current: number;
  /** 0 when the engine did not say. */
  total: number;
}

export interface TransferProgress {
  /** The reference being pulled or pushed. */
  image: string;
  /** The last line that was not about one layer (e.g. "Digest: sha256:…"). */
  status: string;
  layers: LayerProgress[];
  /** 0..1 over the layers whose size is known, or null when nothing is known yet. */
  fraction: number | null;
}

export const OPERATION_KINDS = [
  'pull',
  'push',
  'build',
  'load',
  'import',
  'save',
  'prune',
  'commit',
  'export',
  'update-check',
  'update',
  'deploy',
] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];
export type OperationState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A long operation as the activity tray shows it. */
export interface Operation {
  id: string;
  hostId: string;
  hostName: string;
  kind: OperationKind;
  /** e.g. "Pull 127.0.0.1:5001/web:1.0" */
  title: string;
  user: string | null;
  state: OperationState;
  startedAt: string;
  endedAt: string | null;
  /** Per-layer progress of a pull or push. */
  transfer: TransferProgress | null;
  /** Bytes moved so far (load, save, export, a build context upload) and the total when known. */
  bytes: { current: number; total: number | null } | null;
  /** The latest step or status line, for kinds without a transfer. */
  status: string;
  /** Lines of output (a build's log); the tray shows the last, the build page all of them. */
  logLines: number;
  /** What it made or did, in words (e.g. "Reclaimed 12.3 MB, 3 images removed"). */
  result: string | null;
  /** The image it made, when it made one. */
  imageId: string | null;
  error: string | null;
  cancellable: boolean;
}

/** A build's output, line by line; `step` marks lines that begin a Dockerfile step. */
export interface OperationLogLine {
  n: number;
  text: string;
  kind: 'step' | 'out' | 'error' | 'info';
}

/** A reference as the CLI reads it: Docker Hub's defaults applied. */
export interface ParsedImageRef {
  /** `docker.io`, `127.0.0.1:5000`, … */
  domain: string;
  /** `library/busybox`, `team/app` */
  path: string;
  tag: string | null;
  digest: string | null;
  /** What the engine is asked for: `docker.io/library/busybox:latest`, or `…@sha256:…`. */
  full: string;
  /** The short form the CLI shows: `busybox:latest`, `127.0.0.1:5000/web:1.0`. */
  familiar: string;
  /** `repo` without tag or digest, in familiar form. */
  repository: string;
}

const DEFAULT_DOMAIN = 'docker.io';

/**
 * Reads a reference as the CLI does: a first component is a registry only with a dot, a port or
 * `localhost`; Docker Hub names get `library/`; a reference with neither tag nor digest gets `:latest`
 * (a pull never fetches every tag). Returns null for a string that is not a reference.
 */
export function parseImageRef(input: string): ParsedImageRef | null {
  const s = input.trim();
  if (!s || s.length > 512 || /\s/.test(s)) return null;
  let rest = s;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,}$/.test(digest)) return null;
  }
  let tag: string | null = null;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return null;
  }
  let domain = DEFAULT_DOMAIN;
  let path = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (/[.:]/.test(first) || first === 'localhost' || first.startsWith('[')) {
      domain = first;
      path = rest.slice(slash + 1);
    }
  }
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (
    !/^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$/.test(
      domain,
    )
  )
    return null;
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) return null;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = `library/${path}`;
  if (!tag && !digest) tag = 'latest';
  const name = `${domain}/${path}`;
  const suffix = `${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  const repository = domain === DEFAULT_DOMAIN ? path.replace(/^library\//, '') : name;
  return { domain, path, tag, digest, full: `${name}${suffix}`, familiar: `${repository}${suffix}`, repository };
}

/** Env keys whose values the UI masks. */
export const SECRET_ENV_KEY = /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential|auth)/i;

/** A short image id: the first 12 hex digits. */
export const shortImageId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);
