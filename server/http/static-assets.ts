import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';

// Segments of [A-Za-z0-9_.-] that never start with a dot (so no `.` or `..`); no `%`, `\` or NUL can match.
// The extensions are those scripts/precompress.ts compresses.
const ASSET = /^\/_next\/static\/((?:[\w-][\w.-]*\/)*[\w-][\w.-]*\.(js|css|json|txt|svg|map))$/;

const CONTENT_TYPES: Record<string, string> = {
  js: 'application/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
};

/** What Next sends for its hashed build assets (file names change with their content). */
const IMMUTABLE = 'public, max-age=31536000, immutable';

type Encoding = 'br' | 'gzip';
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** The encodings the client accepts among ours, best first (its q-values; brotli wins a tie; q=0 refuses). */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (e: Encoding) => weights.get(e) ?? (e === 'gzip' ? weights.get('x-gzip') : undefined) ?? weights.get('*') ?? 0;
  return (['br', 'gzip'] as const).filter((e) => weightOf(e) > 0).sort((a, b) => weightOf(b) - weightOf(a));
}

/**
 * Answers GET/HEAD for /_next/static/<file> with the .br or .gz copy written at build time, when the
 * client accepts one and both the file and its copy exist; anything else (other paths, ranges, a miss,
 * an error before the headers) goes to `fallback` (compression + Next). Nothing is cached in memory:
 * a stat and an open per request, the copy streamed from disk.
 */
export function precompressedAssets(root: string) {
  const base = path.resolve(root);
  return (req: IncomingMessage, res: ServerResponse, fallback: () => void): void => {
    const method = req.method;
    const match = ASSET.exec((req.url ?? '').split('?')[0]!);
    if ((method !== 'GET' && method !== 'HEAD') || !match || req.headers.range !== undefined) return fallback();
    const file = path.resolve(base, match[1]!);
    const encodings = acceptedEncodings(req.headers['accept-encoding']);
    if (!file.startsWith(base + path.sep) || encodings.length === 0) return fallback();
    const type = CONTENT_TYPES[match[2]!]!;
    void answer(req, res, file, encodings, type).then(
      (done) => done || fallback(),
      (err: unknown) => {
        console.error('[wharf] static asset', err);
        if (!res.headersSent) fallback();
        else res.destroy();
      },
    );
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, file: string, encodings: Encoding[], type: string): Promise<boolean> {
  const raw = await fs.promises.stat(file).catch(() => null);
  if (!raw?.isFile()) return false;
  for (const encoding of encodings) {
    const handle = await fs.promises.open(file + SUFFIX[encoding], 'r').catch(() => null);
    if (!handle) continue;
    let streaming = false;
    try {
      const copy = await handle.stat();
      if (!copy.isFile()) continue;
      if (res.destroyed) return true;
      res.writeHead(200, {
        'content-type': type,
        'content-encoding': encoding,
        'content-length': copy.size,
        vary: 'Accept-Encoding',
        'cache-control': IMMUTABLE,
      });
      if (req.method === 'HEAD') {
        res.end();
        return true;
      }
      // The stream owns the handle now; pipeline destroys it (closing the file) if the client goes away.
      streaming = true;
      pipeline(handle.createReadStream(), res, () => {});
      return true;
    } finally {
      if (!streaming) await handle.close();
    }
  }
  return false;
}
