import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRuntime, createRuntime } from '@/server/bootstrap';
import { loadConfig } from '@/server/config';
import type { SessionUser } from '@/server/contracts/auth';
import type { Runtime } from '@/server/runtime';
import { setupAdmin } from '@/server/services/auth';
import {
  bulkAction,
  containerAction,
  containerLogs,
  containerTop,
  getContainer,
  listContainers,
  listDeletedContainers,
} from '@/server/services/containers';
import { addEngine } from '@/server/services/engines';
import { docker, loadRig, readText, waitFor } from '../support/rig';

const rig = loadRig();
const label = 'wharf.test=integration-containers';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-containers-'));
let rt: Runtime;
let admin: SessionUser;
const hosts: Array<{ name: string; id: string; socket: string }> = [];

beforeAll(async () => {
  rt = await createRuntime(loadConfig({ WHARF_DATA_DIR: dir, WHARF_NO_DEFAULT_ENGINE: '1' }));
  admin = await setupAdmin(rt, { username: 'admin', password: 'integration-pw' });
  const engines = [
    { name: 'main', engine: { kind: 'socket', name: 'main', socketPath: rig.MAIN_SOCKET }, socket: rig.MAIN_SOCKET },
    { name: 'engine2', engine: { kind: 'socket', name: 'engine2', socketPath: rig.ENGINE2_SOCKET }, socket: rig.ENGINE2_SOCKET },
    {
      name: 'tls',
      engine: {
        kind: 'tls',
        name: 'tls',
        host: rig.TLS_HOST,
        port: rig.TLS_PORT,
        ca: readText(rig.TLS_CA),
        cert: readText(rig.TLS_CERT),
        key: readText(rig.TLS_KEY),
      },
      socket: rig.TLS_SOCKET,
    },
  ];
  for (const e of engines) {
    const s = await addEngine(rt, admin, { engine: e.engine });
    hosts.push({ name: e.name, id: s.id, socket: e.socket });
  }
  await waitFor(() => rt.engines.list().every((h) => h.status === 'online'), 20_000, 'all engines online');
});

afterAll(async () => {
  closeRuntime(rt);
  for (const h of hosts) {
    const ids = await docker(h.socket, 'ps', '-aq', '--filter', `label=${label}`).catch(() => '');
    if (ids) await docker(h.socket, 'rm', '-f', '-v', ...ids.split('\n')).catch(() => undefined);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

const inspectState = async (socket: string, id: string) => docker(socket, 'inspect', '-f', '{{.State.Status}}', id);

describe.each(['main', 'engine2', 'tls'])('the container lifecycle on %s', (name) => {
  it('start, pause, unpause, stop, restart, kill, rename and remove are real engine calls', async () => {
    const h = hosts.find((x) => x.name === name)!;
    const cname = `wharf-it-${name}-${Date.now()}`;
    const id = await docker(
      h.socket,
      'create',
      '--label',
      label,
      '--name',
      cname,
      rig.SEED_BUSYBOX,
      'sh',
      '-c',
      'echo out; echo err >&2; exec sleep 300',
    );
    await waitFor(() => listContainers(rt, admin, { hostId: h.id }).some((c) => c.id === id), 2000, 'listed');

    await containerAction(rt, admin, h.id, id, { action: 'start' });
    expect(await inspectState(h.socket, id)).toBe('running');
    await containerAction(rt, admin, h.id, cname, { action: 'pause' });
    expect(await inspectState(h.socket, id)).toBe('paused');
    await waitFor(() => rt.engines.get(h.id).containers.get(id)?.state === 'paused', 2000, 'snapshot paused');
    await containerAction(rt, admin, h.id, id, { action: 'unpause' });
    expect(await inspectState(h.socket, id)).toBe('running');

    const logs = await containerLogs(rt, admin, h.id, id, { tail: '10' });
    expect(logs.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stream: 'stdout', text: 'out' }),
        expect.objectContaining({ stream: 'stderr', text: 'err' }),
      ]),
    );
    expect(logs.lines[0]?.ts).toMatch(/^\d{4}-\d\d-\d\dT/);

    const top = await containerTop(rt, admin, h.id, id);
    expect(top.processes.some((p) => p.join(' ').includes('sleep 300'))).toBe(true);

    await containerAction(rt, admin, h.id, id, { action: 'kill', signal: 'SIGKILL' });
    expect(await inspectState(h.socket, id)).toBe('exited');
    await waitFor(() => rt.engines.get(h.id).containers.get(id)?.exitCode === 137, 2000, 'exit code 137');

    await containerAction(rt, admin, h.id, id, { action: 'restart', timeout: 0 });
    expect(await inspectState(h.socket, id)).toBe('running');
    await containerAction(rt, admin, h.id, id, { action: 'stop', timeout: 0 });
    expect(await inspectState(h.socket, id)).toBe('exited');

    await containerAction(rt, admin, h.id, id, { action: 'rename', name: `${cname}-renamed` });
    expect(await docker(h.socket, 'inspect', '-f', '{{.Name}}', id)).toBe(`/${cname}-renamed`);

    const detail = await getContainer(rt, admin, h.id, id);
    expect(detail).toMatchObject({ name: `${cname}-renamed`, state: 'exited', hostName: name });
    expect(detail.raw.Id).toBe(id);

    await containerAction(rt, admin, h.id, id, { action: 'remove' });
    await expect(docker(h.socket, 'inspect', id)).rejects.toThrow();
    const rec = await waitFor(() => listDeletedContainers(rt, admin, h.id).find((d) => d.id === id), 2000, 'deleted record');
    expect(rec).toMatchObject({ name: `${cname}-renamed`, image: rig.SEED_BUSYBOX, deletedBy: 'admin', exitCode: expect.any(Number) });
  });
});

