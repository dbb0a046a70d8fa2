import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ValidationError, type AppError } from '../errors';

export type MultipartEvent = { type: 'part'; name: string; filename: string | null } | { type: 'data'; data: Buffer } | { type: 'end' };

const FORM_MESSAGE = 'Send the file as multipart/form-data with fields "dir" and "file"';
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The value of one parameter of a Content-Disposition header (`name`, `filename`), or null. */
function dispositionParam(header: string, key: string): string | null {
  // RFC 5987 form first (filename*=utf-8''…), then the quoted or bare form browsers send.
  const ext = new RegExp(`(?:^|;)\\s*${key}\\*=([^']*)'[^']*'([^;]*)`, 'i').exec(header);
  if (ext) {
    try {
      return decodeURIComponent(ext[2]!.trim());
    } catch {
      return null;
    }
  }
  const m = new RegExp(`(?:^|;)\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(header);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!;
}

/**
 * An incremental multipart/form-data parser: bytes in, events out, holding at most one chunk plus
 * a boundary's length (and one part's headers, up to `maxHeaderBytes`).
 */
export class MultipartParser {
  private buf: Buffer;
  private state: 'preamble' | 'after-boundary' | 'headers' | 'body' | 'done' = 'preamble';
  private readonly delimiter: Buffer;

  constructor(
    boundary: string,
    private readonly maxHeaderBytes = 16 * 1024,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
    // The first boundary has no CRLF before it: lend it one so every delimiter looks the same.
    this.buf = Buffer.from(CRLF);
  }

  get done(): boolean {
    return this.state === 'done';
  }

  push(chunk: Uint8Array): MultipartEvent[] {
    const events: MultipartEvent[] = [];
    if (this.state === 'done') return events;
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    for (;;) {
      switch (this.state) {
        case 'preamble': {
          const i = this.buf.indexOf(this.delimiter);
          if (i < 0) {
            if (this.buf.length > 64 * 1024) throw new ValidationError(FORM_MESSAGE);
            return events;
          }
          this.buf = this.buf.subarray(i + this.delimiter.length);
          this.state = 'after-boundary';
          break;
        }
        case 'after-boundary': {
          if (this.buf.length < 2) return events;
          if (this.buf[0] === 0x2d && this.buf[1] === 0x2d) {
            this.state = 'done';
            this.buf = Buffer.alloc(0);
            return events;
          }
          // The rest of the boundary line (RFC 2046 allows trailing blanks).
          const eol = this.buf.indexOf(CRLF);
          if (eol < 0) {
            if (this.buf.length > 256) throw new ValidationError(FORM_MESSAGE);
            return events;
          }
          if (this.buf.subarray(0, eol).toString('latin1').trim() !== '') throw new ValidationError(FORM_MESSAGE);
          this.buf = this.buf.subarray(eol + 2);
          this.state = 'headers';
          break;
        }
        case 'headers': {
          const empty = this.buf.length >= 2 && this.buf[0] === 0x0d && this.buf[1] === 0x0a;
          const end = empty ? -2 : this.buf.indexOf(HEADER_END);
          if (end === -1) {
            if (this.buf.length > this.maxHeaderBytes) throw new ValidationError('A part of the upload has headers that are too long');
            return events;
          }
          const headers = empty ? [] : this.buf.subarray(0, end).toString('utf8').split('\r\n');
          const disposition = headers.find((h) => /^content-disposition\s*:/i.test(h))?.replace(/^[^:]*:\s*/, '') ?? '';
          const name = dispositionParam(disposition, 'name');
          if (!/^form-data\b/i.test(disposition) || name === null) throw new ValidationError(FORM_MESSAGE);
          events.push({ type: 'part', name, filename: dispositionParam(disposition, 'filename') });
          this.buf = this.buf.subarray(end + 4);
          this.state = 'body';
          break;
        }
        case 'body': {
          const i = this.buf.indexOf(this.delimiter);
          if (i < 0) {
            // Everything but a possible start of the delimiter is the part's data.
            const keep = this.delimiter.length - 1;
            if (this.buf.length > keep) {
              events.push({ type: 'data', data: this.buf.subarray(0, this.buf.length - keep) });
              this.buf = Buffer.from(this.buf.subarray(this.buf.length - keep));
            }
            return events;
          }
          if (i > 0) events.push({ type: 'data', data: this.buf.subarray(0, i) });
          events.push({ type: 'end' });
          this.buf = this.buf.subarray(i + this.delimiter.length);
          this.state = 'after-boundary';
          break;
        }
        default:
          return events;
      }
    }
  }
}

export interface ReceivedUpload {
  /** The text fields, as sent. */
  fields: Record<string, string>;
  /** The one file, spooled to a temp file. */
  file: { name: string; path: string; size: number };
  /** Removes the temp file. */
  cleanup(): Promise<void>;
}

export interface ReceiveOptions {
  /** The largest file accepted; reading stops as soon as it is passed. */
  limit: number;
  tooLarge: () => AppError;
  /** Called when the file part begins, with the fields that came before it: refuse here before any byte is read. */
  beforeFile?: (fields: Record<string, string>, filename: string) => Promise<void>;
}

const MAX_FIELD_BYTES = 64 * 1024;
const MAX_PARTS = 16;

/**
 * Reads a multipart upload with one file part named `file` as it arrives: the file goes to a temp
 * file (memory stays at one chunk), reading stops at `limit` (413) or at any malformed part (400).
 * Reading stops without cancelling the body, so the client still gets the answer.
 */
export async function receiveUpload(req: Request, opts: ReceiveOptions): Promise<ReceivedUpload> {
  const type = req.headers.get('content-type') ?? '';
  const m = /^multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))\s*(?:;|$)/i.exec(type);
  if (!m || !req.body) throw new ValidationError(FORM_MESSAGE);
  const parser = new MultipartParser((m[1] ?? m[2])!);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'wharf-upload-'));
  const cleanup = () => fs.promises.rm(dir, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  let part: { name: string; filename: string | null; chunks: Buffer[]; bytes: number } | null = null;
  let parts = 0;
  let file: { name: string; path: string; size: number; out: fs.WriteStream } | null = null;
  let writing: fs.WriteStream | null = null;
  const reader = req.body.getReader();
  try {
    while (!parser.done) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const ev of parser.push(value)) {
        if (ev.type === 'part') {
          if (++parts > MAX_PARTS) throw new ValidationError(`An upload has at most ${MAX_PARTS} fields`);
          part = { name: ev.name, filename: ev.filename, chunks: [], bytes: 0 };
          if (ev.name === 'file' && ev.filename !== null) {
            if (file) throw new ValidationError('Upload one file at a time');
            await opts.beforeFile?.(fields, ev.filename);
            const p = path.join(dir, 'data');
            file = { name: ev.filename, path: p, size: 0, out: fs.createWriteStream(p) };
            writing = file.out;
          }
        } else if (ev.type === 'data' && part) {
          if (writing && file) {
            file.size += ev.data.length;
            if (file.size > opts.limit) throw opts.tooLarge();
            // Wait for the disk when its buffer is full: the next read waits with it.
            if (!writing.write(ev.data))
              await new Promise<void>((resolve, reject) => (writing!.once('drain', resolve), writing!.once('error', reject)));
          } else {
            part.bytes += ev.data.length;
            if (part.bytes > MAX_FIELD_BYTES) throw new ValidationError(`The field "${part.name.slice(0, 64)}" is too long`);
            part.chunks.push(Buffer.from(ev.data));
          }
        } else if (ev.type === 'end' && part) {
          if (writing) {
            const w = writing;
            await new Promise<void>((resolve, reject) => w.end((err?: Error | null) => (err ? reject(err) : resolve())));
            writing = null;
          } else if (part.filename === null) fields[part.name] = Buffer.concat(part.chunks).toString('utf8');
          part = null;
        }
      }
    }
    if (!parser.done) throw new ValidationError('The upload ended early: send it again');
    if (!file) throw new ValidationError('No file in the upload', { file: 'Choose a file' });
    return { fields, file: { name: file.name, path: file.path, size: file.size }, cleanup };
  } catch (err) {
    (writing as fs.WriteStream | null)?.destroy();
    await cleanup();
    throw err;
  } finally {
    // Release, do not cancel: cancelling would reset the connection before the refusal is sent.
    reader.releaseLock();
  }
}
