import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as removeRoute } from '@/app/api/hosts/[hostId]/images/[id]/remove/route';
import { POST as tagRoute } from '@/app/api/hosts/[hostId]/images/[id]/tag/route';
import { POST as pruneRoute } from '@/app/api/hosts/[hostId]/images/prune/route';
import { POST as previewRoute } from '@/app/api/hosts/[hostId]/images/prune/preview/route';
import { POST as untagRoute } from '@/app/api/hosts/[hostId]/images/untag/route';
import { POST as bulkRoute } from '@/app/api/images/bulk-remove/route';
import type { BulkRemoveResult, PrunePreview, TagResult, UntagResult } from '@/server/contracts/image-requests';
import { setRuntime } from '@/server/runtime';
import { userFromToken } from '@/server/services/auth';
import { formatSize, pruneImages } from '@/server/services/image-admin';
import { listAudit } from '@/server/store/audit';
import { startHarness, type Harness, operationEnded } from '../support/harness';
import { docker, loadRig, waitFor } from '../support/rig';

// Image administration against the main engine: tag, untag, remove (refusals in words), bulk remove
// and prune, whose figures must be the engine's own. Everything made here carries wharf.test=img-a-it
// (images) or wharf.test=img-a (containers) and a wharf-test/img-a-it-<stamp> name.

const rig = loadRig();
const S = rig.MAIN_SOCKET;
const stamp = Date.now().toString(36);
const REPO = `wharf-test/img-a-it-${stamp}`;
const IMAGE_LABEL = `wharf.test=img-a-it-${stamp}`;
/** The prune test's own images: the others' leftovers (a tag moved away leaves one dangling) must not count. */
const PRUNE_LABEL = `wharf.test=img-a-prune-${stamp}`;
const CONTAINER_LABEL = 'wharf.test=img-a';
let h: Harness;

/** `docker build` (the classic builder) of a Dockerfile given on stdin, no context; the image id. */
function build(dockerfile: string, label: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('docker', ['-H', `unix://${S}`, 'build', '-q', '--label', label, ...args, '-'], {
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out.trim().split('\n').pop()!) : reject(new Error(`docker build: ${err}`))));
    p.stdin.end(dockerfile);
  });
}

/** A small image of its own (one RUN layer of `bytes` random bytes) on the seed busybox. */
let made = 0;
const makeImage = (bytes = 20_000, label = IMAGE_LABEL, ...args: string[]) =>
  build(`FROM ${rig.SEED_BUSYBOX}\nRUN head -c ${bytes} /dev/urandom > /blob-${stamp}-${made++}\n`, label, ...args);

const exists = async (ref: string) =>
  docker(S, 'image', 'inspect', '-f', '{{.Id}}', ref).then(
    () => true,
    () => false,
  );
const inspectSize = async (ref: string) => Number(await docker(S, 'image', 'inspect', '-f', '{{.Size}}', ref));
const hub = () => h.rt.engines.get(h.host);
/** Waits until the hub lists the image (its event has arrived). */
const listed = (id: string) => waitFor(() => hub().images.get(id), 10_000, `image ${id} listed`);

