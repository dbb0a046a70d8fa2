import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as deployRoute } from '@/app/api/deploy/route';
import { GET as planRoute } from '@/app/api/deploy/plan/route';
import { GET as templatesGet, POST as templatesPost } from '@/app/api/templates/route';
import type { SessionUser } from '@/server/contracts/auth';
import type { DeployPlan } from '@/server/contracts/deploy';
import type { AppTemplate } from '@/server/contracts/templates';
import type { Operation } from '@/server/contracts/images';
import { setRuntime } from '@/server/runtime';
import { startDeploy } from '@/server/services/deploy';
import { addEngine } from '@/server/services/engines';
import { addRegistry } from '@/server/services/registries';
import { startHarness, type Harness, operationEnded } from '../support/harness';
import { docker, loadRig, waitFor } from '../support/rig';

// Deploys against the rig: images under names only this file uses (pushed to both registries from
// the seed web image), containers labelled wharf.test=reg-f, all removed after.

const rig = loadRig();
const LABEL = { key: 'wharf.test', value: 'reg-f' };
const stamp = crypto.randomBytes(3).toString('hex');
const OPEN_REF = `${rig.REGISTRY_URL}/wharf-test/reg-f-web:1.0`;
const AUTH_REF = `${rig.REGISTRY_AUTH_URL}/wharf-test/reg-f-web:1.0`;
const MISSING_REF = `${rig.REGISTRY_URL}/wharf-test/reg-f-web:no-such-tag-${stamp}`;
// The seed web image with a healthcheck that passes, and one that fails: local images, nothing to pull.
const HEALTHY_REF = `wharf-test/reg-f-health:ok-${stamp}`;
const SICK_REF = `wharf-test/reg-f-health:sick-${stamp}`;
let h: Harness;
let e2 = '';

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

const page = (port: number) =>
  waitFor(
    async () =>
      fetch(`http://127.0.0.1:${port}/`)
        .then((x) => x.text())
        .catch(() => ''),
    10_000,
    `http answer on ${port}`,
  );

const names = (socket: string, name: string) => docker(socket, 'ps', '-a', '--filter', `name=^/${name}$`, '--format', '{{.Names}}');
const hasImage = (socket: string, ref: string) =>
  docker(socket, 'image', 'inspect', ref)
    .then(() => true)
    .catch(() => false);

const spec = (image: string, name: string, port: number | null, extra: Record<string, unknown> = {}) => ({
  image,
  name,
  ports: port ? [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80, protocol: 'tcp' }] : [],
  labels: [LABEL],
  restartPolicy: 'no',
  ...extra,
});

beforeAll(async () => {
  h = await startHarness('deploy', rig.MAIN_SOCKET, `${LABEL.key}=${LABEL.value}`);
  setRuntime(h.rt);
  e2 = (
    await addEngine(h.rt, adminOf(), {
      engine: { kind: 'socket', name: 'engine2', socketPath: rig.ENGINE2_SOCKET },
    })
  ).id;
  await waitFor(() => h.rt.engines.get(e2).status === 'online', 15_000, 'engine2 online');
  // The seed web image under this file's own names in both registries.
  for (const ref of [OPEN_REF, AUTH_REF]) await docker(rig.MAIN_SOCKET, 'tag', rig.SEED_WEB, ref);
  await docker(rig.MAIN_SOCKET, 'push', OPEN_REF);
  await addRegistry(h.rt, adminOf(), {
    name: 'rig auth',
    address: rig.REGISTRY_AUTH_URL,
    username: rig.REGISTRY_USER,
    password: rig.REGISTRY_PASSWORD,
  });
  const { startPush } = await import('@/server/services/image-transfer');
  const push = await startPush(h.rt, adminOf(), h.host, { image: AUTH_REF });
  const pushed = await push.done;
  expect(pushed.state, pushed.error ?? '').toBe('succeeded');
  for (const ref of [OPEN_REF, AUTH_REF]) await docker(rig.MAIN_SOCKET, 'rmi', ref);
  for (const ref of [OPEN_REF, AUTH_REF]) await docker(rig.ENGINE2_SOCKET, 'rmi', ref).catch(() => undefined);
}, 120_000);

