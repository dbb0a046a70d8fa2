import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ValidationError, type AppError } from '../errors';
import { MultipartParser } from './multipart-upload';

// Uploads that go straight on to an engine (a build context, an image archive): the multipart body is
// parsed as it arrives and each file's bytes are written into a sink the caller gives (an engine
// request, a tar entry). Nothing is spooled: reading waits whenever the sink is full.

const FORM_MESSAGE = 'Send the upload as multipart/form-data';
const MAX_FIELD_BYTES = 1024 * 1024;

export interface StreamFormOptions {
  /** A text field, whole, before the next part begins. */
  onField?: (name: string, value: string) => void | Promise<void>;
  /** A file part begins: where its bytes go. The next part waits until this sink has finished. */
  onFile: (name: string, filename: string) => Writable | Promise<Writable>;
  /** All file bytes together may not pass this. */
  limit: number;
  tooLarge: () => AppError;
  /** Bytes of files read so far. */
  onBytes?: (total: number) => void;
  maxParts: number;
}

/** Writes a chunk, waiting while the sink is full; a sink that fails or closes early stops the upload. */
async function writeInto(sink: Writable, data: Buffer): Promise<void> {
  if (sink.destroyed || sink.writableEnded) throw sinkClosed(sink);
  if (sink.write(data)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      sink.off('drain', ok);
      sink.off('error', done);
      sink.off('close', closed);
      if (err) reject(err);
      else resolve();
    };
    const ok = () => done();
    const closed = () => done(sinkClosed(sink));
    sink.on('drain', ok);
    sink.on('error', done);
    sink.on('close', closed);
  });
}

const sinkClosed = (sink: Writable) => (sink.errored as Error | null) ?? new Error('The engine stopped reading the upload');

export function multipartBoundary(req: Request): string {
  const type = req.headers.get('content-type') ?? '';
  const m = /^multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(type);
  if (!m || !req.body) throw new ValidationError(FORM_MESSAGE);
  return (m[1] ?? m[2])!;
}

/**
 * Reads a multipart body to its end, fields whole and files into their sinks. Throws the first
 * problem: a malformed body (400), the limit passed (413), a sink that failed. The body is released,
 * not cancelled, so the client still gets the answer.
 */
export async function streamMultipart(req: Request, opts: StreamFormOptions): Promise<void> {
  const parser = new MultipartParser(multipartBoundary(req));
  const reader = req.body!.getReader();
  let parts = 0;
  let fileBytes = 0;
  let field: { name: string; chunks: Buffer[]; bytes: number } | null = null;
  let sink: Writable | null = null;
  try {
    while (!parser.done) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const ev of parser.push(value)) {
        if (ev.type === 'part') {
          if (++parts > opts.maxParts) throw new ValidationError(`An upload has at most ${opts.maxParts} parts`);
          if (ev.filename !== null) {
            sink = await opts.onFile(ev.name, ev.filename);
            // Its failure is read by writeInto/finished; listening keeps it from being an uncaught error.
            sink.on('error', () => undefined);
          } else field = { name: ev.name, chunks: [], bytes: 0 };
        } else if (ev.type === 'data') {
          if (sink) {
            fileBytes += ev.data.length;
            if (fileBytes > opts.limit) throw opts.tooLarge();
            await writeInto(sink, Buffer.from(ev.data));
            opts.onBytes?.(fileBytes);
          } else if (field) {
            field.bytes += ev.data.length;
            if (field.bytes > MAX_FIELD_BYTES) throw new ValidationError(`The field "${field.name.slice(0, 64)}" is too long`);
            field.chunks.push(Buffer.from(ev.data));
          }
        } else if (ev.type === 'end') {
          if (sink) {
            const s = sink;
            sink = null;
            s.end();
            await finished(s);
          } else if (field) {
            const f = field;
            field = null;
            await opts.onField?.(f.name, Buffer.concat(f.chunks).toString('utf8'));
          }
        }
      }
    }
    if (!parser.done) throw new ValidationError('The upload ended early: send it again');
  } catch (err) {
    (sink as Writable | null)?.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  } finally {
    reader.releaseLock();
  }
}
