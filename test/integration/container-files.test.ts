import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST as uploadRoute } from '@/app/api/hosts/[hostId]/containers/[id]/files/route';
import { closeRuntime, createRuntime } from '@/server/bootstrap';
import { loadConfig } from '@/server/config';
import type { SessionUser } from '@/server/contracts/auth';
import type * as FilesContract from '@/server/contracts/container-files';
import type { Runtime } from '@/server/runtime';
import { setRuntime } from '@/server/runtime';
import { createSession, setupAdmin } from '@/server/services/auth';
import { commitContainer, downloadPath, exportContainer, listFiles, uploadFile } from '@/server/services/container-files';
import { addEngine } from '@/server/services/engines';
import { docker, loadRig, waitFor } from '../support/rig';

// A small upload limit, so that a body past it is quick to send; the route and service read this constant.
const LIMIT = 4 * 1024 * 1024;
vi.mock('@/server/contracts/container-files', async (importOriginal) => ({
  ...(await importOriginal<typeof FilesContract>()),
  UPLOAD_LIMIT_BYTES: 4 * 1024 * 1024,
}));

const rig = loadRig();
const label = 'wharf.test=integration-files';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-files-'));
const repo = `wharf-test/committed-${Date.now().toString(36)}`;
let rt: Runtime;
let admin: SessionUser;
let host = '';
let running = '';
let stopped = '';
let cookie = '';

