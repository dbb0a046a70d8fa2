import fs from 'node:fs';

/**
 * The one place Wharf turns text into JSON values and back: request bodies, database columns,
 * engine headers and streams, files (package.json, the rig's env.json, fixtures).
 */

type JsonText = string | Uint8Array;

// A view over the bytes, not a copy: bodies of a thousand containers are parsed here.
const asText = (text: JsonText): string =>
  typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8');
const start = (text: string): string => (text.length > 120 ? `${text.slice(0, 120)}…` : text);

/**
 * Parses JSON text. Malformed text throws `invalid()` when it is a function (e.g. a ValidationError
 * for a request body), else an Error that names `invalid` (what the text is) and shows how it starts.
 */
export function parseJson<T = unknown>(text: JsonText, invalid: string | (() => Error) = 'text'): T {
  const s = asText(text);
  try {
    return JSON.parse(s) as T;
  } catch {
    throw typeof invalid === 'function' ? invalid() : new Error(`${invalid} is not valid JSON: ${JSON.stringify(start(s))}`);
  }
}

/** Parses JSON text, or answers `fallback` when it is malformed (a torn stream line, a foreign header). */
export function parseJsonOr<T, F = T>(text: JsonText, fallback: F): T | F {
  try {
    return JSON.parse(asText(text)) as T;
  } catch {
    return fallback;
  }
}

/** Reads and parses a JSON file; an unreadable or malformed file throws an Error naming the file. */
export function readJsonFile<T = unknown>(file: string): T {
  return parseJson<T>(fs.readFileSync(file, 'utf8'), file);
}

/**
 * Serialises a value for a database column or a wire body. Unlike JSON.stringify, a value with no
 * JSON form (undefined, a function, a symbol) throws instead of quietly becoming `undefined` (NULL).
 */
export function toJson(value: unknown, indent?: number): string {
  const s = JSON.stringify(value, null, indent) as string | undefined;
  if (typeof s !== 'string') throw new TypeError(`${typeof value} has no JSON form`);
  return s;
}

/**
 * Splits a newline-delimited JSON stream (`/events`, stats, pull progress) into objects; a chunk may
 * end mid-line. Lines that are not JSON are skipped: the next whole one carries on.
 */
export class JsonLines<T> {
  private buf = '';

  /** `withLine` may add to each value what only its text holds (digits past a double's precision). */
  constructor(private readonly withLine?: (value: T, line: string) => T) {}

  push(chunk: Buffer | string): T[] {
    this.buf += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const out: T[] = [];
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl).trim();
      this.buf = this.buf.slice(nl + 1);
      if (!line) continue;
      // JSON.parse never yields undefined, so it marks a torn or foreign line.
      const value = parseJsonOr<T, undefined>(line, undefined);
      if (value !== undefined) out.push(this.withLine ? this.withLine(value, line) : value);
    }
    return out;
  }
}
