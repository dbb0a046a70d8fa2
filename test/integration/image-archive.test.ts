import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as commitRoute } from '@/app/api/hosts/[hostId]/containers/[id]/commit/route';
import { GET as exportRoute } from '@/app/api/hosts/[hostId]/containers/[id]/export/route';
import { POST as importRoute } from '@/app/api/hosts/[hostId]/images/import/route';
import { POST as loadRoute } from '@/app/api/hosts/[hostId]/images/load/route';
import { GET as saveRoute } from '@/app/api/hosts/[hostId]/images/save/route';
import type { Operation } from '@/server/contracts/images';
import { setRuntime } from '@/server/runtime';
import { startHarness, type Harness, operationEnded } from '../support/harness';
import { docker, loadRig, waitFor } from '../support/rig';

/** docker save / load / import through Wharf's routes, and commit / export of a container as operations of the tray. */
const rig = loadRig();
const LABEL = 'wharf.test=img-d';
const T = (name: string) => `wharf-test/img-d-${name}`;
let h: Harness;
const made: string[] = [];

const url = (path: string) => `http://wharf.test/api/hosts/${h.host}${path}`;
const params = () => ({ params: Promise.resolve({ hostId: h.host }) });
const idOf = (ref: string) => docker(rig.MAIN_SOCKET, 'image', 'inspect', '-f', '{{.Id}}', ref);
const exists = (ref: string) =>
  idOf(ref).then(
    () => true,
    () => false,
  );

const ended = (id: string): Promise<Operation> => operationEnded(h.rt, id);
const newestOp = (kind: Operation['kind']) => h.rt.operations.list().find((o) => o.kind === kind)!;

async function save(...refs: string[]): Promise<{ res: Response; body: Buffer }> {
  const q = refs.map((r) => `ref=${encodeURIComponent(r)}`).join('&');
  const res = await saveRoute(new Request(url(`/images/save?${q}`), { headers: { cookie: h.cookie } }), params());
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

async function upload(route: typeof loadRoute, path: string, file: Buffer, name: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file)]), name);
  const res = await route(new Request(url(path), { method: 'POST', headers: { cookie: h.cookie }, body: form }), params());
  return { status: res.status, json: (await res.json()) as { operationId?: string; message?: string; fields?: Record<string, string> } };
}

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, text] of Object.entries(files)) pack.entry({ name }, text);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as unknown as Readable) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The names in a tar. */
async function entries(buf: Buffer): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const ex = tar.extract();
  ex.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      out.set(header.name, Buffer.concat(chunks));
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
    ex.end(buf);
  });
  return out;
}

/** A small labelled image of our own, made from the seed with one file. */
async function ownImage(tag: string, text: string): Promise<string> {
  made.push(tag);
  const cid = await docker(rig.MAIN_SOCKET, 'create', '--label', LABEL, rig.SEED_BUSYBOX, 'true');
  try {
    const ctx = await tarOf({ 'own.txt': text });
    const engine = h.rt.engines.get(h.host).docker()!;
    await engine.getContainer(cid).putArchive(ctx as unknown as NodeJS.ReadableStream, { path: '/' });
    await docker(rig.MAIN_SOCKET, 'commit', '--change', `LABEL ${LABEL}`, cid, tag);
  } finally {
    await docker(rig.MAIN_SOCKET, 'rm', '-f', '-v', cid);
  }
  return idOf(tag);
}

beforeAll(async () => {
  h = await startHarness('img-d-archive', rig.MAIN_SOCKET, LABEL);
  setRuntime(h.rt);
});
afterAll(async () => {
  setRuntime(undefined);
  for (const ref of made) await docker(rig.MAIN_SOCKET, 'rmi', ref).catch(() => undefined);
  await h.close();
});

