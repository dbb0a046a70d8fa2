import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as updateCheckRoute } from '@/app/api/hosts/[hostId]/containers/[id]/update-check/route';
import { POST as updateRoute } from '@/app/api/hosts/[hostId]/containers/[id]/update/route';
import { DELETE as registryDelete } from '@/app/api/registries/[id]/route';
import { POST as registriesPost } from '@/app/api/registries/route';
import { POST as checkAllRoute } from '@/app/api/updates/check/route';
import { GET as settingsGet, PUT as settingsPut } from '@/app/api/updates/settings/route';
import type { Operation } from '@/server/contracts/images';
import type { Delta, ViewSnapshot } from '@/server/contracts/live';
import type { ContainerUpdate } from '@/server/contracts/updates';
import { setRuntime } from '@/server/runtime';
import { startPush } from '@/server/services/image-transfer';
import { listAudit } from '@/server/store/audit';
import { startHarness, type Harness, operationEnded } from '../support/harness';
import { docker, forgetRigRepositories, loadRig, waitFor } from '../support/rig';

// "Update available" against the rig's real registries: an image pushed, a new build pushed under the
// same tag, the check, the interval rule, the one-click update, and the cases with no badge.

const rig = loadRig();
const LABEL = 'wharf.test=reg-g';
const stamp = crypto.randomBytes(3).toString('hex');
const REPO = `${rig.REGISTRY_URL}/wharf-test/reg-g-app-${stamp}`;
const APP = `${REPO}:1`;
const NEVER = `${REPO}:never`;
const LOCAL = `wharf-test/reg-g-local-${stamp}:1`;
const AUTH_APP = `${rig.REGISTRY_AUTH_URL}/wharf-test/reg-g-auth-${stamp}:1`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reg-g-'));
let h: Harness;
let sock: Socket;
const deltas: Delta[] = [];
let proxy: FaultProxy;

type Json = Record<string, unknown>;

