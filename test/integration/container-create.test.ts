import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRuntime, createRuntime } from '@/server/bootstrap';
import { loadConfig } from '@/server/config';
import type { SessionUser } from '@/server/contracts/auth';
import { parseJson } from '@/server/json';
import type { PullProgress } from '@/server/contracts/container-create';
import type { Runtime } from '@/server/runtime';
import { setupAdmin } from '@/server/services/auth';
import { containerSpec, createContainer, recreateContainer } from '@/server/services/container-create';
import { addEngine } from '@/server/services/engines';
import { docker, loadRig, waitFor } from '../support/rig';

const rig = loadRig();
const LABEL_KEY = 'wharf.test';
const LABEL_VALUE = 'integration-create';
const labels = [{ key: LABEL_KEY, value: LABEL_VALUE }];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-create-'));
const stamp = Date.now().toString(36);
let rt: Runtime;
let admin: SessionUser;
let main = '';
let e2 = '';

beforeAll(async () => {
  rt = await createRuntime(loadConfig({ WHARF_DATA_DIR: dir, WHARF_NO_DEFAULT_ENGINE: '1' }));
  admin = await setupAdmin(rt, { username: 'admin', password: 'integration-pw' });
  main = (await addEngine(rt, admin, { engine: { kind: 'socket', name: 'main', socketPath: rig.MAIN_SOCKET } })).id;
  e2 = (await addEngine(rt, admin, { engine: { kind: 'socket', name: 'engine2', socketPath: rig.ENGINE2_SOCKET } })).id;
  await waitFor(() => rt.engines.list().every((h) => h.status === 'online'), 20_000, 'engines online');
});

