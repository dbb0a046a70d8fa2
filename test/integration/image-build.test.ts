import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as buildRoute } from '@/app/api/hosts/[hostId]/images/build/route';
import type { Operation, OperationLogLine } from '@/server/contracts/images';
import { setRuntime } from '@/server/runtime';
import { deleteRegistryRow, insertRegistryRow } from '@/server/store/registries';
import { startHarness, type Harness, operationEnded } from '../support/harness';
import { docker, loadRig, waitFor } from '../support/rig';

/**
 * Builds with the engine's classic builder through Wharf's route: inline Dockerfiles, uploaded
 * contexts (a tar, a folder), build args and target, a failing step, and a base image in the
 * authenticated registry pulled with the saved credentials.
 */
const rig = loadRig();
const LABEL = 'wharf.test=img-d';
const T = (name: string) => `wharf-test/img-d-${name}`;
const PRIVATE_BASE = `${rig.REGISTRY_AUTH_URL}/wharf-test/img-d-base:1`;
let h: Harness;
const made: string[] = [];

async function build(body: BodyInit, contentType?: string): Promise<Response> {
  const headers: Record<string, string> = { cookie: h.cookie };
  if (contentType) headers['content-type'] = contentType;
  return buildRoute(new Request(`http://wharf.test/api/hosts/${h.host}/images/build`, { method: 'POST', headers, body }), {
    params: Promise.resolve({ hostId: h.host }),
  });
}

/** Starts a build and waits for its operation to end. */
async function buildAndWait(body: BodyInit, contentType?: string): Promise<{ op: Operation; log: OperationLogLine[] }> {
  const res = await build(body, contentType);
  const json = (await res.json()) as { operationId?: string; message?: string };
  if (res.status !== 202) throw new Error(`${res.status}: ${json.message}`);
  return ended(json.operationId!);
}

async function ended(id: string): Promise<{ op: Operation; log: OperationLogLine[] }> {
  const op = await operationEnded(h.rt, id, 90_000);
  return { op, log: h.rt.operations.get(id).log };
}

const inline = (dockerfile: string, options: Record<string, unknown>) => JSON.stringify({ dockerfile, options });
const inspect = async (ref: string) => JSON.parse(await docker(rig.MAIN_SOCKET, 'image', 'inspect', ref))[0] as Docker.ImageInspectInfo;
const exists = (ref: string) =>
  docker(rig.MAIN_SOCKET, 'image', 'inspect', ref).then(
    () => true,
    () => false,
  );
const runIn = (ref: string, ...cmd: string[]) => docker(rig.MAIN_SOCKET, 'run', '--rm', '--label', LABEL, ref, ...cmd);
const lastAudit = (action: string) =>
  h.rt.db.prepare('SELECT result, target, detail FROM audit WHERE action = ? ORDER BY id DESC LIMIT 1').get(action) as
    { result: string; target: string; detail: string } | undefined;

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, text] of Object.entries(files)) pack.entry({ name }, text);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as unknown as Readable) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Reads an engine stream of JSON lines to its end; an errorDetail line is thrown. */
async function drain(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const c of stream as Readable) text += (c as Buffer).toString();
  const err = text.split('\n').find((l) => l.includes('"errorDetail"'));
  if (err) throw new Error(err);
  return text;
}

beforeAll(async () => {
  h = await startHarness('img-d-build', rig.MAIN_SOCKET, LABEL);
  setRuntime(h.rt);
});
afterAll(async () => {
  setRuntime(undefined);
  for (const ref of made) await docker(rig.MAIN_SOCKET, 'rmi', ref).catch(() => undefined);
  const mine = (await docker(rig.MAIN_SOCKET, 'images', '-aq', '--no-trunc', '--filter', `label=${LABEL}`).catch(() => '')).split('\n');
  for (const id of new Set(mine.filter(Boolean))) await docker(rig.MAIN_SOCKET, 'rmi', '-f', id).catch(() => undefined);
  await h.close();
});

