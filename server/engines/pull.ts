import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { parseImageRef, type LayerPhase, type LayerProgress, type ParsedImageRef, type TransferProgress } from '../contracts/images';
import { JsonLines } from '../json';
import { extractDockerMessage } from './connect';

/** `busybox` → `busybox:latest`; a reference with a tag or digest is kept (a bare pull would fetch every tag). */
export function withDefaultTag(ref: string): string {
  if (ref.includes('@')) return ref;
  const lastSlash = ref.lastIndexOf('/');
  return ref.slice(lastSlash + 1).includes(':') ? ref : `${ref}:latest`;
}

/** One line of a pull or push stream, as any engine version writes it. */
export interface TransferLine {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number; units?: string };
  error?: string;
  errorDetail?: { message?: string };
  /** A push ends with the digest it gave the tag. */
  aux?: { Tag?: string; Digest?: string; Size?: number };
}

export type TransferKind = 'pull' | 'push';

// The engine's words differ between versions and image stores (classic: "Pulling fs layer",
// "Verifying Checksum"; containerd: "Pulling layer fs", "Extracting" counted in seconds), so lines are
// sorted by pattern, most specific first, and anything unknown is 'other' with its words kept.
const PHASES: ReadonlyArray<readonly [RegExp, LayerPhase]> = [
  [/already exists|^mounted from/i, 'exists'],
  [/^pushed\b/i, 'pushed'],
  [/^pushing/i, 'pushing'],
  [/^preparing/i, 'preparing'],
  [/^(waiting|queued|pulling fs layer)/i, 'waiting'],
  [/^verifying/i, 'verifying'],
  [/^download(ed)? complete/i, 'downloaded'],
  [/^(downloading|pulling layer|fetching|copying blob)/i, 'downloading'],
  [/^extracting/i, 'extracting'],
  [/complete$|^(pulled|done)\b/i, 'complete'],
];

/** Lines that carry an id but speak of the whole transfer ("Pulling from x" carries the tag as its id). */
const WHOLE_TRANSFER = /^(pulling from|digest:|status:|the push refers to)|: digest: /i;

export function classifyStatus(status: string): LayerPhase {
  for (const [re, phase] of PHASES) if (re.test(status.trim())) return phase;
  return 'other';
}

/** Phases where the layer's bytes have all moved. */
const MOVED = new Set<LayerPhase>(['verifying', 'downloaded', 'extracting', 'complete', 'exists', 'pushed']);
/** Share of a pulled layer's work that is the download (the rest is extraction). */
const DOWNLOAD_SHARE = 0.7;

interface LayerState extends LayerProgress {
  /** 0..1 of this layer's work, never going back (an unknown line keeps what was reached). */
  done: number;
}

/** Folds the engine's per-layer lines of a pull or push into one picture: one entry per layer, in order. */
export class TransferAggregator {
  private readonly layers = new Map<string, LayerState>();
  private status = 'Waiting';
  /** The registry's words, from an errorDetail line (they arrive mid-stream, under HTTP 200). */
  error: string | null = null;
  /** The manifest digest ("Digest: sha256:…" of a pull, the aux line of a push). */
  digest: string | null = null;
  /** The engine said the image was already current. */
  upToDate = false;
  /** The total bar does not go back when a layer's size becomes known late (only when more layers appear). */
  private reached = { layers: 0, fraction: 0 };

  constructor(
    private readonly image: string,
    private readonly kind: TransferKind = 'pull',
  ) {}

  push(line: TransferLine): void {
    if (line.error || line.errorDetail) {
      this.error = line.errorDetail?.message || line.error || 'unknown error';
      return;
    }
    if (line.aux?.Digest) this.digest = line.aux.Digest;
    const status = line.status?.trim();
    if (!status) return;
    if (line.id && !WHOLE_TRANSFER.test(status)) this.layer(line.id, status, line.progressDetail);
    else {
      this.status = status;
      const d = /(?:^|\s)digest: (\S+)/i.exec(status);
      if (d) this.digest = d[1]!;
      if (/up to date/i.test(status)) this.upToDate = true;
    }
  }

