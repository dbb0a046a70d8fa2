import { PassThrough, pipeline, type Readable } from 'node:stream';
import type { Runtime } from '../runtime';
import { audited, type Actor } from './audit';
import { runOperation, type OperationHandle, type OperationStart } from './operations';

// Downloads (save, export) as operations of the activity tray: the engine's stream goes to the browser
// untouched, counted on its way; the operation ends when the browser has read it all, fails when the
// download stops short, and a cancel from the tray cuts it.

/** "12.3 MiB": the units `docker images` and the UI use. */
export function bytesInWords(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export interface DownloadOperation {
  stream: Readable;
  operationId: string;
}

/**
 * Opens `open()` inside an operation (so a refusal shows in the tray and the audit log too) and answers
 * with the stream to send once the engine has answered; throws the refusal otherwise.
 */
export async function downloadOperation(
  rt: Runtime,
  actor: Actor | null,
  start: Omit<OperationStart, 'user' | 'cancellable'>,
  audit: { action: string; target: string },
  open: () => Promise<Readable>,
  total: number | null = null,
): Promise<DownloadOperation> {
  let ready!: (s: Readable) => void;
  const streamReady = new Promise<Readable>((resolve) => (ready = resolve));
  let refusal: unknown = null;
  const { operationId, done } = runOperation(rt.operations, { ...start, user: actor, cancellable: true }, (h) =>
    audited(
      rt,
      actor,
      audit.action,
      audit.target,
      async () => {
        let source: Readable;
        try {
          source = await open();
        } catch (err) {
          refusal = err;
          throw err;
        }
        const out = new PassThrough();
        let sent = 0;
        let last = 0;
        out.on('data', (c: Buffer) => {
          sent += c.length;
          // The tray does not need every 64 KiB chunk; it is throttled again by the registry.
          if (sent - last >= 1024 * 1024) {
            last = sent;
            h.bytes(sent, total);
          }
        });
        const cut = () => out.destroy();
        h.signal.addEventListener('abort', cut, { once: true });
        const finished = new Promise<void>((resolve, reject) => {
          pipeline(source, out, (err) => (err ? reject(new Error(`The download stopped after ${bytesInWords(sent)}`)) : undefined));
          // The end of `out` is read by the browser: the last byte reached it.
          out.once('end', resolve);
          out.once('close', () => (out.readableEnded ? resolve() : reject(new Error(`The download stopped after ${bytesInWords(sent)}`))));
        });
        ready(out);
        try {
          await finished;
        } finally {
          h.signal.removeEventListener('abort', cut);
        }
        h.bytes(sent, total);
        return { result: `Downloaded ${bytesInWords(sent)}` };
      },
      (r) => r.result,
    ),
  );
  const first = await Promise.race([streamReady.then((stream) => ({ stream })), done.then((op) => ({ op }))]);
  if ('stream' in first) return { stream: first.stream, operationId };
  // The operation ended before a stream was ready: the engine refused (or someone cancelled it already).
  throw refusal ?? new Error(first.op.error ?? 'The download did not start');
}

export interface CountedUpload {
  /** What the engine reads. */
  body: PassThrough;
  /** Why the upload stopped short, if it did (its own words beat the engine's "socket hang up"). */
  failure(): Error | null;
}

/** Passes an upload on to the engine, counting its bytes into the operation; an upload cut short fails the body. */
export function countUpload(h: OperationHandle, src: Readable, size: number | null): CountedUpload {
  let n = 0;
  let failure: Error | null = null;
  const body = new PassThrough();
  body.on('data', (c: Buffer) => h.bytes((n += c.length), size));
  pipeline(src, body, (err) => {
    if (!err || h.signal.aborted) return;
    failure =
      (err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE' ? new Error(`The upload stopped after ${bytesInWords(n)}`) : err;
  });
  return { body, failure: () => failure };
}