const collect = async (s: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};
const tarNames = async (buf: Buffer) => {
  const names: string[] = [];
  const ex = tar.extract();
  await new Promise<void>((resolve, reject) => {
    ex.on('entry', (h, s, next) => {
      names.push(h.name);
      s.on('end', next);
      s.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
    ex.end(buf);
  });
  return names;
};

beforeAll(async () => {
  rt = await createRuntime(loadConfig({ WHARF_DATA_DIR: dir, WHARF_NO_DEFAULT_ENGINE: '1' }));
  admin = await setupAdmin(rt, { username: 'admin', password: 'integration-pw' });
  cookie = `wharf_session=${createSession(rt, admin)}`;
  setRuntime(rt);
  host = (await addEngine(rt, admin, { engine: { kind: 'socket', name: 'main', socketPath: rig.MAIN_SOCKET } })).id;
  await waitFor(() => rt.engines.get(host).status === 'online', 10_000, 'online');
  running = await docker(rig.MAIN_SOCKET, 'run', '-d', '--init', '--label', label, rig.SEED_WEB);
  stopped = await docker(rig.MAIN_SOCKET, 'create', '--label', label, rig.SEED_WEB);
});
afterAll(async () => {
  setRuntime(undefined);
  closeRuntime(rt);
  await docker(rig.MAIN_SOCKET, 'rm', '-f', '-v', running, stopped).catch(() => undefined);
  await docker(rig.MAIN_SOCKET, 'rmi', `${repo}:v1`).catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a container's files", () => {
  it('lists a folder of a running container through a shell in it', async () => {
    const l = await listFiles(rt, admin, host, running, '/www');
    expect(l.via).toBe('exec');
    expect(l.entries.find((e) => e.name === 'index.html')).toMatchObject({
      type: 'file',
      path: '/www/index.html',
      mode: expect.stringMatching(/^-r/),
    });
    const root = await listFiles(rt, admin, host, running, '/');
    expect(root.entries.find((e) => e.name === 'bin')).toMatchObject({ type: 'dir' });
    expect(root.entries[0]!.type).toBe('dir');
  });

  it('lists a folder of a stopped container through the archive API', async () => {
    const l = await listFiles(rt, admin, host, stopped, '/www');
    expect(l.via).toBe('archive');
    expect(l.entries.map((e) => e.name)).toContain('index.html');
  });

  it('says so when the folder does not exist, and refuses relative paths', async () => {
    await expect(listFiles(rt, admin, host, running, '/no/such/dir')).rejects.toMatchObject({ status: 404 });
    await expect(listFiles(rt, admin, host, running, 'etc')).rejects.toMatchObject({ status: 400, message: 'Path must be absolute' });
  });

  it('uploads a file that `docker exec cat` can read, and downloads it back', async () => {
    const r = await uploadFile(rt, admin, host, running, { dir: '/tmp', name: 'hello.txt', data: Buffer.from('uploaded by wharf\n') });
    expect(r.path).toBe('/tmp/hello.txt');
    expect(await docker(rig.MAIN_SOCKET, 'exec', running, 'cat', '/tmp/hello.txt')).toBe('uploaded by wharf');
    const d = await downloadPath(rt, admin, host, running, '/tmp/hello.txt');
    expect(d.filename).toBe('hello.txt');
    expect((await collect(d.stream)).toString()).toBe('uploaded by wharf\n');
    await expect(uploadFile(rt, admin, host, running, { dir: '/tmp', name: '../evil', data: Buffer.from('x') })).rejects.toMatchObject({
      status: 400,
    });
    await expect(uploadFile(rt, admin, host, running, { dir: '/no/such/dir', name: 'x', data: Buffer.from('x') })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('downloads a folder as a tar', async () => {
    const d = await downloadPath(rt, admin, host, running, '/www');
    expect(d.filename).toBe('www.tar');
    expect(await tarNames(await collect(d.stream))).toEqual(expect.arrayContaining(['www/', 'www/index.html']));
  });

  it('commits a container to an image and exports its filesystem', async () => {
    await docker(rig.MAIN_SOCKET, 'exec', running, 'sh', '-c', 'echo committed > /marker');
    const c = await commitContainer(rt, admin, host, running, { repo, tag: 'v1', comment: 'from a test' });
    expect(c.reference).toBe(`${repo}:v1`);
    expect(await docker(rig.MAIN_SOCKET, 'run', '--rm', '--label', label, `${repo}:v1`, 'cat', '/marker')).toBe('committed');
    await expect(commitContainer(rt, admin, host, running, { repo: 'Upper/Case' })).rejects.toMatchObject({ status: 400 });
    const e = await exportContainer(rt, admin, host, stopped);
    const names = await tarNames(await collect(e.stream));
    expect(names).toEqual(expect.arrayContaining(['www/index.html', 'bin/busybox']));
  });
});

/** A multipart body as a stream that counts what the server pulled from it. */
function multipart(parts: Array<{ name: string; filename?: string; data: Buffer | (() => AsyncGenerator<Buffer>) }>) {
  const boundary = `----wharf${Date.now().toString(36)}`;
  const pulled = { bytes: 0 };
  async function* gen() {
    for (const p of parts) {
      const disp = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disp}\r\n${p.filename !== undefined ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n`,
      );
      if (Buffer.isBuffer(p.data)) yield p.data;
      else yield* p.data();
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  const it = gen();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await it.next();
      if (done) return controller.close();
      pulled.bytes += value.length;
      controller.enqueue(new Uint8Array(value));
    },
  });
  return { body, pulled, type: `multipart/form-data; boundary=${boundary}` };
}

async function upload(id: string, m: ReturnType<typeof multipart>, headers: Record<string, string> = {}) {
  const req = new Request(`http://wharf.test/api/hosts/${host}/containers/${id}/files`, {
    method: 'POST',
    headers: { cookie, 'content-type': m.type, ...headers },
    body: m.body,
    duplex: 'half',
  } as RequestInit);
  const res = await uploadRoute(req, { params: Promise.resolve({ hostId: host, id }) });
  return { status: res.status, body: (await res.json()) as { ok?: boolean; code?: string; message?: string; path?: string } };
}

describe('uploads are streamed, capped and checked before they are read', () => {
  it('streams a multipart upload into the container, bytes intact', async () => {
    // Bytes that look like multipart framing must come through as data.
    const data = Buffer.concat([Buffer.from('line one\r\n--not-the-boundary\r\n\r\n'), crypto.randomBytes(300_000), Buffer.from('\r\n-')]);
    const r = await upload(
      running,
      multipart([
        { name: 'dir', data: Buffer.from('/tmp') },
        { name: 'file', filename: 'streamed.bin', data },
      ]),
    );
    expect(r).toMatchObject({ status: 201, body: { path: '/tmp/streamed.bin' } });
    expect(await docker(rig.MAIN_SOCKET, 'exec', running, 'md5sum', '/tmp/streamed.bin')).toContain(
      crypto.createHash('md5').update(data).digest('hex'),
    );
  });

  it('stops reading a chunked upload at the limit and answers 413 in words, keeping no temp file', async () => {
    const tmpBefore = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('wharf-upload-')).length;
    const chunk = Buffer.alloc(64 * 1024, 7);
    const m = multipart([
      { name: 'dir', data: Buffer.from('/tmp') },
      {
        name: 'file',
        filename: 'huge.bin',
        // 64 MiB, sixteen times the limit, with no Content-Length.
        data: async function* () {
          for (let i = 0; i < 1024; i++) yield chunk;
        },
      },
    ]);
    const r = await upload(running, m);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ ok: false, code: 'VALIDATION', message: 'Files up to 4 MiB can be uploaded' });
    // Reading stopped at the limit (plus what was already in flight), not at the end of the body.
    expect(m.pulled.bytes).toBeLessThan(LIMIT + 1024 * 1024);
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('wharf-upload-')).length).toBe(tmpBefore);
    expect(await docker(rig.MAIN_SOCKET, 'exec', running, 'ls', '/tmp')).not.toContain('huge.bin');
  });

  it('refuses an announced oversize body without reading it', async () => {
    const m = multipart([
      { name: 'dir', data: Buffer.from('/tmp') },
      { name: 'file', filename: 'x', data: Buffer.alloc(10) },
    ]);
    const r = await upload(running, m, { 'content-length': String(LIMIT + 2 * 1024 * 1024) });
    expect(r.status).toBe(413);
    // A ReadableStream pulls its first chunk by itself (queue high-water mark 1); nothing beyond it was read.
    expect(m.pulled.bytes).toBeLessThan(1024);
  });

  it('answers 4xx in words when the folder is a file or does not exist, before reading the file', async () => {
    const big = async function* () {
      for (let i = 0; i < 16; i++) yield Buffer.alloc(64 * 1024, 1);
    };
    const toFile = multipart([
      { name: 'dir', data: Buffer.from('/www/index.html') },
      { name: 'file', filename: 'x.txt', data: big },
    ]);
    const r = await upload(running, toFile);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      message: '/www/index.html is not a folder: choose a folder to upload into',
    });
    expect(toFile.pulled.bytes).toBeLessThan(128 * 1024);
    const missing = await upload(
      running,
      multipart([
        { name: 'dir', data: Buffer.from('/no/such/dir') },
        { name: 'file', filename: 'x.txt', data: Buffer.from('x') },
      ]),
    );
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('No such folder in the container: /no/such/dir');
    // The service says the same when called with the bytes in hand (the folder comes after the file).
    await expect(uploadFile(rt, admin, host, running, { dir: '/www/index.html', name: 'x', data: Buffer.from('x') })).rejects.toMatchObject(
      { status: 400 },
    );
    const noForm = await uploadRoute(
      new Request(`http://wharf.test/x`, { method: 'POST', headers: { cookie, 'content-type': 'text/plain' }, body: 'hello' }),
      {
        params: Promise.resolve({ hostId: host, id: running }),
      },
    );
    expect(noForm.status).toBe(400);
    expect(((await noForm.json()) as { message: string }).message).toMatch(/multipart\/form-data/);
  });
});

