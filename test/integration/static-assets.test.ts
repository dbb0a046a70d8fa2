import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionServer, type ProductionServer } from '../support/production-server';
import { freePort } from '../support/token-registry';

// The production server sends /_next/static/** as the .br/.gz copies written at build time
// (scripts/precompress.ts, server/http/static-assets.ts); everything else goes through compression + Next.

const ADMIN = { username: 'assets-admin', password: 'static-assets-pw' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-assets-'));
let port = 0;
let server: ProductionServer;
let cookie = '';
/** The scripts and stylesheets /containers loads first, as the page names them. */
let firstLoad: string[] = [];

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function call(p: string, headers: Record<string, string> = {}, method = 'GET', body?: unknown): Promise<Reply> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: p,
        method,
        agent: false,
        headers: { ...(cookie ? { cookie } : {}), ...(data ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** The body as the browser reads it. */
function decoded(r: Reply): Buffer {
  if (r.headers['content-encoding'] === 'br') return zlib.brotliDecompressSync(r.body);
  if (r.headers['content-encoding'] === 'gzip') return zlib.gunzipSync(r.body);
  expect(r.headers['content-encoding']).toBeUndefined();
  return r.body;
}

const onDisk = (url: string) => fs.readFileSync(path.join('.next/static', url.slice('/_next/static/'.length)));
const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('precompressed static assets (production build)', () => {
  beforeAll(async () => {
    port = await freePort();
    server = await startProductionServer(port, {
      WHARF_DATA_DIR: dir,
      WHARF_NO_DEFAULT_ENGINE: '1',
      WHARF_NO_UPDATE_SCHEDULE: '1',
      WHARF_ADMIN_USER: ADMIN.username,
      WHARF_ADMIN_PASSWORD: ADMIN.password,
    });
    const signIn = await call('/api/auth/login', {}, 'POST', ADMIN);
    expect(signIn.status).toBe(200);
    cookie = signIn.headers['set-cookie']![0]!.split(';')[0]!;
    const page = await call('/containers', { 'accept-encoding': 'gzip' });
    expect(page.status).toBe(200);
    const html = decoded(page).toString('utf8');
    firstLoad = [...new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"?]+\.(?:js|css))"/g)].map((m) => m[1]!))];
  }, 90_000);

  afterAll(() => {
    server?.proc.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the build wrote a .br and a .gz copy of every first-load script and stylesheet', () => {
    expect(firstLoad.filter((u) => u.endsWith('.js')).length).toBeGreaterThan(3);
    expect(firstLoad.some((u) => u.endsWith('.css'))).toBe(true);
    for (const url of firstLoad) {
      const file = path.join('.next/static', url.slice('/_next/static/'.length));
      expect(fs.existsSync(`${file}.br`), `${file}.br`).toBe(true);
      expect(fs.existsSync(`${file}.gz`), `${file}.gz`).toBe(true);
    }
  });

  it('sends brotli to a browser that accepts it: the copy from disk, immutable, and it decodes to the file byte for byte', async () => {
    for (const url of firstLoad) {
      const r = await call(url, { 'accept-encoding': 'gzip, deflate, br, zstd' });
      expect(r.status, url).toBe(200);
      expect(r.headers['content-encoding'], url).toBe('br');
      expect(r.headers['content-type'], url).toBe(
        url.endsWith('.css') ? 'text/css; charset=utf-8' : 'application/javascript; charset=utf-8',
      );
      expect(r.headers['cache-control'], url).toBe(IMMUTABLE);
      expect(r.headers.vary, url).toBe('Accept-Encoding');
      // Sent as written at build time (not compressed on the fly): its length is known and is the copy's.
      expect(Number(r.headers['content-length']), url).toBe(r.body.length);
      expect(r.body.equals(onDisk(`${url}.br`)), url).toBe(true);
      expect(decoded(r).equals(onDisk(url)), url).toBe(true);
      // The headers every answer carries are on these too.
      expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('sends gzip when brotli is not accepted (absent, or q=0), and it decodes to the same bytes', async () => {
    const script = firstLoad.find((u) => u.endsWith('.js'))!;
    for (const accept of ['gzip', 'br;q=0, gzip', 'gzip, br;q=0', 'gzip;q=1, br;q=0.5']) {
      const r = await call(script, { 'accept-encoding': accept });
      expect(r.status, accept).toBe(200);
      expect(r.headers['content-encoding'], accept).toBe('gzip');
      expect(r.headers['cache-control'], accept).toBe(IMMUTABLE);
      expect(r.headers.vary, accept).toBe('Accept-Encoding');
      expect(Number(r.headers['content-length']), accept).toBe(onDisk(`${script}.gz`).length);
      expect(decoded(r).equals(onDisk(script)), accept).toBe(true);
    }
  });

  it('sends the file itself, uncompressed and still immutable, to a client that accepts no encoding', async () => {
    const script = firstLoad.find((u) => u.endsWith('.js'))!;
    for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'br;q=0, gzip;q=0' }] as Array<
      Record<string, string>
    >) {
      const r = await call(script, headers);
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBeUndefined();
      expect(r.headers['content-type']).toMatch(/^application\/javascript; charset=utf-8$/i);
      expect(r.headers['cache-control']).toBe(IMMUTABLE);
      expect(Number(r.headers['content-length'])).toBe(onDisk(script).length);
      expect(r.body.equals(onDisk(script))).toBe(true);
    }
  });

  it('answers HEAD with the headers of the brotli answer and no body', async () => {
    const script = firstLoad.find((u) => u.endsWith('.js'))!;
    const r = await call(script, { 'accept-encoding': 'br, gzip' }, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(Number(r.headers['content-length'])).toBe(onDisk(`${script}.br`).length);
    expect(r.headers['cache-control']).toBe(IMMUTABLE);
    expect(r.body.length).toBe(0);
  });

  it('never gives a file outside .next/static for a path that climbs out of it, and a missing chunk is a 404', async () => {
    const secret = fs.readFileSync('package.json', 'utf8');
    expect(secret).toContain('"name": "wharf"');
    const attempts = [
      '/_next/static/../../package.json',
      '/_next/static/%2e%2e/%2e%2e/package.json',
      '/_next/static/%2E%2E/%2E%2E/package.json',
      '/_next/static/chunks/..%2f..%2f..%2fpackage.json',
      '/_next/static/chunks/..%2F..%2F..%2Fpackage.json',
      '/_next/static/chunks\\..\\..\\..\\package.json',
      '/_next/static/chunks/..%5c..%5c..%5cpackage.json',
      '/_next/static/chunks/%2e%2e/%2e%2e/%2e%2e/package.json',
    ];
    for (const p of attempts) {
      for (const accept of ['br, gzip', 'gzip', '']) {
        const headers: Record<string, string> = accept ? { 'accept-encoding': accept } : {};
        let r = await call(p, headers);
        // Next redirects a path with backslashes to its normalised form (here /package.json): follow it once.
        if (r.status === 308 && p.includes('\\')) r = await call(String(r.headers.location), headers);
        expect([400, 404], `${p} (${accept})`).toContain(r.status);
        expect(decoded(r).toString('utf8'), p).not.toContain('"name": "wharf"');
      }
    }
    const missing = await call('/_next/static/chunks/0000000000000.js', { 'accept-encoding': 'br, gzip' });
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).not.toContain('immutable');
  });

  it('still gzips pages and API answers per request, as before', async () => {
    const page = await call('/containers', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(decoded(page).toString('utf8')).toContain('<html');

    const api = await call('/api/engines', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(api.status).toBe(200);
    expect(api.headers['content-encoding']).toBe('gzip');
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(decoded(api).toString('utf8'))).toBeTruthy();
  });
});