async function call<T>(
  // Each route names its own params; `never` lets one helper call them all.
  handler: (req: Request, ctx: { params: Promise<never> }) => Promise<Response>,
  params: Record<string, string>,
  body: unknown,
): Promise<{ status: number; body: T }> {
  const res = await handler(
    new Request('http://wharf.test/api/x', {
      method: 'POST',
      headers: { cookie: h.cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve(params) as Promise<never> },
  );
  return { status: res.status, body: (await res.json()) as T };
}
type Refusal = { ok: false; code: string; message: string; fields?: Record<string, string> };

const lastAudit = (action: string) => listAudit(h.rt.db, { limit: 50 }).find((a) => a.action === action);

beforeAll(async () => {
  h = await startHarness('image-admin', S, CONTAINER_LABEL);
  setRuntime(h.rt);
});
afterAll(async () => {
  setRuntime(undefined);
  await h.close();
  const tags = (await docker(S, 'images', '--format', '{{.Repository}}:{{.Tag}}', REPO).catch(() => '')).split('\n').filter(Boolean);
  if (tags.length) await docker(S, 'rmi', '-f', ...tags).catch(() => undefined);
  for (const label of [IMAGE_LABEL, PRUNE_LABEL]) {
    const ids = (await docker(S, 'images', '-q', '--filter', `label=${label}`).catch(() => '')).split('\n').filter(Boolean);
    if (ids.length) await docker(S, 'rmi', '-f', ...new Set(ids)).catch(() => undefined);
  }
});

describe('tag and untag', () => {
  it('tags an image, moves a tag from another image and says so, and refuses a bad name in words', async () => {
    const a = await makeImage();
    const b = await makeImage();
    await listed(a);
    const r = await call<TagResult>(tagRoute, { hostId: h.host, id: a.replace('sha256:', '') }, { repo: REPO, tag: 'one' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: a, ref: `${REPO}:one`, movedFrom: null });
    expect(await docker(S, 'image', 'inspect', '-f', '{{.Id}}', `${REPO}:one`)).toBe(a);
    expect(lastAudit('image.tag')).toMatchObject({ result: 'ok', detail: `as ${REPO}:one` });
    await waitFor(() => hub().images.get(a)?.tags.includes(`${REPO}:one`), 5000, 'the tag in the hub');

    await listed(b);
    const moved = await call<TagResult>(tagRoute, { hostId: h.host, id: b }, { repo: REPO, tag: 'one' });
    expect(moved.body.movedFrom).toBe(a);
    expect(await docker(S, 'image', 'inspect', '-f', '{{.Id}}', `${REPO}:one`)).toBe(b);

    const bad = await call<Refusal>(tagRoute, { hostId: h.host, id: b }, { repo: 'Not A Repo', tag: '-x' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields?.repo).toMatch(/repository/);
    expect(bad.body.fields?.tag).toMatch(/tag/i);
    const badId = await call<Refusal>(tagRoute, { hostId: h.host, id: '../../containers' }, { repo: REPO });
    expect(badId.status).toBe(400);
  });

  it('untags one of several tags; the last tag deletes the image only when the caller agrees', async () => {
    const id = await makeImage();
    await docker(S, 'tag', id, `${REPO}:u1`);
    await docker(S, 'tag', id, `${REPO}:u2`);
    await waitFor(() => hub().images.get(id)?.tags.length === 2, 10_000, 'two tags listed');

    const one = await call<UntagResult>(untagRoute, { hostId: h.host }, { ref: `${REPO}:u1` });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id, ref: `${REPO}:u1`, untagged: [`${REPO}:u1`], imageDeleted: false });
    expect(await exists(id)).toBe(true);
    await waitFor(() => hub().images.get(id)?.tags.length === 1, 5000, 'one tag left');

    const refused = await call<Refusal>(untagRoute, { hostId: h.host }, { ref: `${REPO}:u2` });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(new RegExp(`${REPO}:u2 is the last tag of image [0-9a-f]{12}: untagging it deletes the image`));
    expect(await exists(`${REPO}:u2`)).toBe(true);

    const last = await call<UntagResult>(untagRoute, { hostId: h.host }, { ref: `${REPO}:u2`, deleteImage: true });
    expect(last.status).toBe(200);
    expect(last.body.imageDeleted).toBe(true);
    expect(last.body.deleted).toContain(id);
    expect(await exists(id)).toBe(false);
    expect(lastAudit('image.untag')).toMatchObject({ result: 'ok', target: `main/${REPO}:u2` });

    const byId = await call<Refusal>(untagRoute, { hostId: h.host }, { ref: id });
    expect(byId.status).toBe(400);
    expect(byId.body.message).toMatch(/not an image id/);
  });

  it('refuses to untag the last tag of an image a container uses, naming the container', async () => {
    const id = await makeImage();
    await docker(S, 'tag', id, `${REPO}:used`);
    const name = `img-a-it-${stamp}-untag`;
    await docker(S, 'create', '--label', CONTAINER_LABEL, '--name', name, `${REPO}:used`, 'true');
    await waitFor(
      () => hub().images.get(id)?.tags.length === 1 && [...hub().containers.values()].some((c) => c.name === name),
      10_000,
      'listed',
    );
    const r = await call<Refusal>(untagRoute, { hostId: h.host }, { ref: `${REPO}:used`, deleteImage: true });
    expect(r.status).toBe(409);
    expect(r.body.message).toBe(
      `${REPO}:used is the last tag of image ${id.slice(7, 19)}, which container ${name} (created) uses: tag it under another name first, or remove the container`,
    );
    expect(await exists(`${REPO}:used`)).toBe(true);
  });
});

describe('remove', () => {
  it('is refused while a container uses the image, naming the container and its state', async () => {
    const id = await makeImage();
    await docker(S, 'tag', id, `${REPO}:inuse`);
    const name = `img-a-it-${stamp}-user`;
    await docker(S, 'run', '-d', '--init', '--label', CONTAINER_LABEL, '--name', name, `${REPO}:inuse`, 'sleep', '300');
    await waitFor(() => [...hub().containers.values()].find((c) => c.name === name && c.state === 'running'), 10_000, 'container listed');
    await listed(id);

    const r = await call<Refusal>(removeRoute, { hostId: h.host, id }, {});
    expect(r.status).toBe(409);
    expect(r.body.message).toBe(`Image ${REPO}:inuse is used by container ${name} (running): remove that container first`);
    expect(lastAudit('image.remove')).toMatchObject({ result: 'error', target: `main/${REPO}:inuse` });
    expect(await exists(id)).toBe(true);

    // With force, the engine refuses for the running container: the words name it, not its id.
    const cid = await docker(S, 'inspect', '-f', '{{.Id}}', name);
    const forced = await call<Refusal>(removeRoute, { hostId: h.host, id }, { force: true });
    expect(forced.status).toBe(409);
    expect(forced.body.message).toBe(
      `Image ${REPO}:inuse is used by running container ${name} (running): stop and remove the container first (force does not delete an image a running container uses)`,
    );
    expect(forced.body.message).not.toContain(cid.slice(0, 12));
    expect(await exists(id)).toBe(true);

    // Stopped, force deletes it (the container keeps its layers); without force it is still refused.
    await docker(S, 'stop', '-t', '0', name);
    await waitFor(() => [...hub().containers.values()].find((c) => c.name === name && c.state === 'exited'), 10_000, 'container exited');
    const again = await call<Refusal>(removeRoute, { hostId: h.host, id }, {});
    expect(again.body.message).toBe(
      `Image ${REPO}:inuse is used by container ${name} (exited): remove that container first, or remove with force`,
    );
    const done = await call<{ deleted: string[]; untagged: string[] }>(removeRoute, { hostId: h.host, id }, { force: true });
    expect(done.status).toBe(200);
    expect(done.body.untagged).toEqual([`${REPO}:inuse`]);
    expect(done.body.deleted).toContain(id);
    expect(await exists(id)).toBe(false);
    expect(lastAudit('image.remove')).toMatchObject({ result: 'ok', detail: `force; untagged ${REPO}:inuse` });
  });

  it('an image with several tags needs force, and says so in words', async () => {
    const id = await makeImage();
    await docker(S, 'tag', id, `${REPO}:m1`);
    await docker(S, 'tag', id, `${REPO}:m2`);
    await waitFor(() => hub().images.get(id)?.tags.length === 2, 10_000, 'two tags listed');
    const r = await call<Refusal>(removeRoute, { hostId: h.host, id }, {});
    expect(r.status).toBe(409);
    expect(r.body.message).toMatch(/has several tags \(.*m1.*m2.*\): remove with force to delete it with all its tags/);
    const ok = await call<{ untagged: string[] }>(removeRoute, { hostId: h.host, id }, { force: true });
    expect(ok.body.untagged.sort()).toEqual([`${REPO}:m1`, `${REPO}:m2`]);
  });

  it('bulk remove answers per image: removed ones, and the one in use refused in words', async () => {
    const a = await makeImage();
    const b = await makeImage();
    const c = await makeImage();
    const name = `img-a-it-${stamp}-bulk`;
    await docker(S, 'create', '--label', CONTAINER_LABEL, '--name', name, c, 'true');
    await Promise.all([a, b, c].map(listed));
    await waitFor(() => [...hub().containers.values()].find((x) => x.name === name), 10_000, 'container listed');
    const r = await call<BulkRemoveResult[]>(
      bulkRoute,
      {},
      {
        items: [a, b, c].map((id) => ({ hostId: h.host, id })),
      },
    );
    expect(r.status).toBe(200);
    expect(r.body.map((x) => [x.id, x.ok])).toEqual([
      [a, true],
      [b, true],
      [c, false],
    ]);
    expect(r.body[2]!.message).toBe(
      `Image ${c.slice(7, 19)} is used by container ${name} (created): remove that container first, or remove with force`,
    );
    expect(await exists(a)).toBe(false);
    expect(await exists(b)).toBe(false);
    expect(await exists(c)).toBe(true);
    const bad = await call<Refusal>(bulkRoute, {}, { items: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Select at least one image');
  });
});

describe('prune', () => {
  it('previews exactly what the engine then removes, and reports the engine’s own figures', async () => {
    const label = PRUNE_LABEL;
    // Two dangling images (classic builds without a tag), one tagged, one dangling that a container uses.
    const d1 = await makeImage(300_000, label);
    const d2 = await makeImage(200_000, label);
    const tagged = await makeImage(10_000, label, '-t', `${REPO}:keep`);
    const used = await makeImage(10_000, label);
    await docker(S, 'create', '--label', CONTAINER_LABEL, '--name', `img-a-it-${stamp}-prune`, used, 'true');
    await Promise.all([d1, d2, tagged, used].map(listed));
    await waitFor(() => [...hub().containers.values()].some((x) => x.imageId === used), 10_000, 'container listed');
    // The space each dangling image holds alone: its size above the seed it was built on.
    const base = await inspectSize(rig.SEED_BUSYBOX);
    const expected = (await inspectSize(d1)) - base + ((await inspectSize(d2)) - base);
    expect(expected).toBeGreaterThanOrEqual(500_000);

    const preview = await call<PrunePreview>(previewRoute, { hostId: h.host }, { mode: 'dangling', label });
    expect(preview.status).toBe(200);
    expect(preview.body.images.map((i) => i.id).sort()).toEqual([d1, d2].sort());
    expect(preview.body.keptInUse).toBe(1);
    expect(preview.body.estimatedBytes).toBe(expected);
    const unused = await call<PrunePreview>(previewRoute, { hostId: h.host }, { mode: 'unused', label });
    expect(unused.body.images.map((i) => i.id).sort()).toEqual([d1, d2, tagged].sort());

    const bad = await call<Refusal>(previewRoute, { hostId: h.host }, { mode: 'everything' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Prune mode is dangling or unused');

    // Through the service to hold the engine's report; the route answers only the operation's id.
    const { operationId, done } = pruneImages(h.rt, userFromToken(h.rt, h.cookie.split('=')[1]), h.host, { mode: 'dangling', label });
    expect(h.rt.operations.list().find((o) => o.id === operationId)).toMatchObject({ kind: 'prune', state: 'running' });
    const { operation, report } = await done;
    expect(operation.state).toBe('succeeded');
    expect(report!.imagesRemoved).toBe(2);
    expect(report!.spaceReclaimed).toBe(expected);
    expect(operation.result).toBe(`Reclaimed ${formatSize(expected)} · 2 images removed`);
    expect(await exists(d1)).toBe(false);
    expect(await exists(d2)).toBe(false);
    expect(await exists(tagged)).toBe(true);
    expect(await exists(used)).toBe(true);
    expect(lastAudit('image.prune')).toMatchObject({ result: 'ok', detail: `dangling images labelled ${label}: ${operation.result}` });

    // The route starts the same operation and answers at once; the tray lists it.
    const d3 = await makeImage(50_000, label);
    await listed(d3);
    const d3Own = (await inspectSize(d3)) - base;
    const r = await call<{ operationId: string }>(pruneRoute, { hostId: h.host }, { mode: 'dangling', label });
    expect(r.status).toBe(200);
    const op = await operationEnded(h.rt, r.body.operationId, 30_000);
    expect(op.result).toBe(`Reclaimed ${formatSize(d3Own)} · 1 image removed`);
    expect(await exists(d3)).toBe(false);
  });
});