describe('refusals and errors', () => {
  it("shows the engine's refusal in words: pausing a stopped container", async () => {
    const h = hosts[0]!;
    const id = await docker(h.socket, 'create', '--label', label, rig.SEED_BUSYBOX, 'true');
    await expect(containerAction(rt, admin, h.id, id, { action: 'pause' })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/is not running/),
    });
    // Like the CLI, stopping a container that is not running is done, with nothing to do.
    await expect(containerAction(rt, admin, h.id, id, { action: 'stop' })).resolves.toMatchObject({ ok: true, unchanged: true });
    await expect(containerAction(rt, admin, h.id, id, { action: 'unpause' })).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/is not paused/),
    });
    await expect(containerAction(rt, admin, h.id, 'no-such-container-xyz', { action: 'start' })).rejects.toMatchObject({ status: 404 });
    await expect(containerAction(rt, admin, h.id, id, { action: 'kill', signal: 'NOT A SIGNAL' })).rejects.toMatchObject({ status: 400 });
    await expect(containerAction(rt, admin, h.id, id, { action: 'rename', name: '-bad' })).rejects.toMatchObject({ status: 400 });
    const audit = rt.db.prepare("SELECT result, detail FROM audit WHERE action = 'container.pause' ORDER BY id DESC LIMIT 1").get();
    expect(audit).toMatchObject({ result: 'error', detail: expect.stringMatching(/is not running/) });
  });

  it('records a container removed with the CLI as deleted, by nobody in Wharf', async () => {
    const h = hosts[1]!;
    const id = await docker(
      h.socket,
      'run',
      '-d',
      '--label',
      label,
      '--name',
      `wharf-cli-rm-${Date.now()}`,
      rig.SEED_BUSYBOX,
      'sh',
      '-c',
      'exit 3',
    );
    expect(await docker(h.socket, 'wait', id)).toBe('3');
    await waitFor(() => rt.engines.get(h.id).containers.get(id)?.exitCode === 3, 3000, 'exit code 3 seen');
    await docker(h.socket, 'rm', id);
    const rec = await waitFor(() => listDeletedContainers(rt, admin, h.id).find((d) => d.id === id), 2000, 'deleted record');
    expect(rec).toMatchObject({ exitCode: 3, deletedBy: null });
  });

  it('runs a bulk action across hosts, each target answering for itself', async () => {
    const a = await docker(hosts[0]!.socket, 'run', '-d', '--label', label, rig.SEED_BUSYBOX, 'sleep', '300');
    const b = await docker(hosts[1]!.socket, 'run', '-d', '--label', label, rig.SEED_BUSYBOX, 'sleep', '300');
    const c = await docker(hosts[2]!.socket, 'create', '--label', label, rig.SEED_BUSYBOX, 'true');
    const results = await bulkAction(rt, admin, {
      action: { action: 'pause' },
      targets: [
        { hostId: hosts[0]!.id, id: a },
        { hostId: hosts[1]!.id, id: b },
        { hostId: hosts[2]!.id, id: c },
      ],
    });
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(results[2]!.message).toMatch(/is not running/);
    expect(await inspectState(hosts[0]!.socket, a)).toBe('paused');
    expect(await inspectState(hosts[1]!.socket, b)).toBe('paused');
  });
});