describe('save, load and import', () => {
  it('save → remove → load gives back the same image, each step an operation with its bytes', async () => {
    const tag = `${T('roundtrip')}:1`;
    const id = await ownImage(tag, 'round trip');
    const { res, body } = await save(tag);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="wharf-test_img-d-roundtrip_1.tar"');
    expect((await entries(body)).has('manifest.json')).toBe(true);
    const saved = await ended(res.headers.get('x-wharf-operation')!);
    expect(saved).toMatchObject({ kind: 'save', state: 'succeeded', bytes: { current: body.length } });

    await docker(rig.MAIN_SOCKET, 'rmi', tag);
    expect(await exists(id)).toBe(false);
    const { status, json } = await upload(loadRoute, '/images/load', body, 'roundtrip.tar');
    expect(status).toBe(202);
    const loaded = await ended(json.operationId!);
    expect(loaded.error).toBeNull();
    expect(loaded).toMatchObject({ kind: 'load', state: 'succeeded', result: `Loaded ${tag}`, imageId: id, title: 'Load roundtrip.tar' });
    expect(loaded.bytes?.current).toBe(body.length);
    expect(await idOf(tag)).toBe(id);
    const audit = h.rt.db.prepare("SELECT action, result FROM audit WHERE action IN ('image.save', 'image.load') ORDER BY id").all();
    expect(audit).toEqual([
      { action: 'image.save', result: 'ok' },
      { action: 'image.load', result: 'ok' },
    ]);
  });

  it('saves several images as one tar; an image that is not there is a 404 in words', async () => {
    const a = `${T('save-a')}:1`;
    const b = `${T('save-b')}:1`;
    await ownImage(a, 'a');
    await ownImage(b, 'b');
    const { res, body } = await save(a, b);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="2-images.tar"');
    const manifest = JSON.parse((await entries(body)).get('manifest.json')!.toString()) as Array<{ RepoTags: string[] }>;
    expect(manifest.flatMap((m) => m.RepoTags).sort()).toEqual([a, b]);

    const missing = await save(`${T('nope')}:none`);
    expect(missing.res.status).toBe(404);
    expect(JSON.parse(missing.body.toString())).toMatchObject({ ok: false, message: `No image ${T('nope')}:none on main` });
  });

  it('a load of something that is not an image archive fails in words and leaves nothing', async () => {
    const before = new Set((await docker(rig.MAIN_SOCKET, 'images', '-aq', '--no-trunc')).split('\n'));
    const garbage = await upload(loadRoute, '/images/load', Buffer.from('this is not a tar at all'.repeat(40)), 'garbage.tar');
    expect(garbage.status).toBe(202);
    const op = await ended(garbage.json.operationId!);
    expect(op).toMatchObject({ kind: 'load', state: 'failed' });
    expect(op.error).toMatch(/^This file is not a whole tar archive: .*(invalid tar header|unexpected EOF)/);

    const notImage = await upload(loadRoute, '/images/load', await tarOf({ 'hello.txt': 'hi' }), 'files.tar');
    const op2 = await ended(notImage.json.operationId!);
    expect(op2.error).toMatch(/^This tar is not an image archive \(docker save makes one\)/);
    // Images other tests made meanwhile carry their wharf.test label; a half-loaded one would carry none.
    const fresh = (await docker(rig.MAIN_SOCKET, 'images', '-aq', '--no-trunc')).split('\n').filter((id) => !before.has(id));
    const unlabelled = [];
    for (const id of fresh)
      if (!(await docker(rig.MAIN_SOCKET, 'image', 'inspect', '-f', '{{json .Config.Labels}}', id)).includes('wharf.test'))
        unlabelled.push(id);
    expect(unlabelled).toEqual([]);
  });

  it('imports a rootfs tarball as a tagged image with CMD, ENV, WORKDIR and a message', async () => {
    const tag = `${T('import')}:1`;
    made.push(tag);
    const rootfs = await tarOf({ 'etc/img-d.txt': 'imported by img-d\n' });
    const { status, json } = await upload(importRoute, '/images/import', rootfs, 'rootfs.tar', {
      reference: tag,
      cmd: '["/bin/cat", "/etc/img-d.txt"]',
      env: 'GREETING=hello "world" $HOME\nEMPTY=',
      workdir: '/etc',
      message: 'made by img-d',
    });
    expect(status).toBe(202);
    const op = await ended(json.operationId!);
    expect(op.error).toBeNull();
    expect(op).toMatchObject({ kind: 'import', state: 'succeeded', imageId: await idOf(tag) });
    const info = JSON.parse(await docker(rig.MAIN_SOCKET, 'image', 'inspect', tag))[0] as {
      Config: { Cmd: string[]; Env: string[]; WorkingDir: string };
      Comment: string;
      RootFS: { Layers: string[] };
    };
    expect(info.Config.Cmd).toEqual(['/bin/cat', '/etc/img-d.txt']);
    expect(info.Config.Env).toEqual(['GREETING=hello "world" $HOME', 'EMPTY=']);
    expect(info.Config.WorkingDir).toBe('/etc');
    expect(info.Comment).toBe('made by img-d');
    expect(info.RootFS.Layers).toHaveLength(1);
  });

  it('refuses a bad import before reading the file', async () => {
    const { status, json } = await upload(importRoute, '/images/import', Buffer.from('x'), 'x.tar', {
      reference: 'Not A Name',
      cmd: 'sh\nRUN evil',
    });
    expect(status).toBe(400);
    expect(json.fields).toMatchObject({ reference: expect.stringMatching(/Not a valid name/), cmd: 'CMD is one line' });
    expect(h.rt.operations.list().filter((o) => o.kind === 'import' && o.title.includes('Not A Name'))).toEqual([]);
  });
});