afterAll(async () => {
  closeRuntime(rt);
  for (const sock of [rig.MAIN_SOCKET, rig.ENGINE2_SOCKET]) {
    const ids = await docker(sock, 'ps', '-aq', '--filter', `label=${LABEL_KEY}=${LABEL_VALUE}`).catch(() => '');
    if (ids) await docker(sock, 'rm', '-f', '-v', ...ids.split('\n')).catch(() => undefined);
    const vols = await docker(sock, 'volume', 'ls', '-q', '--filter', `name=wharf-it-${stamp}`).catch(() => '');
    if (vols) await docker(sock, 'volume', 'rm', ...vols.split('\n')).catch(() => undefined);
  }
  await docker(rig.ENGINE2_SOCKET, 'rmi', `${rig.REGISTRY_URL}/${rig.SEED_WEB}`).catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('create (≈ docker run) on a real engine', () => {
  it('creates and starts a web container with a port, env and a named volume; the port answers', async () => {
    const port = await freePort();
    const name = `wharf-it-web-${stamp}`;
    const r = await createContainer(rt, admin, main, {
      image: rig.SEED_WEB,
      name,
      env: [{ key: 'GREETING', value: 'hello world' }],
      ports: [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80, protocol: 'tcp' }],
      volumes: [{ type: 'volume', source: `wharf-it-${stamp}-data`, target: '/data' }],
      labels,
      restartPolicy: 'unless-stopped',
      memoryMb: 64,
      init: true,
    });
    expect(r).toMatchObject({ name, started: true, pulled: false });
    const body = await waitFor(
      async () =>
        fetch(`http://127.0.0.1:${port}/`)
          .then((x) => x.text())
          .catch(() => ''),
      5000,
      'http answer',
    );
    expect(body).toContain('Hello from Wharf');
    expect(await docker(rig.MAIN_SOCKET, 'exec', name, 'sh', '-c', 'echo $GREETING')).toBe('hello world');
    const [inspect] = parseJson<Array<{ HostConfig: { Memory: number; Init: boolean; RestartPolicy: { Name: string } } }>>(
      await docker(rig.MAIN_SOCKET, 'inspect', name),
      'docker inspect',
    );
    expect(inspect?.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(inspect?.HostConfig.Init).toBe(true);
    expect(inspect?.HostConfig.RestartPolicy.Name).toBe('unless-stopped');

    // The form that would recreate it holds what was set, not the image's defaults.
    const spec = await containerSpec(rt, admin, main, name);
    expect(spec.env).toEqual([{ key: 'GREETING', value: 'hello world' }]);
    expect(spec.cmd).toEqual([]);
    expect(spec.ports).toEqual([{ hostIp: '127.0.0.1', hostPort: port, containerPort: 80, protocol: 'tcp' }]);
    expect(spec.volumes).toEqual([{ type: 'volume', source: `wharf-it-${stamp}-data`, target: '/data', readOnly: false }]);
    expect(spec.labels).toEqual(labels);
    expect(spec.memoryMb).toBe(64);
  });

  it('catches a host-port conflict before creating anything', async () => {
    const port = await freePort();
    await createContainer(rt, admin, main, {
      image: rig.SEED_WEB,
      ports: [{ hostPort: port, containerPort: 80 }],
      labels,
    });
    await waitFor(
      () => [...rt.engines.get(main).containers.values()].some((c) => c.ports.some((p) => p.hostPort === port)),
      2000,
      'port seen',
    );
    const before = await docker(rig.MAIN_SOCKET, 'ps', '-aq', '--filter', `label=${LABEL_KEY}=${LABEL_VALUE}`);
    await expect(
      createContainer(rt, admin, main, { image: rig.SEED_WEB, ports: [{ hostPort: port, containerPort: 80 }], labels }),
    ).rejects.toMatchObject({ status: 400, fields: { 'ports.0.hostPort': expect.stringContaining('already published') } });
    expect(await docker(rig.MAIN_SOCKET, 'ps', '-aq', '--filter', `label=${LABEL_KEY}=${LABEL_VALUE}`)).toBe(before);
  });

  it('a start that fails leaves no container and no volume behind, and says why', async () => {
    // A port held by something that is not a container: only the engine can find out, at start.
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '0.0.0.0', r));
    const port = (holder.address() as net.AddressInfo).port;
    const name = `wharf-it-fail-${stamp}`;
    try {
      await expect(
        createContainer(rt, admin, main, {
          image: rig.SEED_WEB,
          name,
          ports: [{ hostPort: port, containerPort: 80 }],
          volumes: [{ type: 'volume', source: `wharf-it-${stamp}-orphan`, target: '/data' }],
          labels,
        }),
      ).rejects.toMatchObject({
        message: expect.stringMatching(
          /Could not start the container: .*(address already in use|port is already allocated).*removed again/,
        ),
      });
    } finally {
      holder.close();
    }
    await expect(docker(rig.MAIN_SOCKET, 'inspect', name)).rejects.toThrow();
    expect(await docker(rig.MAIN_SOCKET, 'volume', 'ls', '-q', '--filter', `name=wharf-it-${stamp}-orphan`)).toBe('');
    const audit = rt.db.prepare("SELECT result FROM audit WHERE action = 'container.create' ORDER BY id DESC LIMIT 1").get();
    expect(audit).toEqual({ result: 'error' });
  });

  it('what the engine refuses because of the input is a 4xx in its words, not a 502', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ user: 'nosuchuser' }, /unable to find user nosuchuser/],
      [{ workingDir: '/etc/passwd' }, /not a directory|workdir/i],
      [{ cmd: ['/no/such/binary'] }, /no such file or directory|executable file not found/i],
    ];
    for (const [over, words] of cases) {
      const name = `wharf-it-refused-${stamp}-${Object.keys(over)[0]}`;
      const err = await createContainer(rt, admin, main, { image: rig.SEED_BUSYBOX, name, labels, ...over }).catch((e: unknown) => e);
      expect(err, JSON.stringify(over)).toMatchObject({ status: expect.any(Number), message: expect.stringMatching(words) });
      const status = (err as { status: number }).status;
      expect(status >= 400 && status < 500, `${JSON.stringify(over)} answered ${status}`).toBe(true);
      await expect(docker(rig.MAIN_SOCKET, 'inspect', name)).rejects.toThrow();
    }
  });

  it('pulls a missing image from the private registry, reporting progress', async () => {
    const ref = `${rig.REGISTRY_URL}/${rig.SEED_WEB}`;
    await docker(rig.ENGINE2_SOCKET, 'rmi', ref).catch(() => undefined);
    const progress: PullProgress[] = [];
    const r = await createContainer(rt, admin, e2, { image: ref, labels, start: false }, (p) => progress.push(p));
    expect(r).toMatchObject({ pulled: true, started: false });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.image).toBe(ref);
    expect(progress.at(-1)!.status).toMatch(/Downloaded newer image|Image is up to date/);
    expect(await docker(rig.ENGINE2_SOCKET, 'inspect', '-f', '{{.State.Status}}', r.id)).toBe('created');
  });

  it('a failed pull says why and leaves nothing', async () => {
    const ref = `${rig.REGISTRY_URL}/wharf-test/does-not-exist:1`;
    const before = await docker(rig.ENGINE2_SOCKET, 'ps', '-aq');
    await expect(createContainer(rt, admin, e2, { image: ref, labels })).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/^Pull of 127\.0\.0\.1:5000\/wharf-test\/does-not-exist:1 failed: .*(manifest unknown|not found)/i),
    });
    expect(await docker(rig.ENGINE2_SOCKET, 'ps', '-aq')).toBe(before);
  });
});