  private layer(id: string, status: string, detail: TransferLine['progressDetail']): void {
    const l = this.layers.get(id) ?? { id, phase: 'other' as LayerPhase, status: '', current: 0, total: 0, done: 0 };
    const phase = classifyStatus(status);
    l.status = status;
    if (phase !== 'other') l.phase = phase;
    // Counts in other units (containerd reports extraction in seconds) are not bytes.
    const bytes = detail && !detail.units && typeof detail.current === 'number' ? detail : null;
    if (bytes && (phase === 'downloading' || phase === 'pushing' || phase === 'extracting')) {
      if (bytes.total && bytes.total > 0) l.total = bytes.total;
      l.current = Math.min(bytes.current ?? 0, l.total || Infinity);
    } else if (MOVED.has(phase) && l.total) {
      l.current = l.total;
    }
    l.done = Math.max(l.done, this.layerDone(l, !!bytes));
    this.layers.set(id, l);
  }

  private layerDone(l: LayerState, counted: boolean): number {
    const part = l.total > 0 ? Math.min(1, l.current / l.total) : 0;
    const share = this.kind === 'push' ? 1 : DOWNLOAD_SHARE;
    switch (l.phase) {
      case 'complete':
      case 'exists':
      case 'pushed':
        return 1;
      case 'downloading':
      case 'pushing':
        return share * part;
      case 'verifying':
      case 'downloaded':
        return share;
      case 'extracting':
        return share + (1 - share) * (counted ? part : 0);
      default:
        return 0;
    }
  }

  /**
   * How much of the whole is done: layers weighted by size (an unknown size counts as the average known
   * one; a layer that was already there with no size given, as nothing).
   */
  private fraction(layers: LayerState[]): number | null {
    if (!layers.length) return null;
    const known = layers.filter((l) => l.total > 0);
    const avg = known.length ? known.reduce((a, l) => a + l.total, 0) / known.length : 1;
    let all = 0;
    let done = 0;
    for (const l of layers) {
      const w = l.total > 0 ? l.total : l.phase === 'exists' ? 0 : avg;
      all += w;
      done += w * l.done;
    }
    if (all === 0) return layers.every((l) => l.done >= 1) ? 1 : 0;
    return done / all;
  }

  get layerCount(): number {
    return this.layers.size;
  }

  snapshot(): TransferProgress {
    const states = [...this.layers.values()];
    const layers: LayerProgress[] = states.map(({ id, phase, status, current, total }) => ({ id, phase, status, current, total }));
    let fraction = this.fraction(states);
    if (fraction !== null) {
      if (states.length === this.reached.layers) fraction = Math.max(fraction, this.reached.fraction);
      this.reached = { layers: states.length, fraction };
    }
    return { image: this.image, status: this.status, layers, fraction };
  }
}

/** A failure the engine reported: its (or the registry's) own words. */
export class TransferError extends Error {}

/** The engine's words for a refused pull or push request (before any stream). */
export function transferRefusal(err: unknown): string {
  const e = err as { json?: { message?: string } | null; message?: string };
  return e?.json?.message ?? extractDockerMessage(e?.message ?? '') ?? e?.message ?? String(err);
}

/** How often progress is reported at most; the last picture always is. */
const REPORT_EVERY_MS = 100;

/**
 * Reads a pull or push stream to its end into `agg`. Rejects with the engine's words when an
 * errorDetail line came (the HTTP status was 200 long before), and destroys the stream on `signal`.
 */