describe('commit and export of a container are operations of the tray', () => {
  let cid = '';
  beforeAll(async () => {
    cid = await docker(rig.MAIN_SOCKET, 'run', '-d', '--label', LABEL, rig.SEED_BUSYBOX, 'sh', '-c', 'echo inside > /made && sleep 600');
    await waitFor(() => h.rt.engines.get(h.host).containers.get(cid)?.state === 'running', 10_000, 'running');
  });
  const cparams = () => ({ params: Promise.resolve({ hostId: h.host, id: cid }) });

  it('commit answers as before and shows as a commit operation with the image', async () => {
    const res = await commitRoute(
      new Request(url(`/containers/${cid}/commit`), {
        method: 'POST',
        headers: { cookie: h.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ repo: T('commit'), tag: '1' }),
      }),
      cparams(),
    );
    made.push(`${T('commit')}:1`);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { imageId: string; reference: string };
    expect(body).toEqual({ imageId: await idOf(`${T('commit')}:1`), reference: `${T('commit')}:1` });
    expect(newestOp('commit')).toMatchObject({
      state: 'succeeded',
      imageId: body.imageId,
      title: expect.stringContaining(`${T('commit')}:1`),
    });

    const refused = await commitRoute(
      new Request(url(`/containers/${cid}/commit`), {
        method: 'POST',
        headers: { cookie: h.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ repo: 'UPPER' }),
      }),
      cparams(),
    );
    expect(refused.status).toBe(400);
  });

  it('export streams the filesystem and shows as an export operation with its bytes; a download cut short fails it', async () => {
    const res = await exportRoute(new Request(url(`/containers/${cid}/export`), { headers: { cookie: h.cookie } }), cparams());
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect((await entries(body)).get('made')?.toString()).toBe('inside\n');
    const op = await ended(newestOp('export').id);
    expect(op).toMatchObject({ state: 'succeeded', bytes: { current: body.length } });

    const ac = new AbortController();
    const cut = await exportRoute(
      new Request(url(`/containers/${cid}/export`), { headers: { cookie: h.cookie }, signal: ac.signal }),
      cparams(),
    );
    const reader = cut.body!.getReader();
    await reader.read();
    ac.abort();
    await reader.cancel().catch(() => undefined);
    const cutOp = await ended(newestOp('export').id);
    expect(cutOp).toMatchObject({ state: 'failed', error: expect.stringMatching(/^The download stopped after/) });
  });
});