afterAll(async () => {
  setRuntime(undefined);
  for (const sock of [rig.MAIN_SOCKET, rig.ENGINE2_SOCKET]) {
    const ids = await docker(sock, 'ps', '-aq', '--filter', `label=${LABEL.key}=${LABEL.value}`).catch(() => '');
    if (ids) await docker(sock, 'rm', '-f', '-v', ...ids.split('\n')).catch(() => undefined);
    const vols = await docker(sock, 'volume', 'ls', '-q', '--filter', `name=reg-f-${stamp}`).catch(() => '');
    if (vols) await docker(sock, 'volume', 'rm', ...vols.split('\n')).catch(() => undefined);
    for (const ref of [OPEN_REF, AUTH_REF]) await docker(sock, 'rmi', ref).catch(() => undefined);
  }
  for (const ref of [HEALTHY_REF, SICK_REF]) await docker(rig.MAIN_SOCKET, 'rmi', ref).catch(() => undefined);
  await h?.close();
});

function adminOf(): SessionUser {
  return h.rt.db.prepare("SELECT id, username, role FROM users WHERE username = 'admin'").get() as SessionUser;
}

async function call(handler: (req: Request) => Promise<Response>, url: string, body?: unknown) {
  const res = await handler(
    new Request(`http://wharf.test${url}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie: h.cookie, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const ended = (id: string, ms = 90_000): Promise<Operation> => operationEnded(h.rt, id, ms);

describe('deploy', () => {
  it('pre-fills the form from a registry tag read with the saved credentials', async () => {
    const r = await call(planRoute, `/api/deploy/plan?ref=${encodeURIComponent(AUTH_REF)}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const plan = r.json as unknown as DeployPlan;
    expect(plan.image).toBe(AUTH_REF);
    expect(plan.name).toBe('reg-f-web');
    expect(plan.ports).toEqual([{ hostIp: '', hostPort: 8080, containerPort: 80, protocol: 'tcp' }]);
    expect(plan.size).toBeGreaterThan(0);
  });

  it('deploys from the auth registry to engine2 over HTTP: pull with saved credentials → running, the page answers', async () => {
    const port = await freePort();
    const name = `reg-f-${stamp}-auth`;
    const r = await call(deployRoute, '/api/deploy', { spec: spec(AUTH_REF, name, port), hosts: [{ hostId: e2 }] });
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    const hosts = r.json.hosts as Array<{ hostId: string; operationId: string }>;
    expect(hosts).toHaveLength(1);
    const op = await ended(hosts[0]!.operationId);
    expect(op.state, op.error ?? '').toBe('succeeded');
    expect(op.kind).toBe('deploy');
    expect(op.result).toContain('is running');
    // The pull's per-layer picture reached the operation.
    expect(op.transfer?.layers.length).toBeGreaterThan(0);
    const steps = h.rt.operations
      .get(op.id)
      .log.filter((l) => l.kind === 'step')
      .map((l) => l.text);
    expect(steps).toEqual(['Pull', 'Create', 'Start', 'Running']);
    expect(await names(rig.ENGINE2_SOCKET, name)).toBe(name);
    expect(await page(port)).toContain('Hello from Wharf');
    const audit = h.rt.db.prepare("SELECT result, detail FROM audit WHERE action = 'container.deploy' ORDER BY id DESC LIMIT 1").get() as {
      result: string;
      detail: string;
    };
    expect(audit.result).toBe('ok');
  });

  it('deploys to two hosts at once with a result per host', async () => {
    const name = `reg-f-${stamp}-two`;
    // Both rig engines share this machine's ports: each engine picks its own host port here.
    const s = { ...spec(OPEN_REF, name, null), ports: [{ hostIp: '127.0.0.1', hostPort: null, containerPort: 80, protocol: 'tcp' }] };
    const d = startDeploy(h.rt, adminOf(), { spec: s, hosts: [{ hostId: h.host }, { hostId: e2 }] });
    expect(d.hosts.map((x) => x.hostName)).toEqual(['main', 'engine2']);
    const ops = await d.done;
    for (const op of ops) expect(op.state, op.error ?? '').toBe('succeeded');
    expect(await names(rig.MAIN_SOCKET, name)).toBe(name);
    expect(await names(rig.ENGINE2_SOCKET, name)).toBe(name);
    for (const sock of [rig.MAIN_SOCKET, rig.ENGINE2_SOCKET]) {
      const bound = await docker(sock, 'port', name, '80/tcp');
      expect(await page(Number(bound.split(':').pop()))).toContain('Hello from Wharf');
    }
  });

  it('refuses a taken host port before anything is created, on any host', async () => {
    const port = await freePort();
    const first = `reg-f-${stamp}-holder`;
    const d = startDeploy(h.rt, adminOf(), { spec: spec(OPEN_REF, first, port), hosts: [{ hostId: e2 }] });
    expect((await d.done)[0]!.state).toBe('succeeded');
    await waitFor(
      () => [...h.rt.engines.get(e2).containers.values()].some((c) => c.name === first && c.state === 'running'),
      10_000,
      'hub sees it',
    );
    const name = `reg-f-${stamp}-clash`;
    const before = h.rt.operations.list().length;
    expect(() => startDeploy(h.rt, adminOf(), { spec: spec(OPEN_REF, name, port), hosts: [{ hostId: h.host }, { hostId: e2 }] })).toThrow(
      new RegExp(`Port ${port}/tcp is already published on engine2 by ${first}`),
    );
    expect(h.rt.operations.list().length).toBe(before);
    expect(await names(rig.MAIN_SOCKET, name)).toBe('');
    expect(await names(rig.ENGINE2_SOCKET, name)).toBe('');
  });

  it('a pull failure fails the Pull step and leaves no container on that host; the other host is kept', async () => {
    const name = `reg-f-${stamp}-nopull`;
    await docker(rig.MAIN_SOCKET, 'tag', rig.SEED_WEB, MISSING_REF);
    try {
      // main has the tag (no pull), engine2 must pull it and cannot.
      const d = startDeploy(h.rt, adminOf(), { spec: spec(MISSING_REF, name, null), hosts: [{ hostId: h.host }, { hostId: e2 }] });
      const [onMain, onE2] = await d.done;
      expect(onMain!.state, onMain!.error ?? '').toBe('succeeded');
      expect(onE2!.state).toBe('failed');
      expect(onE2!.error).toMatch(/^Pull failed on engine2: .*(not found|unknown|manifest)/i);
      expect(await names(rig.ENGINE2_SOCKET, name)).toBe('');
      expect(await names(rig.MAIN_SOCKET, name)).toBe(name);
    } finally {
      await docker(rig.MAIN_SOCKET, 'rm', '-f', '-v', name).catch(() => undefined);
      await docker(rig.MAIN_SOCKET, 'rmi', MISSING_REF).catch(() => undefined);
    }
  });

  it('a start failure removes the container and the tag it pulled, and says which step failed', async () => {
    await docker(rig.ENGINE2_SOCKET, 'rmi', OPEN_REF).catch(() => undefined);
    const name = `reg-f-${stamp}-nostart`;
    const volume = `${name}-data`;
    const d = startDeploy(h.rt, adminOf(), {
      spec: spec(OPEN_REF, name, null, { cmd: ['/no/such/binary'], volumes: [{ type: 'volume', source: volume, target: '/data' }] }),
      hosts: [{ hostId: e2 }],
    });
    const [op] = await d.done;
    expect(op!.state).toBe('failed');
    expect(op!.error).toMatch(
      new RegExp(
        `^Start failed on engine2: .*no such file.*\\(rolled back: container removed, volume ${volume} removed, pulled .* removed\\)`,
        'i',
      ),
    );
    expect(await docker(rig.ENGINE2_SOCKET, 'volume', 'ls', '-q', '--filter', `name=${volume}`)).toBe('');
    expect(await names(rig.ENGINE2_SOCKET, name)).toBe('');
    expect(await hasImage(rig.ENGINE2_SOCKET, OPEN_REF)).toBe(false);
  });

  it('a name that exists is refused with "replace"; with replace it is recreated with the new settings', async () => {
    const name = `reg-f-${stamp}-replace`;
    const p1 = await freePort();
    expect((await startDeploy(h.rt, adminOf(), { spec: spec(OPEN_REF, name, p1), hosts: [{ hostId: e2 }] }).done)[0]!.state).toBe(
      'succeeded',
    );
    const oldId = await docker(rig.ENGINE2_SOCKET, 'inspect', '-f', '{{.Id}}', name);
    await waitFor(() => [...h.rt.engines.get(e2).containers.values()].some((c) => c.name === name), 10_000, 'hub sees it');
    const p2 = await freePort();
    const again = { spec: spec(OPEN_REF, name, p2, { env: [{ key: 'GREETING', value: 'replaced' }] }), hosts: [{ hostId: e2 }] };
    expect(() => startDeploy(h.rt, adminOf(), again)).toThrow(/already exists on engine2: choose "replace"/);
    const d = startDeploy(h.rt, adminOf(), { ...again, hosts: [{ hostId: e2, replace: true }] });
    const [op] = await d.done;
    expect(op!.state, op!.error ?? '').toBe('succeeded');
    const steps = h.rt.operations
      .get(op!.id)
      .log.filter((l) => l.kind === 'step')
      .map((l) => l.text);
    expect(steps[1]).toBe(`Create (replacing ${name})`);
    const newId = await docker(rig.ENGINE2_SOCKET, 'inspect', '-f', '{{.Id}}', name);
    expect(newId).not.toBe(oldId);
    expect(await docker(rig.ENGINE2_SOCKET, 'inspect', '-f', '{{json .Config.Env}}', name)).toContain('GREETING=replaced');
    expect(await page(p2)).toContain('Hello from Wharf');
  });
});