describe('build with the classic builder', () => {
  it('builds an inline Dockerfile: tags, labels, the steps in the log, an audit row', async () => {
    const tags = [`${T('inline')}:1`, `${T('inline')}:latest`];
    made.push(...tags);
    const { op, log } = await buildAndWait(
      inline(`FROM ${rig.SEED_BUSYBOX}\nRUN echo "built by img-d" > /made && cat /made\nCMD ["cat", "/made"]\n`, {
        tags,
        labels: { 'wharf.test': 'img-d', 'org.example.by': 'wharf' },
        noCache: true,
      }),
      'application/json',
    );
    expect(op.error).toBeNull();
    expect(op).toMatchObject({ kind: 'build', state: 'succeeded', hostId: h.host });
    const info = await inspect(tags[0]!);
    expect(op.imageId).toBe(info.Id);
    expect(info.RepoTags).toEqual(expect.arrayContaining(tags));
    expect(info.Config.Labels).toMatchObject({ 'wharf.test': 'img-d', 'org.example.by': 'wharf' });
    const steps = log.filter((l) => l.kind === 'step').map((l) => l.text);
    expect(steps).toEqual([
      `Step 1/5 : FROM ${rig.SEED_BUSYBOX}`,
      'Step 2/5 : RUN echo "built by img-d" > /made && cat /made',
      'Step 3/5 : CMD ["cat", "/made"]',
      'Step 4/5 : LABEL org.example.by=wharf',
      'Step 5/5 : LABEL wharf.test=img-d',
    ]);
    // The RUN's own output sits under its step.
    const out = log.findIndex((l) => l.kind === 'out' && l.text === 'built by img-d');
    expect(out).toBeGreaterThan(log.findIndex((l) => l.text.startsWith('Step 2/5')));
    expect(out).toBeLessThan(log.findIndex((l) => l.text.startsWith('Step 3/5')));
    expect(op.result).toContain(`Built ${tags.join(', ')}`);
    expect(await runIn(tags[0]!)).toBe('built by img-d');
    // The hub lists it (the image events, or the sync after the build).
    await waitFor(() => h.rt.engines.get(h.host).images.get(info.Id)?.tags.includes(tags[0]!), 10_000, 'the image in the list');
    expect(lastAudit('image.build')).toMatchObject({ result: 'ok', target: `main/${tags.join(',')}` });
  });

  it('a failing RUN fails the operation naming the step, with its output, leaving no tag, container or image', async () => {
    const tag = `${T('fail')}:1`;
    const { op, log } = await buildAndWait(
      inline(`FROM ${rig.SEED_BUSYBOX}\nLABEL wharf.test=img-d-fail\nRUN echo "about to fail" && false\nCMD ["sh"]\n`, {
        tags: [tag],
        noCache: true,
      }),
      'application/json',
    );
    expect(op.state).toBe('failed');
    expect(op.error).toBe(
      `Step 3/4 : RUN echo "about to fail" && false — The command '/bin/sh -c echo "about to fail" && false' returned a non-zero code: 1`,
    );
    expect(log.some((l) => l.kind === 'out' && l.text === 'about to fail')).toBe(true);
    expect(log.at(-1)).toMatchObject({ kind: 'error', text: expect.stringContaining('returned a non-zero code: 1') });
    expect(await exists(tag)).toBe(false);
    // rm + forcerm: no intermediate container; the images the steps made (LABEL carries the label) are gone too.
    expect(await docker(rig.MAIN_SOCKET, 'ps', '-aq', '--filter', 'label=wharf.test=img-d-fail')).toBe('');
    expect(await docker(rig.MAIN_SOCKET, 'images', '-aq', '--filter', 'label=wharf.test=img-d-fail')).toBe('');
    expect(lastAudit('image.build')).toMatchObject({ result: 'error', detail: expect.stringContaining('Step 3/4 : RUN') });
  });

  it('passes build args and stops at the target stage', async () => {
    const tag = `${T('args')}:1`;
    made.push(tag);
    const dockerfile = [
      `FROM ${rig.SEED_BUSYBOX} AS base`,
      'ARG FLAVOUR=plain',
      'RUN echo "flavour=$FLAVOUR" > /flavour',
      'FROM base AS final',
      'RUN echo final > /final',
    ].join('\n');
    const { op, log } = await buildAndWait(
      inline(dockerfile, { tags: [tag], buildArgs: { FLAVOUR: 'spicy' }, target: 'base', labels: { 'wharf.test': 'img-d' } }),
      'application/json',
    );
    expect(op.error).toBeNull();
    expect(await runIn(tag, 'cat', '/flavour')).toBe('flavour=spicy');
    await expect(runIn(tag, 'cat', '/final')).rejects.toThrow();
    expect(log.some((l) => l.text.includes('echo final'))).toBe(false);
  });

  it('refuses bad options in words before building', async () => {
    const res = await build(inline(`FROM ${rig.SEED_BUSYBOX}`, { tags: ['Bad Tag'], buildArgs: { 'no good': 'x' } }), 'application/json');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string; fields: Record<string, string> };
    expect(body.message).toMatch(/Not a valid name/);
    expect(Object.keys(body.fields)).toEqual(expect.arrayContaining(['options.tags.0']));
    expect(h.rt.operations.list().filter((o) => o.title.includes('Bad Tag'))).toEqual([]);
  });

  it('builds from an uploaded tar, with the Dockerfile at a path inside it', async () => {
    const tag = `${T('tar')}:1`;
    made.push(tag);
    const context = await tarOf({
      'docker/Dockerfile.custom': `FROM ${rig.SEED_BUSYBOX}\nCOPY app/hello.txt /hello.txt\nLABEL wharf.test=img-d\n`,
      'app/hello.txt': 'hello from a tar context',
    });
    const form = new FormData();
    form.append('options', JSON.stringify({ tags: [tag], dockerfile: 'docker/Dockerfile.custom' }));
    form.append('context', new Blob([new Uint8Array(context)], { type: 'application/x-tar' }), 'ctx.tar');
    const { op } = await buildAndWait(form);
    expect(op.error).toBeNull();
    expect(op.title).toBe(`Build ${tag} from ctx.tar`);
    expect(op.bytes?.current).toBe(context.length);
    expect(await runIn(tag, 'cat', '/hello.txt')).toBe('hello from a tar context');
  });

  it('builds from the files of a folder, packed as they stream; a file shorter or longer than listed fails in words', async () => {
    const tag = `${T('folder')}:1`;
    made.push(tag);
    const files = {
      Dockerfile: `FROM ${rig.SEED_BUSYBOX}\nCOPY . /src\nRUN ls /src/lib && cat /src/lib/x.txt\nLABEL wharf.test=img-d\n`,
      'lib/x.txt': 'x marks the spot',
    };
    const form = new FormData();
    form.append('options', JSON.stringify({ tags: [tag] }));
    form.append('files', JSON.stringify(Object.entries(files).map(([path, text]) => ({ path, size: Buffer.byteLength(text) }))));
    for (const [path, text] of Object.entries(files)) form.append('file', new Blob([text]), path);
    const { op, log } = await buildAndWait(form);
    expect(op.error).toBeNull();
    expect(log.some((l) => l.kind === 'out' && l.text === 'x marks the spot')).toBe(true);
    expect(await runIn(tag, 'cat', '/src/lib/x.txt')).toBe('x marks the spot');

    const short = new FormData();
    short.append('options', JSON.stringify({ tags: [`${T('short')}:1`] }));
    short.append('files', JSON.stringify([{ path: 'Dockerfile', size: 500 }]));
    short.append('file', new Blob([`FROM ${rig.SEED_BUSYBOX}\n`]), 'Dockerfile');
    const res = await build(short);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/Dockerfile was listed with 500 bytes but \d+ came/);
    const failed = h.rt.operations.list().find((o) => o.title.startsWith(`Build ${T('short')}:1`))!;
    const { op: shortOp } = await ended(failed.id);
    expect(shortOp).toMatchObject({ state: 'failed', error: expect.stringMatching(/listed with 500 bytes/) });
    expect(await exists(`${T('short')}:1`)).toBe(false);

    const long = new FormData();
    long.append('options', JSON.stringify({}));
    long.append('files', JSON.stringify([{ path: 'Dockerfile', size: 3 }]));
    long.append('file', new Blob([`FROM ${rig.SEED_BUSYBOX}\n`]), 'Dockerfile');
    const tooLong = await build(long);
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { message: string }).message).toMatch(/Dockerfile was listed with 3 bytes but \d+ came/);
  });

  it('cancelling a build stops it and leaves nothing', async () => {
    const tag = `${T('cancel')}:1`;
    const res = await build(
      inline(`FROM ${rig.SEED_BUSYBOX}\nLABEL wharf.test=img-d-cancel\nRUN echo started && sleep 30\n`, { tags: [tag], noCache: true }),
      'application/json',
    );
    const { operationId } = (await res.json()) as { operationId: string };
    await waitFor(() => h.rt.operations.get(operationId).log.some((l) => l.text === 'started'), 30_000, 'the RUN to start');
    h.rt.operations.cancel(operationId);
    const { op } = await ended(operationId);
    expect(op.state).toBe('cancelled');
    await waitFor(
      async () => (await docker(rig.MAIN_SOCKET, 'ps', '-aq', '--filter', 'label=wharf.test=img-d-cancel')) === '',
      20_000,
      'the build container removed',
    );
    expect(await exists(tag)).toBe(false);
    expect(await docker(rig.MAIN_SOCKET, 'images', '-aq', '--filter', 'label=wharf.test=img-d-cancel')).toBe('');
  });
});