async function call<P>(
  handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>,
  params: P,
  body?: unknown,
  method = 'POST',
): Promise<{ status: number; json: Json }> {
  const req = new Request('http://wharf.test/api/x', {
    method,
    headers: { cookie: h.cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  return { status: res.status, json: res.status === 204 ? {} : ((await res.json()) as Json) };
}

/** A build of busybox with a file that makes each version's content (and digest) its own. */
async function build(tag: string, content: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(tmp, 'ctx-'));
  fs.writeFileSync(path.join(dir, 'version.txt'), content);
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM ${rig.SEED_BUSYBOX}\nLABEL wharf.test=reg-g\nCOPY version.txt /version.txt\nCMD ["sleep", "3600"]\n`,
  );
  await docker(rig.MAIN_SOCKET, 'build', '-q', '-t', tag, dir);
  return docker(rig.MAIN_SOCKET, 'image', 'inspect', '-f', '{{.Id}}', tag);
}

async function push(tag: string): Promise<string> {
  const out = await docker(rig.MAIN_SOCKET, 'push', tag);
  return /digest: (sha256:[a-f0-9]{64})/.exec(out)![1]!;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Runs a labelled container and waits until Wharf's snapshot has it running. */
async function run(name: string, ref: string, ...args: string[]): Promise<string> {
  const id = await docker(rig.MAIN_SOCKET, 'run', '-d', '--name', name, '--label', LABEL, ...args, ref);
  await waitFor(() => h.rt.engines.get(h.host).containers.get(id)?.state === 'running', 10_000, `${name} running`);
  return id;
}

const answer = (id: string) => h.rt.updates!.get(h.host, id);
/** Registry requests Wharf made about one reference (other helpers' containers share the engine). */
const asked = (ref: string) => h.rt.updates!.registryRequests.get(ref) ?? 0;
async function checkNow(id: string): Promise<ContainerUpdate> {
  const r = await call(updateCheckRoute, { hostId: h.host, id });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json as unknown as ContainerUpdate;
}
const ended = (id: string): Promise<Operation> => operationEnded(h.rt, id, 120_000);
async function checkAll(): Promise<Operation> {
  const r = await call(checkAllRoute, {});
  expect(r.status, JSON.stringify(r.json)).toBe(202);
  return ended(r.json.operationId as string);
}

interface FaultProxy {
  port: number;
  /** Manifest HEADs seen (method and path). */
  heads: string[];
  /** While set, manifest HEADs are answered with this status instead of the registry's. */
  fail: number | null;
  close(): Promise<void>;
}

/**
 * A forwarding proxy in front of the real open registry: counts the manifest HEADs Wharf sends and,
 * on demand, answers them 429 (a fault the real registry cannot be made to produce).
 */
async function startFaultProxy(target: string): Promise<FaultProxy> {
  const [host, port] = target.split(':');
  const p: FaultProxy = { port: 0, heads: [], fail: null, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (req.method === 'HEAD' && /\/manifests\//.test(url)) {
      p.heads.push(url);
      if (p.fail) {
        res.writeHead(p.fail, { 'content-length': '0', 'retry-after': '60' });
        res.end();
        return;
      }
    }
    const up = http.request({ host, port: Number(port), method: req.method, path: url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  p.port = (server.address() as AddressInfo).port;
  p.close = () => new Promise((r) => server.close(() => r()));
  return p;
}

beforeAll(async () => {
  h = await startHarness('update-check', rig.MAIN_SOCKET, LABEL);
  setRuntime(h.rt);
  // The test drives every check itself: the schedule would ask the registries behind its back.
  h.rt.updates!.close();
  proxy = await startFaultProxy(rig.REGISTRY_URL);
  sock = connect(h.base, { transports: ['websocket'], extraHeaders: { cookie: h.cookie }, reconnection: false });
  sock.on('live.delta', (d: Delta) => deltas.push(d));
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('connect_error', reject);
  });
}, 60_000);

afterAll(async () => {
  sock?.close();
  await proxy?.close();
  setRuntime(undefined);
  await h?.close();
  const refs = (await docker(rig.MAIN_SOCKET, 'image', 'ls', '-q', '--filter', `label=${LABEL}`).catch(() => ''))
    .split('\n')
    .filter(Boolean);
  if (refs.length) await docker(rig.MAIN_SOCKET, 'rmi', '-f', ...new Set(refs)).catch(() => undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
  forgetRigRepositories(rig, [REPO, AUTH_APP]);
});

describe('update available', () => {
  let appId: string;
  let v1: { id: string; digest: string };
  let v2: { id: string; digest: string };
  const name = `reg-g-upd-${stamp}`;
  let hostPort: number;

  it('a container whose tag still names its digest is up to date, and the live view says so', async () => {
    const snap = (await sock.timeout(15_000).emitWithAck('live.subscribe', { kind: 'updates' })) as { ok: true; data: ViewSnapshot };
    expect(snap.ok).toBe(true);
    expect(snap.data.streams[0]!.stream).toBe('updates');

    v1 = { id: await build(APP, `v1 ${stamp}`), digest: '' };
    v1.digest = await push(APP);
    hostPort = await freePort();
    appId = await run(name, APP, '-e', 'GREETING=hello', '--label', 'reg-g.extra=kept', '-p', `127.0.0.1:${hostPort}:8080`);
    // Known at once, before any check (its RepoDigest may reach the image list only with the check's listing).
    await waitFor(() => answer(appId), 10_000, 'an answer for the new container');
    expect(['unchecked', 'not-registry']).toContain(answer(appId)!.state);

    const before = asked(APP);
    const op = await checkAll();
    expect(op, op.error ?? '').toMatchObject({ kind: 'update-check', state: 'succeeded', user: 'admin', title: 'Check for updates' });
    expect(asked(APP)).toBe(before + 1);
    expect(answer(appId)).toMatchObject({ state: 'up-to-date', reference: APP, localDigests: [v1.digest], remoteDigest: v1.digest });
    expect(answer(appId)!.checkedAt).not.toBeNull();
    await waitFor(
      () => deltas.some((d) => d.op.op === 'update' && d.op.update.containerId === appId && d.op.update.state === 'up-to-date'),
      5_000,
      'live delta up-to-date',
    );
  }, 120_000);

  it('a new build pushed under the same tag: update available with both digests', async () => {
    v2 = { id: await build(APP, `v2 ${stamp}`), digest: '' };
    v2.digest = await push(APP);
    expect(v2.digest).not.toBe(v1.digest);
    const r = await checkNow(appId);
    expect(r).toMatchObject({ state: 'update-available', localDigests: [v1.digest], remoteDigest: v2.digest, reference: APP });
    await waitFor(
      () => deltas.some((d) => d.op.op === 'update' && d.op.update.containerId === appId && d.op.update.state === 'update-available'),
      5_000,
      'live delta update-available',
    );
  }, 120_000);

  it('"Check all" within the interval asks no registry again, and says so', async () => {
    const before = asked(APP);
    const op = await checkAll();
    expect(op.state).toBe('succeeded');
    expect(asked(APP)).toBe(before);
    expect(op.result).toMatch(/checked within the interval/);
    expect(op.result).toMatch(/^\d+ updates? available/);
    expect(answer(appId)!.state).toBe('update-available');
  }, 60_000);

  it('the interval is a setting, saved in the settings table, validated', async () => {
    expect((await call(settingsGet, {}, undefined, 'GET')).json).toEqual({ intervalMinutes: 360, fromEnv: false });
    const bad = await call(settingsPut, {}, { intervalMinutes: 1 }, 'PUT');
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/at least 5 minutes/i);
    const ok = await call(settingsPut, {}, { intervalMinutes: 90 }, 'PUT');
    expect(ok.json).toEqual({ intervalMinutes: 90, fromEnv: false });
    expect(h.rt.db.prepare("SELECT value FROM settings WHERE key = 'update_check_interval_minutes'").get()).toEqual({ value: '90' });
    await call(settingsPut, {}, { intervalMinutes: 360 }, 'PUT');
  });

  it('Update pulls and recreates it with the same name, env, labels and ports, running the new digest; the badge clears', async () => {
    const r = await call(updateRoute, { hostId: h.host, id: appId });
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    const op = await ended(r.json.operationId as string);
    expect(op, op.error ?? '').toMatchObject({ kind: 'update', state: 'succeeded', imageId: v2.id });
    const ids = (await docker(rig.MAIN_SOCKET, 'ps', '-aq', '--no-trunc', '--filter', `name=^${name}$`)).split('\n').filter(Boolean);
    expect(ids).toHaveLength(1);
    const newId = ids[0]!;
    expect(newId).not.toBe(appId);
    const info = JSON.parse(await docker(rig.MAIN_SOCKET, 'inspect', newId))[0] as Json & {
      Image: string;
      State: { Running: boolean };
      Config: { Env: string[]; Labels: Record<string, string>; Image: string };
      HostConfig: { PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }>> };
    };
    expect(info.Image).toBe(v2.id);
    expect(info.State.Running).toBe(true);
    expect(info.Config.Image).toBe(APP);
    expect(info.Config.Env).toContain('GREETING=hello');
    expect(info.Config.Labels).toMatchObject({ 'reg-g.extra': 'kept', 'wharf.test': 'reg-g' });
    expect(info.HostConfig.PortBindings['8080/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: String(hostPort) }]);
    await waitFor(() => answer(newId)?.state === 'up-to-date', 10_000, 'new container up to date');
    expect(answer(newId)).toMatchObject({ localDigests: [v2.digest], remoteDigest: v2.digest });
    expect(answer(appId)).toBeUndefined();
    await waitFor(
      () => deltas.some((d) => d.op.op === 'update.removed' && d.op.containerId === appId),
      5_000,
      'old container answer removed',
    );
    const audit = listAudit(h.rt.db, { limit: 20 }).find((a) => a.action === 'container.update');
    expect(audit).toMatchObject({ result: 'ok', target: expect.stringContaining(name) });
    appId = newId;
  }, 180_000);

  it('a locally built image is "not from a registry": no request, no error', async () => {
    await build(LOCAL, `local ${stamp}`);
    const id = await run(`reg-g-local-${stamp}`, LOCAL);
    const before = [...h.rt.updates!.registryRequests.values()].reduce((a, b) => a + b, 0);
    const r = await checkNow(id);
    expect(r).toMatchObject({ state: 'not-registry', reason: null, remoteDigest: null });
    expect(asked(`docker.io/${LOCAL}`)).toBe(0);
    expect([...h.rt.updates!.registryRequests.values()].reduce((a, b) => a + b, 0)).toBe(before);
  }, 60_000);

  it('a tag the registry does not hold is "tag no longer in registry"', async () => {
    await docker(rig.MAIN_SOCKET, 'tag', APP, NEVER);
    const id = await run(`reg-g-never-${stamp}`, NEVER);
    const r = await checkNow(id);
    expect(r).toMatchObject({ state: 'tag-missing', reference: NEVER, localDigests: [v2.digest], remoteDigest: null, reason: null });
  }, 60_000);

  it('the authenticated registry: works with saved credentials; without them the reason says unauthorized', async () => {
    const saved = await call(
      registriesPost,
      {},
      { name: `reg-g ${stamp}`, address: rig.REGISTRY_AUTH_URL, username: rig.REGISTRY_USER, password: rig.REGISTRY_PASSWORD },
    );
    expect(saved.status, JSON.stringify(saved.json)).toBe(201);
    await docker(rig.MAIN_SOCKET, 'tag', v1.id, AUTH_APP);
    const pushed = await (await startPush(h.rt, await adminActor(), h.host, { image: AUTH_APP })).done;
    expect(pushed.state, pushed.error ?? '').toBe('succeeded');
    await h.rt.engines.get(h.host).syncImages();
    const id = await run(`reg-g-auth-${stamp}`, AUTH_APP);
    const ok = await checkNow(id);
    expect(ok).toMatchObject({ state: 'up-to-date', reason: null });
    expect(ok.remoteDigest).toMatch(/^sha256:/);

    const del = await call(registryDelete, { id: saved.json.id as string }, undefined, 'DELETE');
    expect(del.status).toBeLessThan(300);
    const refused = await checkNow(id);
    expect(refused.state).toBe('error');
    expect(refused.reason).toMatch(/127\.0\.0\.1:5001 .*(401|unauthori[sz]ed)/i);
    // The last answer is still shown beside the reason.
    expect(refused.remoteDigest).toBe(ok.remoteDigest);
  }, 120_000);

  it('a 429 backs off (the interval doubles for that registry) and keeps the last answer', async () => {
    const ref = `127.0.0.1:${proxy.port}/wharf-test/reg-g-proxy-${stamp}:1`;
    await docker(rig.MAIN_SOCKET, 'tag', v2.id, ref);
    await push(ref);
    const id = await run(`reg-g-proxy-${stamp}`, ref);
    const first = await checkNow(id);
    expect(first).toMatchObject({ state: 'up-to-date', remoteDigest: v2.digest });
    expect(proxy.heads).toHaveLength(1);
    // Within the interval, "Check all" does not reach the registry: counted at the registry's door.
    await checkAll();
    expect(proxy.heads).toHaveLength(1);

    proxy.fail = 429;
    const limited = await checkNow(id);
    expect(proxy.heads).toHaveLength(2);
    expect(limited).toMatchObject({ state: 'up-to-date', remoteDigest: v2.digest, checkedAt: first.checkedAt });
    expect(limited.reason).toMatch(/429/);
    const next = Date.parse(/next check after (\S+)/.exec(limited.reason!)![1]!);
    // Doubled: two intervals (2 × 360 min) from now, not one.
    expect(next - Date.now()).toBeGreaterThan(1.9 * 360 * 60_000);
    // Backing off: even "Check now" waits.
    const again = await checkNow(id);
    expect(proxy.heads).toHaveLength(2);
    expect(again.state).toBe('up-to-date');
    proxy.fail = null;
  }, 120_000);
});

async function adminActor() {
  const { userFromToken, parseCookies, SESSION_COOKIE } = await import('@/server/services/auth');
  return userFromToken(h.rt, parseCookies(h.cookie)[SESSION_COOKIE]);
}