describe('deploy waits for healthy', () => {
  const dockerfile = (test: string) =>
    `FROM ${rig.SEED_WEB}\nLABEL wharf.test=reg-f\nHEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD ${test}\n`;
  beforeAll(async () => {
    for (const [ref, test] of [
      [HEALTHY_REF, 'true'],
      [SICK_REF, 'sh -c "echo database not ready; exit 1"'],
    ] as const) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-reg-f-'));
      fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile(test));
      await docker(rig.MAIN_SOCKET, 'build', '-q', '-t', ref, dir);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  const stepsOf = (id: string) =>
    h.rt.operations
      .get(id)
      .log.filter((l) => l.kind === 'step')
      .map((l) => l.text);

  it('an image with a healthcheck is done only once healthy, and says so', async () => {
    const name = `reg-f-${stamp}-healthy`;
    const [op] = await startDeploy(h.rt, adminOf(), {
      spec: spec(HEALTHY_REF, name, null),
      hosts: [{ hostId: h.host }],
      healthTimeoutS: 30,
    }).done;
    expect(op!.state, op!.error ?? '').toBe('succeeded');
    expect(op!.result).toMatch(new RegExp(`^${name} \\([0-9a-f]{12}\\) is running and healthy on `));
    expect(stepsOf(op!.id)).toEqual(['Pull', 'Create', 'Start', 'Running', 'Healthy (waiting up to 30 s)']);
    expect(await docker(rig.MAIN_SOCKET, 'inspect', '-f', '{{.State.Health.Status}}', name)).toBe('healthy');
  });

  it("an unhealthy one fails the Healthy step with the check's output and leaves no container", async () => {
    const name = `reg-f-${stamp}-sick`;
    const [op] = await startDeploy(h.rt, adminOf(), { spec: spec(SICK_REF, name, null), hosts: [{ hostId: h.host }], healthTimeoutS: 30 })
      .done;
    expect(op!.state).toBe('failed');
    expect(op!.error).toMatch(
      /^Healthy failed on .*: the healthcheck says unhealthy: database not ready \(rolled back: container removed\)$/,
    );
    expect(await names(rig.MAIN_SOCKET, name)).toBe('');
  });

  it('a replace whose new container turns unhealthy puts the old one back, running, under its name', async () => {
    const name = `reg-f-${stamp}-keep`;
    const [first] = await startDeploy(h.rt, adminOf(), {
      spec: spec(HEALTHY_REF, name, null),
      hosts: [{ hostId: h.host }],
      healthTimeoutS: 30,
    }).done;
    expect(first!.state, first!.error ?? '').toBe('succeeded');
    const oldId = await docker(rig.MAIN_SOCKET, 'inspect', '-f', '{{.Id}}', name);
    await waitFor(() => [...h.rt.engines.get(h.host).containers.values()].some((c) => c.name === name), 10_000, 'hub sees it');
    const [op] = await startDeploy(h.rt, adminOf(), {
      spec: spec(SICK_REF, name, null),
      hosts: [{ hostId: h.host, replace: true }],
      healthTimeoutS: 30,
    }).done;
    expect(op!.state).toBe('failed');
    expect(op!.error).toMatch(new RegExp(`^Healthy failed on .*: the healthcheck says unhealthy.*\\(rolled back: ${name} restored\\)$`));
    expect(await docker(rig.MAIN_SOCKET, 'inspect', '-f', '{{.Id}} {{.State.Running}} {{.Config.Image}}', name)).toBe(
      `${oldId} true ${HEALTHY_REF}`,
    );
    // Nothing else is left: neither the new container nor the old one's parked name.
    expect(await docker(rig.MAIN_SOCKET, 'ps', '-a', '--filter', `name=${name}`, '--format', '{{.Names}}')).toBe(name);
  });
});

describe('templates', () => {
  it('imports a v3 file, lists it beside the defaults, and pre-fills a deploy from it (preset env sent, stacks refused)', async () => {
    const file = {
      version: '3',
      templates: [
        {
          id: 1,
          type: 1,
          title: `reg-f ${stamp}`,
          image: 'wharf-test/reg-f-web:1.0',
          registry: rig.REGISTRY_URL,
          ports: ['18080:80/tcp'],
          volumes: [{ container: '/data' }],
          env: [{ name: 'WHO', default: 'x', preset: true }],
        },
        { id: 2, type: 2, title: `reg-f stack ${stamp}`, repository: { url: 'https://example.invalid/r', stackfile: 's.yml' } },
      ],
    };
    const imported = await call(templatesPost, '/api/templates', { name: `reg-f-${stamp}`, content: JSON.stringify(file) });
    expect(imported.status, JSON.stringify(imported.json)).toBe(201);
    const list = (await call(templatesGet, '/api/templates')).json as { templates: AppTemplate[] };
    const mine = list.templates.filter((t) => t.sourceName === `reg-f-${stamp}`);
    expect(mine.map((t) => [t.title, t.deployable])).toEqual([
      [`reg-f ${stamp}`, true],
      [`reg-f stack ${stamp}`, false],
    ]);
    expect(list.templates.some((t) => t.title === 'Static web server' && t.image === '127.0.0.1:5000/wharf-test/web:1.0')).toBe(true);
    const plan = (await call(planRoute, `/api/deploy/plan?template=${mine[0]!.id}`)).json as unknown as DeployPlan;
    expect(plan).toMatchObject({
      image: OPEN_REF,
      ports: [{ hostIp: '', hostPort: 18080, containerPort: 80, protocol: 'tcp' }],
      volumes: [{ target: '/data', bind: null, readOnly: false }],
      env: [{ key: 'WHO', value: 'x', preset: true }],
    });
    const stack = await call(planRoute, `/api/deploy/plan?template=${mine[1]!.id}`);
    expect(stack.status).toBe(400);
    expect(stack.json.message).toMatch(/stack template: it needs compose stacks/);
  });

  it('a URL this offline server cannot reach is a clear error, and nothing is stored', async () => {
    const before = ((await call(templatesGet, '/api/templates')).json as { sources: unknown[] }).sources.length;
    const r = await call(templatesPost, '/api/templates', { url: 'https://templates.invalid/portainer.json' });
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/^Could not fetch https:\/\/templates\.invalid\/portainer\.json: .*upload the file instead/);
    const bad = await call(templatesPost, '/api/templates', { content: '{"version":"1","templates":[]}' });
    expect(bad.json.message).toBe('Template file version 1 is not supported: versions 2 and 3 are');
    expect(((await call(templatesGet, '/api/templates')).json as { sources: unknown[] }).sources.length).toBe(before);
  });
});
