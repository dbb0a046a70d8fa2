import crypto from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as pullRoute } from '@/app/api/hosts/[hostId]/images/pull/route';
import { POST as pushRoute } from '@/app/api/hosts/[hostId]/images/push/route';
import { POST as cancelRoute } from '@/app/api/operations/[id]/cancel/route';
import { DELETE as registryDelete, PUT as registryPut } from '@/app/api/registries/[id]/route';
import { GET as registriesGet, POST as registriesPost } from '@/app/api/registries/route';
import { POST as registryTest } from '@/app/api/registries/test/route';
import type { LayerProgress, Operation } from '@/server/contracts/images';
import type { RegistrySummary } from '@/server/contracts/registries';
import { setRuntime } from '@/server/runtime';
import { createSession } from '@/server/services/auth';
import { insertUser } from '@/server/store/users';
import { ensureBigImage, removeBigImage, type BigImage } from '../support/big-image';
import { liveClient, subscribeView } from '../support/live-client';
import { startHarness, type Harness, operationEnded } from '../support/harness';
import { docker, forgetRigRepositories, loadRig, waitFor } from '../support/rig';

const rig = loadRig();
const label = 'wharf.test=img-c';
const stamp = crypto.randomBytes(3).toString('hex');
const AUTH_WEB = `${rig.REGISTRY_AUTH_URL}/${rig.SEED_WEB}`;
const PUSHED = `${rig.REGISTRY_AUTH_URL}/wharf-test/img-c-pushed-${stamp}:1`;
const NOPE = `${rig.REGISTRY_URL}/wharf-test/img-c-nope-${stamp}:none`;
let h: Harness;
let big: BigImage;
const sockets: Socket[] = [];
/** Every published state of every operation, in order. */
const seen = new Map<string, Operation[]>();

