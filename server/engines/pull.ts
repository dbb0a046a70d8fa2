import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { PullProgress } from '../contracts/container-create';
import { JsonLines } from '../json';

/** `busybox` → `busybox:latest`; a reference with a tag or digest is kept (a bare pull would fetch every tag). */
export function withDefaultTag(ref: string): string {
  if (ref.includes('@')) return ref;
  const lastSlash = ref.lastIndexOf('/');
  return ref.slice(lastSlash + 1).includes(':') ? ref : `${ref}:latest`;
}

export interface PullLine {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** Folds the engine's per-layer progress lines into one picture. */
export class ProgressAggregator {
  private readonly layers = new Map<string, { id: string; status: string; current: number; total: number }>();
  private status = 'Waiting';

  constructor(private readonly image: string) {}

  push(line: PullLine): void {
    if (line.id && line.status && !/^(Pulling from|Digest|Status)/.test(line.status)) {
      const l = this.layers.get(line.id) ?? { id: line.id, status: '', current: 0, total: 0 };
      l.status = line.status;
      const d = line.progressDetail ?? {};
      if (/^Downloading/.test(line.status) && d.total) {
        l.current = d.current ?? 0;
        l.total = d.total;
      } else if (/^(Download complete|Pull complete|Already exists|Verifying Checksum|Extracting)/.test(line.status) && l.total) {
        l.current = l.total;
      }
      this.layers.set(line.id, l);
    } else if (line.status) {
      this.status = line.status;
    }
  }

  snapshot(): PullProgress {
    const layers = [...this.layers.values()].map((l) => ({ ...l }));
    const sized = layers.filter((l) => l.total > 0);
    const done = layers.filter((l) => /complete|Already exists/i.test(l.status)).length;
    let fraction: number | null = null;
    if (layers.length) {
      fraction = sized.length ? sized.reduce((a, l) => a + l.current, 0) / sized.reduce((a, l) => a + l.total, 0) : done / layers.length;
      if (done === layers.length) fraction = 1;
    }
    return { image: this.image, status: this.status, layers, fraction };
  }
}

export class PullError extends Error {}

/**
 * Pulls an image and resolves when the engine says it is done. `followProgress` does not turn
 * `errorDetail` lines into errors, so the stream is read line by line here.
 */
export function pullImage(
  docker: Docker,
  ref: string,
  onProgress?: (p: PullProgress) => void,
  authconfig?: Record<string, string>,
): Promise<void> {
  const image = withDefaultTag(ref);
  const agg = new ProgressAggregator(image);
  return new Promise((resolve, reject) => {
    docker.pull(image, authconfig ? { authconfig } : {}, (err: Error | null, result?: NodeJS.ReadableStream) => {
      const stream = result as Readable | undefined;
      if (err || !stream) return reject(err ?? new PullError('no pull stream'));
      const lines = new JsonLines<PullLine>();
      let failure: string | null = null;
      let last = 0;
      const report = (force = false) => {
        const now = Date.now();
        if (onProgress && (force || now - last > 100)) {
          last = now;
          onProgress(agg.snapshot());
        }
      };
      stream.on('data', (chunk: Buffer) => {
        for (const line of lines.push(chunk)) {
          if (line.error || line.errorDetail) failure = line.errorDetail?.message ?? line.error ?? 'unknown error';
          else agg.push(line);
        }
        report();
      });
      stream.on('error', (e: Error) => reject(new PullError(e.message)));
      stream.on('end', () => {
        report(true);
        if (failure) reject(new PullError(failure));
        else resolve();
      });
    });
  });
}
