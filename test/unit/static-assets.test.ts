import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncodings, precompressedAssets } from '@/server/http/static-assets';

describe('acceptedEncodings', () => {
  it('lists brotli then gzip, by the client q-values, without the refused ones', () => {
    expect(acceptedEncodings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('br;q=0, gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('BR; q=0 ,GZIP')).toEqual(['gzip']);
    expect(acceptedEncodings('gzip;q=1, br;q=0.5')).toEqual(['gzip', 'br']);
    expect(acceptedEncodings('x-gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('*, br;q=0')).toEqual(['gzip']);
    expect(acceptedEncodings('br;q=nonsense, gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('identity')).toEqual([]);
    expect(acceptedEncodings('')).toEqual([]);
    expect(acceptedEncodings(undefined)).toEqual([]);
  });
});

describe('precompressedAssets', () => {
  // <tmp>/static/chunks/app.js (+ .br, .gz) is served; <tmp>/secret.js (+ .br) beside the root must never be.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-static-'));
  const root = path.join(dir, 'static');
  const big = crypto.randomBytes(32 * 1024 * 1024); // far more than socket buffers hold
  let server: http.Server;
  let port = 0;

  beforeAll(async () => {
    fs.mkdirSync(path.join(root, 'chunks'), { recursive: true });
    for (const [name, body] of [
      ['chunks/app.js', 'raw'],
      ['chunks/app.js.br', 'BR'],
      ['chunks/app.js.gz', 'GZ'],
      ['chunks/only-gz.css', 'raw'],
      ['chunks/only-gz.css.gz', 'GZ'],
      ['chunks/orphan.js.br', 'BR'], // a copy without its file
      ['chunks/big.js', 'raw'],
      ['../secret.js', 'SECRET'],
      ['../secret.js.br', 'SECRET'],
    ] as const)
      fs.writeFileSync(path.join(root, name), body);
    fs.writeFileSync(path.join(root, 'chunks/big.js.br'), big);
    const assets = precompressedAssets(root);
    server = http.createServer((req, res) =>
      assets(req, res, () => {
        res.writeHead(299, { 'x-fallback': '1' });
        res.end('fallback');
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // Options, not a URL: a URL would have its dot segments resolved before it is sent.
  const get = (p: string, ae = 'gzip, br', method = 'GET') =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: p, method, agent: false, headers: { 'accept-encoding': ae } }, (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('answers with the copy the client accepts, and falls back when it has none', async () => {
    const br = await get('/_next/static/chunks/app.js');
    expect([br.status, br.headers['content-encoding'], br.body, br.headers['content-length']]).toEqual([200, 'br', 'BR', '2']);
    expect(br.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect((await get('/_next/static/chunks/app.js?v=1', 'br;q=0, gzip')).body).toBe('GZ');
    // No .br copy: gzip; no acceptable copy, or no raw file: Next's path.
    const css = await get('/_next/static/chunks/only-gz.css');
    expect([css.headers['content-encoding'], css.headers['content-type'], css.body]).toEqual(['gzip', 'text/css; charset=utf-8', 'GZ']);
    expect((await get('/_next/static/chunks/only-gz.css', 'br')).status).toBe(299);
    expect((await get('/_next/static/chunks/orphan.js')).status).toBe(299);
    expect((await get('/_next/static/chunks/missing.js')).status).toBe(299);
    expect((await get('/_next/static/chunks/app.js', 'identity')).status).toBe(299);
    expect((await get('/_next/static/chunks/app.js', 'gzip', 'POST')).status).toBe(299);
    const head = await get('/_next/static/chunks/app.js', 'br', 'HEAD');
    expect([head.status, head.headers['content-length'], head.body]).toEqual([200, '2', '']);
  });

  it('leaves every path that is not a plain relative file name under the root to Next', async () => {
    for (const p of [
      '/_next/static/../secret.js',
      '/_next/static/chunks/../../secret.js',
      '/_next/static/%2e%2e/secret.js',
      '/_next/static/%2E%2E/secret.js',
      '/_next/static/chunks/..%2f..%2fsecret.js',
      '/_next/static/chunks\\..\\..\\secret.js',
      '/_next/static/.%2e/secret.js',
      '/_next/static/./chunks/app.js',
      '/_next/static//chunks/app.js',
      '/_next/static/chunks/app.js%00',
      '/_next/static/chunks/app.js.br',
      '/_next/static/',
      '/_next/staticx/chunks/app.js',
    ]) {
      const r = await get(p);
      expect(r.status, p).toBe(299);
      expect(r.body, p).not.toContain('SECRET');
    }
  });

  it('closes the file when the client goes away mid-answer', async () => {
    const open = () =>
      fs
        .readdirSync('/proc/self/fd')
        .map((fd) => {
          try {
            return fs.readlinkSync(`/proc/self/fd/${fd}`);
          } catch {
            return '';
          }
        })
        .filter((target) => target.endsWith('big.js.br')).length;
    for (let i = 0; i < 3; i++) {
      const whileReading = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port, path: '/_next/static/chunks/big.js', agent: false, headers: { 'accept-encoding': 'br' } },
          (res) => {
            res.once('data', () => {
              resolve(open());
              req.destroy();
            });
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(whileReading).toBe(1);
    }
    await expect.poll(open, { timeout: 5_000 }).toBe(0);
  });
});