describe('edit & recreate', () => {
  it('takes what admins paste (healthcheck, caps, logging, devices, ulimits, DNS, hosts, security, stop timeout, pid/ipc) and reads it back for edit', async () => {
    const name = `wharf-it-adv-${stamp}`;
    const input = {
      image: rig.SEED_BUSYBOX,
      name,
      cmd: ['sleep', '300'],
      labels,
      healthcheck: { mode: 'cmd', cmd: 'test -e /etc/hosts', intervalS: 1, timeoutS: 2, startPeriodS: 0, retries: 2 },
      capAdd: ['net_admin'],
      capDrop: ['MKNOD'],
      logDriver: 'local',
      logOpts: [{ key: 'max-size', value: '1m' }],
      devices: [{ hostPath: '/dev/null', containerPath: '/dev/wharf-null', permissions: 'rw' }],
      ulimits: [{ name: 'nofile', soft: 1024, hard: 2048 }],
      dns: ['192.0.2.53'],
      extraHosts: [{ host: 'db.internal', ip: '10.0.0.5' }],
      securityOpt: ['no-new-privileges'],
      stopTimeout: 3,
      pid: 'host',
      ipc: 'none',
    };
    await createContainer(rt, admin, main, input);
    const inspect = (f: string) => docker(rig.MAIN_SOCKET, 'inspect', '-f', f, name);
    expect(
      await inspect(
        '{{json .HostConfig.CapAdd}} {{json .HostConfig.CapDrop}} {{.HostConfig.LogConfig.Type}} {{.HostConfig.PidMode}} {{.HostConfig.IpcMode}} {{.Config.StopTimeout}}',
      ),
    ).toBe('["NET_ADMIN"] ["MKNOD"] local host none 3');
    // The ulimit on the container's own process, read from this (the engine's) machine: an exec'd shell is
    // not a fair witness (engine 20.10 raises its soft limit to the hard one), and with pid=host its pid 1 is the host's.
    const pid = await inspect('{{.State.Pid}}');
    expect(fs.readFileSync(`/proc/${pid}/limits`, 'utf8')).toMatch(/^Max open files\s+1024\s+2048\s/m);
    // Seen from inside: the device, /etc/hosts and resolv.conf.
    expect(
      await docker(
        rig.MAIN_SOCKET,
        'exec',
        name,
        'sh',
        '-c',
        'test -c /dev/wharf-null && echo dev; grep db.internal /etc/hosts; grep nameserver /etc/resolv.conf',
      ),
    ).toBe('dev\n10.0.0.5\tdb.internal\nnameserver 192.0.2.53');
    await waitFor(async () => (await inspect('{{.State.Health.Status}}')) === 'healthy', 15_000, 'healthy');
    // Edit & recreate starts from the same settings.
    const spec = await containerSpec(rt, admin, main, name);
    expect(spec).toMatchObject({
      healthcheck: { mode: 'cmd', cmd: 'test -e /etc/hosts', intervalS: 1, timeoutS: 2, retries: 2 },
      capAdd: ['NET_ADMIN'],
      capDrop: ['MKNOD'],
      logDriver: 'local',
      logOpts: [{ key: 'max-size', value: '1m' }],
      devices: [{ hostPath: '/dev/null', containerPath: '/dev/wharf-null', permissions: 'rw' }],
      ulimits: [{ name: 'nofile', soft: 1024, hard: 2048 }],
      dns: ['192.0.2.53'],
      extraHosts: [{ host: 'db.internal', ip: '10.0.0.5' }],
      securityOpt: ['no-new-privileges'],
      stopTimeout: 3,
      pid: 'host',
      ipc: 'none',
    });
    await recreateContainer(rt, admin, main, name, { ...spec, capAdd: [], healthcheck: { ...spec.healthcheck, mode: 'none' } });
    expect(
      await inspect('{{json .HostConfig.CapAdd}} {{json .Config.Healthcheck.Test}} {{.HostConfig.LogConfig.Type}} {{.Config.StopTimeout}}'),
    ).toBe('null ["NONE"] local 3');
  });

  it('a name already taken on the host is refused before anything is made, naming the container, not an id', async () => {
    const name = `wharf-it-taken-${stamp}`;
    await createContainer(rt, admin, main, { image: rig.SEED_BUSYBOX, name, cmd: ['sleep', '300'], labels });
    // Its create and start events may arrive apart: wait for the state the message names.
    await waitFor(
      () => [...rt.engines.get(main).containers.values()].some((c) => c.name === name && c.state === 'running'),
      5000,
      'hub sees it running',
    );
    const err = await createContainer(rt, admin, main, { image: rig.SEED_BUSYBOX, name, labels }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      status: 409,
      code: 'CONFLICT',
      fields: { name: `A container named ${name} already exists on main (running, ${rig.SEED_BUSYBOX})` },
    });
    expect((err as Error).message).not.toMatch(/[0-9a-f]{64}/);
    expect(await docker(rig.MAIN_SOCKET, 'ps', '-aq', '--filter', `name=^/${name}$`)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('recreates under the same name with the same volumes and the new settings', async () => {
    const name = `wharf-it-re-${stamp}`;
    const first = await createContainer(rt, admin, main, {
      image: rig.SEED_BUSYBOX,
      name,
      cmd: ['sleep', '300'],
      init: true,
      env: [{ key: 'V', value: '1' }],
      volumes: [{ type: 'volume', source: `wharf-it-${stamp}-keep`, target: '/keep' }],
      labels,
    });
    await docker(rig.MAIN_SOCKET, 'exec', name, 'sh', '-c', 'echo precious > /keep/file');
    const spec = await containerSpec(rt, admin, main, name);
    const steps: string[] = [];
    const second = await recreateContainer(rt, admin, main, name, { ...spec, env: [{ key: 'V', value: '2' }] }, undefined, {
      stopTimeoutS: 1,
      onStep: (step, state) => steps.push(`${step}:${state}`),
    });
    expect(steps).toEqual([
      'pull:active',
      'pull:skipped',
      'stop:active',
      'stop:done',
      'rename:active',
      'rename:done',
      'create:active',
      'create:done',
      'start:active',
      'start:done',
      'remove:active',
      'remove:done',
    ]);
    expect(second.name).toBe(name);
    expect(second.id).not.toBe(first.id);
    expect(await docker(rig.MAIN_SOCKET, 'exec', name, 'sh', '-c', 'echo $V; cat /keep/file')).toBe('2\nprecious');
    await expect(docker(rig.MAIN_SOCKET, 'inspect', first.id)).rejects.toThrow();
    expect(await docker(rig.MAIN_SOCKET, 'ps', '-a', '--filter', `name=${name}-wharf-old`, '-q')).toBe('');
  });

  it('puts the old container back, running, when the new one cannot start', async () => {
    const name = `wharf-it-back-${stamp}`;
    const first = await createContainer(rt, admin, main, { image: rig.SEED_BUSYBOX, name, cmd: ['sleep', '300'], init: true, labels });
    const spec = await containerSpec(rt, admin, main, name);
    const steps: string[] = [];
    await expect(
      recreateContainer(rt, admin, main, name, { ...spec, init: false, cmd: ['/no/such/binary'] }, undefined, {
        onStep: (step, state) => steps.push(`${step}:${state}`),
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('Could not start the container'),
    });
    // The step that failed is the one the form shows failed; nothing after it ran.
    expect(steps.slice(-2)).toEqual(['start:active', 'start:failed']);
    expect(await docker(rig.MAIN_SOCKET, 'inspect', '-f', '{{.Id}} {{.State.Status}}', name)).toBe(`${first.id} running`);
  });
});
