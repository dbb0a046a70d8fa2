import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLine, StatsSample } from '@/server/contracts/containers';
import { openLiveStreams, type WharfServer } from '@/server/realtime';
import type { Runtime } from '@/server/runtime';
import { containerAction } from '@/server/services/containers';
import { startHarness, type Harness } from '../support/harness';
import { busyEngineConnections } from '../support/engine-resources';
import { docker, loadRig, waitFor } from '../support/rig';

const rig = loadRig();
const label = 'wharf.test=integration-realtime';
let h: Harness;
let rt: Runtime;
let io: WharfServer;
let base = '';
let cookie = '';
let host = '';
const sockets: Socket[] = [];

function client(): Promise<Socket> {
  const s = connect(base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.on('connect', () => resolve(s));
    s.on('connect_error', reject);
  });
}
const ask = <T>(s: Socket, event: string, payload: unknown) =>
  new Promise<{ ok: boolean; data?: T; message?: string }>((resolve) => s.emit(event, payload, resolve));

beforeAll(async () => {
  h = await startHarness('rt', rig.MAIN_SOCKET, label);
  ({ rt, io, base, cookie, host } = h);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await h.close();
});

describe('live updates over socket.io', () => {
  it('refuses a socket without a session', async () => {
    const s = connect(base, { transports: ['websocket'], reconnection: false });
    sockets.push(s);
    const err = await new Promise<Error>((resolve) => s.on('connect_error', resolve));
    expect(err.message).toBe('UNAUTHENTICATED');
  });

  it('follows logs and stats; the streams end when the container stops and resume when it starts; nothing leaks', async () => {
    const s = await client();
    const id = await docker(rig.MAIN_SOCKET, 'run', '-d', '--label', label, rig.SEED_SLEEPER);
    const lines: LogLine[] = [];
    const samples: StatsSample[] = [];
    const ended: string[] = [];
    s.on('logs.lines', (p: { id: string; lines: LogLine[] }) => p.id === id && lines.push(...p.lines));
    s.on('logs.ended', () => ended.push('logs'));
    s.on('stats.sample', (p: { id: string; sample: StatsSample }) => p.id === id && samples.push(p.sample));
    s.on('stats.ended', () => ended.push('stats'));

    expect(await ask(s, 'logs.subscribe', { hostId: host, id })).toEqual({ ok: true, data: { following: true } });
    expect(await ask(s, 'stats.subscribe', { hostId: host, id })).toEqual({ ok: true, data: { following: true } });
    // A second browser on the same container shares the engine stream.
    const s2 = await client();
    await ask(s2, 'logs.subscribe', { hostId: host, id });
    expect(openLiveStreams(io)).toBe(2);

    await waitFor(() => lines.some((l) => /tick/.test(l.text)), 4000, 'a log line after subscribing');
    await waitFor(() => samples.length >= 1, 5000, 'a stats sample');
    expect(samples[0]!.memoryUsed).toBeGreaterThan(0);

    await containerAction(rt, { id: 1, username: 'admin', role: 'admin', hosts: 'all' }, host, id, { action: 'stop', timeout: 5 });
    await waitFor(() => ended.includes('logs') && ended.includes('stats'), 8000, 'streams ended on stop');
    const before = lines.length;
    await docker(rig.MAIN_SOCKET, 'start', id);
    await waitFor(() => lines.length > before, 5000, 'logs resumed on start');

    await ask(s, 'logs.unsubscribe', { hostId: host, id });
    expect(openLiveStreams(io)).toBe(2); // s2 still follows the logs, s the stats
    s2.close();
    await ask(s, 'stats.unsubscribe', { hostId: host, id });
    await waitFor(() => openLiveStreams(io) === 0, 2000, 'no engine stream left open');
  }, 30_000);

  it('a subscribe/unsubscribe race leaves no stale stream: a later subscriber gets each line once and stats at the normal rate', async () => {
    const id = await docker(
      rig.MAIN_SOCKET,
      'run',
      '-d',
      '--init',
      '--label',
      label,
      rig.SEED_BUSYBOX,
      'sh',
      '-c',
      'i=0; while true; do i=$((i+1)); echo "n $i"; sleep 0.1; done',
    );
    await waitFor(() => rt.engines.get(host).containers.get(id)?.state === 'running', 5000, 'running');
    const ref = { hostId: host, id };
    const busy = () => busyEngineConnections(rig.MAIN_SOCKET);
    const baseline = await waitFor(() => (busy() >= 1 ? busy() : null), 5000, 'the events stream');

    // Subscribe and leave again and again without waiting, so rooms close and re-open while their streams are opening.
    await Promise.all(
      Array.from({ length: 4 }, async (_, k) => {
        const s = await client();
        for (let j = 0; j < 6; j++) {
          for (const kind of ['logs', 'stats']) {
            s.emit(`${kind}.subscribe`, ref);
            s.emit(`${kind}.unsubscribe`, ref);
          }
        }
        s.emit('logs.subscribe', ref);
        s.emit('stats.subscribe', ref);
        await new Promise((r) => setTimeout(r, 20 * k));
        s.close();
      }),
    );
    await waitFor(() => openLiveStreams(io) === 0, 5000, 'no live stream once everyone left');
    await waitFor(() => busy() <= baseline, 5000, `engine connections back to ${baseline} (now ${busy()})`);

    const s = await client();
    const seen: number[] = [];
    const samples: StatsSample[] = [];
    s.on('logs.lines', (p: { id: string; lines: LogLine[] }) => {
      if (p.id === id) for (const l of p.lines) seen.push(Number(/n (\d+)/.exec(l.text)?.[1]));
    });
    s.on('stats.sample', (p: { id: string; sample: StatsSample }) => p.id === id && samples.push(p.sample));
    expect(await ask(s, 'logs.subscribe', ref)).toEqual({ ok: true, data: { following: true } });
    expect(await ask(s, 'stats.subscribe', ref)).toEqual({ ok: true, data: { following: true } });
    await waitFor(() => samples.length >= 1, 5000, 'a first stats sample');
    const from = Date.now();
    const before = samples.length;
    await new Promise((r) => setTimeout(r, 3000));
    expect(seen.length).toBeGreaterThan(10);
    // Every line exactly once, in order, none missing.
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => seen[0]! + i));
    // The engine sends one stats frame a second: 3 s give 2–4 of them, not a multiple.
    const rate = ((samples.length - before) * 1000) / (Date.now() - from);
    expect(rate).toBeLessThan(1.7);
    expect(openLiveStreams(io)).toBe(2);
    await ask(s, 'logs.unsubscribe', ref);
    await ask(s, 'stats.unsubscribe', ref);
    await waitFor(() => openLiveStreams(io) === 0, 2000, 'no live stream left');
    await waitFor(() => busy() <= baseline, 5000, `engine connections back to ${baseline} (now ${busy()})`);
    await docker(rig.MAIN_SOCKET, 'rm', '-f', '-v', id);
  }, 30_000);
});