export function followTransfer(
  stream: Readable,
  agg: TransferAggregator,
  onProgress?: (p: TransferProgress) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = new JsonLines<TransferLine>();
    let last = 0;
    let settled = false;
    const report = (force = false) => {
      const now = Date.now();
      if (onProgress && (force || now - last >= REPORT_EVERY_MS)) {
        last = now;
        onProgress(agg.snapshot());
      }
    };
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      report(true);
      if (err) reject(err);
      else if (agg.error) reject(new TransferError(agg.error));
      else resolve();
    };
    const onAbort = () => {
      stream.destroy();
      finish(new TransferError('Cancelled'));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      for (const line of lines.push(chunk)) agg.push(line);
      report();
    });
    stream.on('error', (e: Error) => finish(new TransferError(e.message)));
    stream.on('end', () => finish(null));
    // Destroyed without an end: the engine (or the network) went away mid-transfer.
    stream.on('close', () => finish(agg.error ? null : new TransferError('The engine closed the stream before the transfer ended')));
  });
}

const dial = <T>(start: (cb: (err: Error | null, stream?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) =>
    start((err, stream) => (err || !stream ? reject(new TransferError(err ? transferRefusal(err) : 'no stream')) : resolve(stream))),
  );

export interface TransferOptions {
  onProgress?: (p: TransferProgress) => void;
  authconfig?: { username: string; password: string; serveraddress: string };
  signal?: AbortSignal;
}

/**
 * Pulls `fromImage` at `tag` (a tag or a `sha256:` digest) and resolves when the engine says it is
 * done; `image` names it in the progress. Returns the aggregator (digest, whether it was current).
 */
export async function pullStream(
  docker: Docker,
  target: { image: string; fromImage: string; tag: string },
  opts: TransferOptions = {},
): Promise<TransferAggregator> {
  const agg = new TransferAggregator(target.image, 'pull');
  const stream = await dial<Readable>((cb) =>
    docker.createImage(
      opts.authconfig,
      { fromImage: target.fromImage, tag: target.tag, ...(opts.signal ? { abortSignal: opts.signal } : {}) },
      (err: Error | null, s?: NodeJS.ReadableStream) => cb(err, s as Readable | undefined),
    ),
  );
  await followTransfer(stream, agg, opts.onProgress, opts.signal);
  return agg;
}

/** Pushes `repository:tag` (both as the engine names them); resolves with the aggregator (the pushed digest). */
export async function pushStream(
  docker: Docker,
  target: { image: string; repository: string; tag: string },
  opts: TransferOptions = {},
): Promise<TransferAggregator> {
  const agg = new TransferAggregator(target.image, 'push');
  const stream = await dial<Readable>((cb) =>
    docker.getImage(target.repository).push(
      {
        tag: target.tag,
        ...(opts.authconfig ? { authconfig: opts.authconfig } : {}),
        ...(opts.signal ? { abortSignal: opts.signal } : {}),
      },
      (err: Error | null, s?: NodeJS.ReadableStream) => cb(err, s as Readable | undefined),
    ),
  );
  await followTransfer(stream, agg, opts.onProgress, opts.signal);
  return agg;
}

/** What the engine's pull takes for a reference read as the CLI reads it: by digest when it names one. */
export function pullTargetOf(ref: ParsedImageRef): { image: string; fromImage: string; tag: string } {
  return { image: ref.familiar, fromImage: `${ref.domain}/${ref.path}`, tag: ref.digest ?? ref.tag ?? 'latest' };
}

/** Splits a reference the create form sends into what the engine's pull takes (a bare name gets `:latest`). */
function pullTarget(ref: string): { image: string; fromImage: string; tag: string } {
  const parsed = parseImageRef(ref);
  if (parsed) return pullTargetOf(parsed);
  const image = withDefaultTag(ref);
  const at = image.indexOf('@');
  if (at >= 0) return { image, fromImage: image.slice(0, at), tag: image.slice(at + 1) };
  const colon = image.lastIndexOf(':');
  return { image, fromImage: image.slice(0, colon), tag: image.slice(colon + 1) };
}

/** Pulls an image for the create form and resolves when the engine says it is done. */
export async function pullImage(
  docker: Docker,
  ref: string,
  onProgress?: (p: TransferProgress) => void,
  authconfig?: TransferOptions['authconfig'],
): Promise<void> {
  await pullStream(docker, pullTarget(ref), { onProgress, authconfig });
}