describe('names that look like listing syntax', () => {
  it('lists a name with newlines, | and look-alike fields as exactly one entry each', async () => {
    const evil = 'a\nregular file|31337|1700000000|-rwsrwsrwx||fake';
    await docker(
      rig.MAIN_SOCKET,
      'exec',
      running,
      'sh',
      '-c',
      'mkdir -p /names && cd /names && touch "$1" "x|y" "sp ace" && ln -s "x|y" link',
      'sh',
      evil,
    );
    const l = await listFiles(rt, admin, host, running, '/names');
    expect(l.via).toBe('exec');
    expect(l.entries.map((e) => e.name).sort()).toEqual([evil, 'link', 'sp ace', 'x|y'].sort());
    expect(l.entries.find((e) => e.name === evil)).toMatchObject({ type: 'file', size: 0, mode: '-rw-r--r--' });
    expect(l.entries.some((e) => e.size === 31337 || e.name === 'fake' || e.mode === '-rwsrwsrwx')).toBe(false);
    expect(l.entries.find((e) => e.name === 'link')).toMatchObject({ type: 'symlink', linkTarget: 'x|y' });
  });
});

describe('downloads release the engine when their reader goes away', () => {
  it('a file download destroyed mid-stream leaves the container free at once', async () => {
    const id = await docker(
      rig.MAIN_SOCKET,
      'run',
      '-d',
      '--label',
      label,
      rig.SEED_BUSYBOX,
      'sh',
      '-c',
      'dd if=/dev/zero of=/big bs=1M count=32 2>/dev/null; exec sleep 600',
    );
    await waitFor(
      async () => (await docker(rig.MAIN_SOCKET, 'exec', id, 'stat', '-c', '%s', '/big').catch(() => '')) === String(32 << 20),
      20_000,
      '/big',
    );
    for (const p of ['/big', '/']) {
      const d = await downloadPath(rt, admin, host, id, p);
      await new Promise((r) => d.stream.once('data', r));
      d.stream.destroy();
    }
    const e = await exportContainer(rt, admin, host, id);
    await new Promise((r) => e.stream.once('data', r));
    e.stream.destroy();
    const start = Date.now();
    await docker(rig.MAIN_SOCKET, 'exec', id, 'true');
    await docker(rig.MAIN_SOCKET, 'rm', '-f', '-v', id);
    expect(Date.now() - start).toBeLessThan(2000);
  });
});
