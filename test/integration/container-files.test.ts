import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRuntime, createRuntime } from '@/server/bootstrap';
import { loadConfig } from '@/server/config';
import type { SessionUser } from '@/server/contracts/auth';
import type { Runtime } from '@/server/runtime';
import { setupAdmin } from '@/server/services/auth';
import { commitContainer, downloadPath, exportContainer, listFiles, uploadFile } from '@/server/services/container-files';
import { addEngine } from '@/server/services/engines';
import { docker, loadRig, waitFor } from '../support/rig';

const rig = loadRig();
const label = 'wharf.test=integration-files';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-files-'));
const repo = `wharf-test/committed-${Date.now().toString(36)}`;
let rt: Runtime;
let admin: SessionUser;
let host = '';
let running = '';
let stopped = '';

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
  host = (await addEngine(rt, admin, { engine: { kind: 'socket', name: 'main', socketPath: rig.MAIN_SOCKET } })).id;
  await waitFor(() => rt.engines.get(host).status === 'online', 10_000, 'online');
  running = await docker(rig.MAIN_SOCKET, 'run', '-d', '--init', '--label', label, rig.SEED_WEB);
  stopped = await docker(rig.MAIN_SOCKET, 'create', '--label', label, rig.SEED_WEB);
});
afterAll(async () => {
  closeRuntime(rt);
  await docker(rig.MAIN_SOCKET, 'rm', '-f', running, stopped).catch(() => undefined);
  await docker(rig.MAIN_SOCKET, 'rmi', `${repo}:v1`).catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a container's files", () => {
  it('lists a folder of a running container through a shell in it', async () => {
    const l = await listFiles(rt, admin, host, running, '/www');
    expect(l.via).toBe('exec');
    expect(l.entries.find((e) => e.name === 'index.html')).toMatchObject({ type: 'file', path: '/www/index.html', mode: expect.stringMatching(/^-r/) });
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
    await expect(uploadFile(rt, admin, host, running, { dir: '/tmp', name: '../evil', data: Buffer.from('x') })).rejects.toMatchObject({ status: 400 });
    await expect(uploadFile(rt, admin, host, running, { dir: '/no/such/dir', name: 'x', data: Buffer.from('x') })).rejects.toMatchObject({ status: 404 });
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