async function call<P>(
  handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>,
  params: P,
  body?: unknown,
  method = 'POST',
  cookie: string | null = h.cookie,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const req = new Request('http://wharf.test/api/x', {
    method,
    headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  return { status: res.status, json: res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>) };
}

async function startPull(ref: string): Promise<string> {
  const r = await call(pullRoute, { hostId: h.host }, { ref });
  expect(r.status, JSON.stringify(r.json)).toBe(202);
  return r.json.operationId as string;
}
const ended = (id: string, ms = 60_000): Promise<Operation> => operationEnded(h.rt, id, ms);
const layersOf = (id: string): LayerProgress[][] => (seen.get(id) ?? []).flatMap((o) => (o.transfer ? [o.transfer.layers] : []));
const exists = (ref: string) =>
  docker(rig.MAIN_SOCKET, 'image', 'inspect', '-f', '{{.Id}}', ref).then(
    (id) => id.trim(),
    () => null,
  );

const client = () => liveClient(h.base, h.cookie, sockets);
const subscribe = subscribeView;

async function saveCredentials(): Promise<RegistrySummary> {
  const r = await call(
    registriesPost,
    {},
    {
      name: `rig auth ${stamp}`,
      address: `http://${rig.REGISTRY_AUTH_URL}/`,
      username: rig.REGISTRY_USER,
      password: rig.REGISTRY_PASSWORD,
    },
  );
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json as unknown as RegistrySummary;
}

beforeAll(async () => {
  h = await startHarness('image-transfer', rig.MAIN_SOCKET, label);
  setRuntime(h.rt);
  h.rt.operations.on('changed', (op) => seen.set(op.id, [...(seen.get(op.id) ?? []), op]));
  big = await ensureBigImage(rig);
  for (const ref of [AUTH_WEB, NOPE]) await docker(rig.MAIN_SOCKET, 'rmi', ref).catch(() => undefined);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await removeBigImage(rig);
  for (const ref of [AUTH_WEB, PUSHED]) await docker(rig.MAIN_SOCKET, 'rmi', ref).catch(() => undefined);
  forgetRigRepositories(rig, [PUSHED, `${rig.REGISTRY_AUTH_URL}/wharf-test/img-c-refused-${stamp}`]);
  setRuntime(undefined);
  await h?.close();
});

describe('pull', () => {
  it('pulls by tag with one entry per layer, each through its phases to complete or already there', async () => {
    expect(await exists(big.ref)).toBeNull();
    const id = await startPull(big.ref);
    const op = await ended(id);
    expect(op, op.error ?? '').toMatchObject({ state: 'succeeded', kind: 'pull', title: `Pull ${big.ref}`, user: 'admin' });
    expect(op.imageId).toBe(await exists(big.ref));
    expect(op.result).toMatch(/^Pulled 127\.0\.0\.1:5000\/wharf-test\/img-c-big:1 \(/);
    // 5 layers: the seed's (the engine has it) and 4 downloaded.
    const last = op.transfer!;
    expect(last.image).toBe(big.ref);
    expect(last.fraction).toBe(1);
    expect(last.layers).toHaveLength(5);
    expect(last.layers.filter((l) => l.phase === 'exists')).toHaveLength(1);
    expect(last.layers.filter((l) => l.phase === 'complete')).toHaveLength(4);
    expect(last.layers.every((l) => l.status.length > 0)).toBe(true);
    // On the way: layers waiting, and downloading or extracting with their bytes.
    const phases = new Set(layersOf(id).flatMap((ls) => ls.map((l) => l.phase)));
    expect([...phases].some((p) => p === 'waiting' || p === 'downloading' || p === 'extracting' || p === 'downloaded')).toBe(true);
    const big40 = last.layers.filter((l) => l.total >= 39_000_000);
    expect(big40.length).toBe(2);
    expect(big40.every((l) => l.current === l.total)).toBe(true);
    await docker(rig.MAIN_SOCKET, 'rmi', big.ref);
  });

  it('pulls by digest: the image arrives under its digest, no tag is made', async () => {
    const id = await startPull(big.digestRef);
    const op = await ended(id);
    expect(op.state, op.error ?? '').toBe('succeeded');
    const repoDigests = await docker(rig.MAIN_SOCKET, 'image', 'inspect', '-f', '{{json .RepoDigests}} {{json .RepoTags}}', big.digestRef);
    expect(repoDigests).toBe(`["${big.digestRef}"] []`);
    expect(op.imageId).toBe(await exists(big.digestRef));
    expect(op.transfer!.layers.filter((l) => l.phase === 'complete').length).toBe(4);
    await docker(rig.MAIN_SOCKET, 'rmi', big.digestRef);
  });

  it('a reference with no tag pulls :latest, never every tag', async () => {
    const r = await call(pullRoute, { hostId: h.host }, { ref: `${rig.REGISTRY_URL}/wharf-test/img-c-nope-${stamp}` });
    const op = await ended(r.json.operationId as string);
    expect(op.title).toBe(`Pull ${rig.REGISTRY_URL}/wharf-test/img-c-nope-${stamp}:latest`);
    expect(op.error).toMatch(/img-c-nope-[0-9a-f]+:latest not found|manifest unknown/);
  });

  it('a reference that does not exist fails with the registry words and leaves nothing', async () => {
    const before = await docker(rig.MAIN_SOCKET, 'images', '-a', '-q', '--no-trunc', '--filter', 'reference=*/wharf-test/img-c-nope*');
    const op = await ended(await startPull(NOPE));
    expect(op.state).toBe('failed');
    expect(op.error).toMatch(/manifest unknown/);
    expect(await exists(NOPE)).toBeNull();
    expect(await docker(rig.MAIN_SOCKET, 'images', '-a', '-q', '--no-trunc', '--filter', 'reference=*/wharf-test/img-c-nope*')).toBe(
      before,
    );
    const audit = h.rt.db
      .prepare("SELECT * FROM audit WHERE action = 'image.pull' AND target LIKE ?")
      .all(`%img-c-nope-${stamp}:none`) as Array<{
      result: string;
      detail: string;
    }>;
    expect(audit).toMatchObject([{ result: 'error', detail: expect.stringMatching(/manifest unknown/) }]);
  });

  it('cancelled mid-pull: the operation ends cancelled and nothing new is left on the engine', async () => {
    expect(await exists(big.ref)).toBeNull();
    const since = (Date.now() / 1000).toFixed(3);
    const id = await startPull(big.ref);
    await waitFor(() => layersOf(id).some((ls) => ls.length > 0), 20_000, 'the first layer lines');
    const r = await call(cancelRoute, { id });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const op = await ended(id);
    expect(op.state).toBe('cancelled');
    expect(op.cancellable).toBe(false);
    // Whatever the engine was doing when its stream was cut: no image, tagged or dangling, stays.
    await new Promise((res) => setTimeout(res, 2500));
    expect(await exists(big.ref)).toBeNull();
    expect(await docker(rig.MAIN_SOCKET, 'images', '-a', '-q', '--filter', `label=${label}`)).toBe('');
    // The engine stopped: it never finished the pull (no image `pull` event), nothing had to be undone.
    const until = String(Math.ceil(Date.now() / 1000));
    const events = await docker(
      rig.MAIN_SOCKET,
      'events',
      '--since',
      since,
      '--until',
      until,
      '--filter',
      'type=image',
      '--format',
      '{{.Action}} {{.Actor.ID}}',
    );
    expect(
      events.split('\n').filter((e) => e.includes('img-c-big')),
      events,
    ).toEqual([]);
    // A second cancel is refused in words.
    const again = await call(cancelRoute, { id });
    expect(again).toMatchObject({ status: 409, json: { message: expect.stringMatching(/already ended \(cancelled\)/) } });
  });

  it('is refused without a session, and for input that is not a reference', async () => {
    expect((await call(pullRoute, { hostId: h.host }, { ref: 'busybox' }, 'POST', null)).status).toBe(401);
    const bad = await call(pullRoute, { hostId: h.host }, { ref: 'Not A/Ref' });
    expect(bad).toMatchObject({
      status: 400,
      json: { message: expect.stringMatching(/Not an image reference/), fields: { ref: expect.any(String) } },
    });
    const host = await call(pullRoute, { hostId: 'nope' }, { ref: 'busybox' });
    expect(host.status).toBe(404);
  });

  it('a viewer may see which registries have credentials but not pull, push, cancel or change credentials; an operator may pull but not change credentials', async () => {
    const as = (role: 'viewer' | 'operator') => {
      const u = insertUser(h.rt.db, `${role}-${stamp}`, 'x', role);
      return `wharf_session=${createSession(h.rt, { id: u.id })}`;
    };
    const viewer = as('viewer');
    const operator = as('operator');
    expect((await call(pullRoute, { hostId: h.host }, { ref: NOPE }, 'POST', viewer)).status).toBe(403);
    expect((await call(pushRoute, { hostId: h.host }, { image: rig.SEED_WEB, as: PUSHED }, 'POST', viewer)).status).toBe(403);
    expect((await call(cancelRoute, { id: crypto.randomUUID() }, undefined, 'POST', viewer)).status).toBe(403);
    expect((await call(registriesGet, {}, undefined, 'GET', viewer)).status).toBe(200);
    const body = { name: 'x', address: 'registry.example.com', username: 'u', password: 'p' };
    expect((await call(registriesPost, {}, body, 'POST', viewer)).status).toBe(403);
    expect((await call(registriesPost, {}, body, 'POST', operator)).status).toBe(403);
    const op = await ended((await call(pullRoute, { hostId: h.host }, { ref: NOPE }, 'POST', operator)).json.operationId as string);
    expect(op).toMatchObject({ state: 'failed', user: `operator-${stamp}` });
  });
});

describe('saved registry credentials', () => {
  it('a pull from the htpasswd registry fails without credentials in the registry words, works with them, and the password never comes back', async () => {
    const without = await ended(await startPull(AUTH_WEB));
    expect(without.state).toBe('failed');
    expect(without.error).toMatch(/no basic auth credentials|unauthorized/i);
    expect(await exists(AUTH_WEB)).toBeNull();

    const saved = await saveCredentials();
    expect(saved).toMatchObject({ address: rig.REGISTRY_AUTH_URL, username: rig.REGISTRY_USER, hasPassword: true });
    const listed = await call(registriesGet, {}, undefined, 'GET');
    expect(JSON.stringify(listed.json)).not.toContain(rig.REGISTRY_PASSWORD);

    const op = await ended(await startPull(AUTH_WEB));
    expect(op.state, op.error ?? '').toBe('succeeded');
    expect(op.imageId).toBe(await exists(rig.SEED_WEB));
    // The engine had every layer (the seed is this image): each is listed as already here.
    expect(op.transfer!.layers.length).toBeGreaterThanOrEqual(5);
    expect(op.transfer!.layers.every((l) => l.phase === 'exists')).toBe(true);
    await docker(rig.MAIN_SOCKET, 'rmi', AUTH_WEB);

    // An edit with a blank password keeps the saved one.
    const edited = await call(
      registryPut,
      { id: saved.id },
      { name: `rig auth ${stamp} (edited)`, address: rig.REGISTRY_AUTH_URL, username: rig.REGISTRY_USER, password: '' },
      'PUT',
    );
    expect(edited).toMatchObject({ status: 200, json: { hasPassword: true, name: `rig auth ${stamp} (edited)` } });
    const test = await call(registryTest, {}, { id: saved.id, address: rig.REGISTRY_AUTH_URL, username: rig.REGISTRY_USER, password: '' });
    expect(test).toMatchObject({ status: 200, json: { ok: true, message: 'Login Succeeded' } });
    const wrong = await call(registryTest, {}, { address: rig.REGISTRY_AUTH_URL, username: rig.REGISTRY_USER, password: 'wrong' });
    expect(wrong).toMatchObject({
      status: 422,
      json: { message: expect.stringMatching(/^127\.0\.0\.1:5001 refused: .*401 Unauthorized/) },
    });

    const audit = JSON.stringify(h.rt.db.prepare("SELECT * FROM audit WHERE action LIKE 'registry.%' OR action LIKE 'image.%'").all());
    expect(audit).toContain('registry.add');
    expect(audit).toContain('registry.edit');
    expect(audit).not.toContain(rig.REGISTRY_PASSWORD);
  });

  it('pushes to the authenticated registry under a new name (tag kept), with per-layer progress, and it is in the catalog', async () => {
    const id = (await call(pushRoute, { hostId: h.host }, { image: rig.SEED_WEB, as: PUSHED })).json.operationId as string;
    const op = await ended(id);
    expect(op, op.error ?? '').toMatchObject({ state: 'succeeded', kind: 'push', title: `Push ${PUSHED}` });
    expect(op.result).toMatch(/^Pushed 127\.0\.0\.1:5001\/wharf-test\/img-c-pushed-[0-9a-f]+:1 \(sha256:[0-9a-f]{12}…\)$/);
    expect(await exists(PUSHED)).toBe(await exists(rig.SEED_WEB));
    // One entry per layer, each ended in the engine's words (the registry had them, or took them).
    expect(op.transfer!.layers.length).toBeGreaterThanOrEqual(5);
    for (const l of op.transfer!.layers) {
      expect(['pushed', 'exists']).toContain(l.phase);
      expect(l.status).toMatch(/^(Pushed|Layer already exists|Mounted from \S+)$/);
    }
    const auth = Buffer.from(`${rig.REGISTRY_USER}:${rig.REGISTRY_PASSWORD}`).toString('base64');
    const catalog = (await (
      await fetch(`http://${rig.REGISTRY_AUTH_URL}/v2/_catalog`, { headers: { authorization: `Basic ${auth}` } })
    ).json()) as {
      repositories: string[];
    };
    expect(catalog.repositories).toContain(`wharf-test/img-c-pushed-${stamp}`);
  });

  it('a push without credentials fails in the registry words and takes back the name it made', async () => {
    const list = (await call(registriesGet, {}, undefined, 'GET')).json as unknown as RegistrySummary[];
    const mine = list.find((r) => r.address === rig.REGISTRY_AUTH_URL)!;
    expect((await call(registryDelete, { id: mine.id }, undefined, 'DELETE')).status).toBe(204);
    const other = `${rig.REGISTRY_AUTH_URL}/wharf-test/img-c-refused-${stamp}:1`;
    const op = await ended((await call(pushRoute, { hostId: h.host }, { image: rig.SEED_WEB, as: other })).json.operationId as string);
    expect(op.state).toBe('failed');
    expect(op.error).toMatch(/no basic auth credentials|unauthorized|authentication required/i);
    expect(await exists(other)).toBeNull();
    expect(await exists(rig.SEED_WEB)).not.toBeNull();
  });

  it('refuses a name that already belongs to another image, before anything changes', async () => {
    const r = await call(pushRoute, { hostId: h.host }, { image: rig.SEED_WEB, as: rig.SEED_BUSYBOX });
    expect(r).toMatchObject({ status: 409, json: { message: expect.stringMatching(/already names another image/) } });
  });
});

describe('operations reach every browser', () => {
  it('another socket sees the pull in progress and its end; the starting browser closing changes nothing', async () => {
    const starter = await client();
    const watcher = await client();
    const snap = await subscribe(watcher.s, { kind: 'operations' });
    expect(snap.streams[0]!.stream).toBe('operations');
    const id = await startPull(big.ref);
    await subscribe(starter.s, { kind: 'operation', id });
    const progress = await waitFor(
      () =>
        watcher.deltas.find(
          (d) =>
            d.op.op === 'operation' &&
            d.op.operation.id === id &&
            d.op.operation.state === 'running' &&
            d.op.operation.transfer?.layers.length,
        ),
      20_000,
      'the pull in progress on the other socket',
    );
    expect(progress.stream).toBe('operations');
    starter.s.close();
    const end = await waitFor(
      () => watcher.deltas.find((d) => d.op.op === 'operation' && d.op.operation.id === id && d.op.operation.state !== 'running'),
      60_000,
      'the end of the pull on the other socket',
    );
    const op = (end.op as { operation: Operation }).operation;
    expect(op.state, op.error ?? '').toBe('succeeded');
    expect(op.endedAt).not.toBeNull();
    expect(await exists(big.ref)).toBe(op.imageId);
    // Ended operations stay listed, with their result, for a browser that opens later.
    const late = await client();
    const again = await subscribe(late.s, { kind: 'operations' });
    const data = again.streams[0]!.data;
    if (data.kind !== 'operations') throw new Error('not the operations stream');
    expect(data.operations.find((o) => o.id === id)).toMatchObject({ state: 'succeeded', result: expect.stringMatching(/^Pulled /) });
    await docker(rig.MAIN_SOCKET, 'rmi', big.ref);
  });
});
