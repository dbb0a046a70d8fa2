import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSummary } from '@/server/contracts/engines';
import { EngineRegistry } from '@/server/engines/registry';
import type { DockerEvent } from '@/server/engines/hub';
import { docker, loadRig, script, TEST_LABEL, waitFor } from '../support/rig';

const rig = loadRig();
const label = `${TEST_LABEL}=integration-hub`;
const timing = { heartbeatMs: 1000, heartbeatTimeoutMs: 1500, backoffMinMs: 200, backoffMaxMs: 1000 };

describe('engine hub on a real engine', () => {
  const registry = new EngineRegistry(timing);
  const latest = new Map<string, EngineSummary>();
  registry.on('engine.status', (s) => latest.set(s.id, s));
  const counts = () => latest.get('e2')?.counts;

  beforeAll(async () => {
    registry.add('e2', 'engine2', { kind: 'socket', name: 'engine2', socketPath: rig.ENGINE2_SOCKET });
    await waitFor(() => latest.get('e2')?.status === 'online', 15_000, 'engine2 online');
  });
  afterAll(async () => {
    registry.close();
    await docker(rig.ENGINE2_SOCKET, 'ps', '-aq', '--filter', `label=${label}`).then(async (ids) => {
      if (ids) await docker(rig.ENGINE2_SOCKET, 'rm', '-f', '-v', ...ids.split('\n'));
    });
  });

  it('holds exactly one /events stream for the engine', () => {
    expect(registry.get('e2').eventStreams).toBe(1);
  });

  it('reports host facts from docker info', () => {
    const s = latest.get('e2')!;
    expect(s.info?.dockerVersion).toMatch(/^\d+\.\d+/);
    expect(s.info?.cpus).toBeGreaterThan(0);
    expect(s.counts?.images).toBeGreaterThan(0);
  });

  it('moves the counts within a second when the docker CLI changes a container', async () => {
    const before = counts()!;
    const id = await docker(rig.ENGINE2_SOCKET, 'run', '-d', '--label', label, rig.SEED_BUSYBOX, 'sleep', '300');
    let t = Date.now();
    await waitFor(() => counts()!.running === before.running + 1, 1000, 'running +1');
    const startLatency = Date.now() - t;

    await docker(rig.ENGINE2_SOCKET, 'pause', id);
    t = Date.now();
    await waitFor(() => counts()!.paused === before.paused + 1 && counts()!.running === before.running, 1000, 'paused +1');
    expect(registry.get('e2').containers.get(id)?.state).toBe('paused');

    await docker(rig.ENGINE2_SOCKET, 'unpause', id);
    await waitFor(() => counts()!.running === before.running + 1, 1000, 'running again');

    await docker(rig.ENGINE2_SOCKET, 'stop', '-t', '0', id);
    await waitFor(() => counts()!.stopped === before.stopped + 1, 1000, 'stopped +1');
    expect(registry.get('e2').containers.get(id)?.exitCode).not.toBeNull();

    const removed: string[] = [];
    registry.on('container.removed', (r) => removed.push(r.id));
    await docker(rig.ENGINE2_SOCKET, 'rm', id);
    await waitFor(() => removed.includes(id), 1000, 'container.removed');
    await waitFor(() => counts()!.total === before.total, 1000, 'total back to before');
    expect(startLatency).toBeLessThan(1000);
  });

  it('shows the engine offline within 5 s when dockerd dies, and back online when it returns', async () => {
    await script('engine2.sh', 'stop');
    const t = Date.now();
    await waitFor(() => latest.get('e2')?.status === 'offline', 5000, 'offline');
    expect(Date.now() - t).toBeLessThan(5000);
    expect(latest.get('e2')?.lastError).toBeTruthy();
    expect(registry.get('e2').eventStreams).toBe(0);
    await script('engine2.sh', 'start');
    await waitFor(() => latest.get('e2')?.status === 'online', 20_000, 'online again');
    expect(registry.get('e2').eventStreams).toBe(1);
  }, 60_000);
});

describe('resuming events with `since` after the connection drops', () => {
  it('replays a change made while Wharf was cut off (TCP proxy cut as fault injection)', async () => {
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      const upstream = net.connect(rig.ENGINE2_SOCKET);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => s.destroy());
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as net.AddressInfo).port;

    const registry = new EngineRegistry(timing);
    const seen: DockerEvent[] = [];
    let status = 'connecting';
    registry.on('engine.status', (s) => (status = s.status));
    registry.on('engine.event', ({ event }) => seen.push(event));
    registry.add('px', 'proxied', { kind: 'tcp', name: 'proxied', host: '127.0.0.1', port });
    try {
      await waitFor(() => status === 'online', 15_000, 'online through proxy');
      // A first event so the hub has a position in the stream to resume from.
      await docker(rig.ENGINE2_SOCKET, 'create', '--label', label, '--name', 'wharf-since-a', rig.SEED_BUSYBOX, 'true');
      await waitFor(() => seen.some((e) => e.Action === 'create'), 2000, 'first create event');

      // Cut the link: stop accepting and drop every connection.
      await new Promise<void>((r) => {
        proxy.close(() => r());
        for (const s of sockets) s.destroy();
      });
      await waitFor(() => status === 'offline', 5000, 'offline after the cut');

      const missedId = await docker(rig.ENGINE2_SOCKET, 'create', '--label', label, '--name', 'wharf-since-b', rig.SEED_BUSYBOX, 'true');
      await docker(rig.ENGINE2_SOCKET, 'rm', missedId);

      await new Promise<void>((r) => proxy.listen(port, '127.0.0.1', r));
      await waitFor(() => status === 'online', 15_000, 'online after the cut');
      const idOf = (e: DockerEvent) => e.Actor?.ID ?? e.id;
      await waitFor(() => seen.some((e) => idOf(e) === missedId && e.Action === 'destroy'), 3000, 'destroy replayed');
      const replayed = seen.filter((e) => idOf(e) === missedId).map((e) => e.Action);
      expect(replayed).toEqual(expect.arrayContaining(['create', 'destroy']));
    } finally {
      registry.close();
      proxy.close();
      for (const s of sockets) s.destroy();
      await docker(rig.ENGINE2_SOCKET, 'rm', '-f', '-v', 'wharf-since-a').catch(() => undefined);
    }
  }, 60_000);
});