describe('a private base image from the authenticated registry', () => {
  let registryId = '';

  beforeAll(async () => {
    // A labelled image of our own, pushed as wharf-test/img-d-base:1, then removed here.
    made.push(PRIVATE_BASE);
    const engine = h.rt.engines.get(h.host).docker()!;
    const ctx = await tarOf({ Dockerfile: `FROM ${rig.SEED_BUSYBOX}\nRUN echo private base > /base\nLABEL wharf.test=img-d\n` });
    await drain(await engine.buildImage(ctx as unknown as NodeJS.ReadableStream, { t: PRIVATE_BASE, rm: true, forcerm: true }));
    const auth = { username: rig.REGISTRY_USER, password: rig.REGISTRY_PASSWORD, serveraddress: rig.REGISTRY_AUTH_URL };
    await drain((await engine.getImage(PRIVATE_BASE).push({ authconfig: auth })) as NodeJS.ReadableStream);
    await docker(rig.MAIN_SOCKET, 'rmi', PRIVATE_BASE);
  });
  afterAll(() => {
    if (registryId) deleteRegistryRow(h.rt.db, registryId);
  });

  const fromPrivate = (tag: string) => inline(`FROM ${PRIVATE_BASE}\nRUN cat /base\n`, { tags: [tag], labels: { 'wharf.test': 'img-d' } });

  it('without saved credentials the build fails with the registry’s words', async () => {
    const { op } = await buildAndWait(fromPrivate(`${T('private-anon')}:1`), 'application/json');
    expect(op.state).toBe('failed');
    expect(op.error).toMatch(/no basic auth credentials|unauthorized|authentication required/i);
    expect(await exists(PRIVATE_BASE)).toBe(false);
  });

  it('with the credentials saved in Wharf the build pulls the base and succeeds', async () => {
    registryId = crypto.randomUUID();
    insertRegistryRow(h.rt.db, {
      id: registryId,
      name: 'img-d auth registry',
      address: rig.REGISTRY_AUTH_URL,
      username: rig.REGISTRY_USER,
      secret: h.rt.box.seal(rig.REGISTRY_PASSWORD),
    });
    const tag = `${T('private')}:1`;
    made.push(tag);
    const { op, log } = await buildAndWait(fromPrivate(tag), 'application/json');
    expect(op.error).toBeNull();
    expect(log.some((l) => l.kind === 'out' && l.text === 'private base')).toBe(true);
    expect(await exists(PRIVATE_BASE)).toBe(true);
    // The password reached the engine only: not the log, not the operation.
    expect(JSON.stringify({ op, log })).not.toContain(rig.REGISTRY_PASSWORD);
  });
});
