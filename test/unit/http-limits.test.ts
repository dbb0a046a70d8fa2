import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRuntime, createRuntime } from '@/server/bootstrap';
import { loadConfig } from '@/server/config';
import { gate, pathProblem } from '@/server/http/gate';
import { readJson } from '@/server/http/route';
import { parseJson } from '@/server/json';
import type { Runtime } from '@/server/runtime';

/** A 50 MB body made on demand, counting how much of it was pulled. */
function endless(chunk = 64 * 1024, total = 50 * 1024 * 1024) {
  const state = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) return controller.close();
      state.pulled += chunk;
      controller.enqueue(new Uint8Array(chunk).fill(0x20));
    },
  });
  return { body, state };
}

describe('readJson', () => {
  it('stops reading a chunked body at the limit with 413', async () => {
    const { body, state } = endless();
    const req = new Request('http://x/api', { method: 'POST', body, duplex: 'half' } as RequestInit);
    await expect(readJson(req, 16 * 1024)).rejects.toMatchObject({
      status: 413,
      code: 'VALIDATION',
      message: expect.stringMatching(/too large/),
    });
    // One chunk past the limit at most (plus what the stream buffered ahead).
    expect(state.pulled).toBeLessThanOrEqual(3 * 64 * 1024);
  });

  it('refuses a declared Content-Length over the limit without reading', async () => {
    const { body, state } = endless();
    const req = new Request('http://x/api', {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { 'content-length': String(50 * 1024 * 1024) },
    } as RequestInit);
    await expect(readJson(req)).rejects.toMatchObject({ status: 413 });
    expect(state.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it('still parses bodies under the limit, and says so when they are not JSON', async () => {
    const ok = new Request('http://x/api', { method: 'POST', body: JSON.stringify({ a: 'é'.repeat(1000) }) });
    expect(await readJson(ok, 16 * 1024)).toEqual({ a: 'é'.repeat(1000) });
    expect(await readJson(new Request('http://x/api', { method: 'POST', body: '' }))).toEqual({});
    await expect(readJson(new Request('http://x/api', { method: 'POST', body: '{nope' }))).rejects.toMatchObject({ status: 400 });
  });
});

describe('pathProblem', () => {
  it('finds malformed percent-encoding and NUL/CR/LF in any segment', () => {
    expect(pathProblem('/api/engines/%ZZ')).toMatch(/percent-encoding/);
    expect(pathProblem('/api/hosts/%E0%A4%A/containers/x')).toMatch(/percent-encoding/);
    expect(pathProblem('/api/hosts/h/containers/a%00b')).toMatch(/NUL/);
    expect(pathProblem('/api/hosts/h/containers/a%0D%0Ab')).toMatch(/line feed/);
    expect(pathProblem('/api/hosts/h%20x/containers/%E2%9C%93')).toBeNull();
  });
});

describe('gate', () => {
  let dir: string;
  let rt: Runtime;
  let server: http.Server;
  let port: number;
  const passed: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-gate-'));
    rt = await createRuntime(
      loadConfig({ WHARF_DATA_DIR: dir, WHARF_NO_DEFAULT_ENGINE: '1', WHARF_ADMIN_USER: 'ops', WHARF_ADMIN_PASSWORD: 'longenough' }),
    );
    // Stands in for Next: records what the gate let through.
    server = http.createServer((req, res) => {
      if (gate(rt, req, res)) return;
      passed.push(req.url!);
      req.resume();
      req.on('end', () => res.end('next'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    closeRuntime(rt);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function request(p: string, opts: { method?: string; headers?: Record<string, string | number>; body?: Buffer } = {}) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: p, method: opts.method ?? 'GET', headers: opts.headers, agent: false },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end(opts.body);
    });
  }

  it('answers 400 JSON for malformed or control-character segments under /api/, signed in or not', async () => {
    for (const p of [
      '/api/engines/%ZZ',
      '/api/hosts/%E0%A4%A/containers/x',
      '/api/hosts/h/containers/a%00b',
      '/api/hosts/h/containers/a%0d%0ab',
      '/api/auth/%ZZ',
    ]) {
      const r = await request(p);
      expect(r.status, p).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/json/);
      expect(parseJson(r.body, 'answer')).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.any(String) });
    }
  });

  it('answers a 400 page for malformed page paths', async () => {
    const r = await request('/hosts/%ZZ/containers');
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body).toMatch(/not valid/);
  });

  it('refuses a large declared body to the public endpoints at once, before the route', async () => {
    const passedBefore = passed.length;
    const r = await request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': 17 * 1024 },
      body: Buffer.alloc(17 * 1024, 0x20),
    });
    expect(r.status).toBe(413);
    expect(parseJson(r.body, 'answer')).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringMatching(/too large/) });
    expect(passed.length).toBe(passedBefore);
    // A small body still goes through to the route.
    const small = await request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{}'),
    });
    expect(small.body).toBe('next');
  });

  it('answers a client that keeps sending an unread body, then cuts it off instead of reading on', { timeout: 15_000 }, async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('error', () => undefined);
    const closed = new Promise<number>((r) => socket.once('close', () => r(performance.now())));
    socket.write('POST /api/engines HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
    const t0 = performance.now();
    const chunk = `10000\r\n${' '.repeat(0x10000)}\r\n`;
    let sent = 0;
    // Keeps sending (up to 64 MB) until the server closes the connection.
    while (!socket.destroyed && sent < 64 * 1024 * 1024) {
      sent += 0x10000;
      if (!socket.write(chunk)) await Promise.race([new Promise((r) => socket.once('drain', r)), closed]);
      else await new Promise((r) => setImmediate(r));
    }
    const at = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(Infinity), 4_000))]);
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(at - t0).toBeLessThan(4_000);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });
});
