import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsSample } from '@/server/contracts/containers';
import { keptStatsRings, openLiveStreams } from '@/server/realtime';
import { startHarness, type Harness } from '../support/harness';
import { docker, loadRig, waitFor } from '../support/rig';

const rig = loadRig();
const label = 'wharf.test=integration-stats-history';
const LINGER_S = 3;
let h: Harness;
const sockets: Socket[] = [];

function client(): Promise<Socket> {
  const s = connect(h.base, { transports: ['websocket'], extraHeaders: { cookie: h.cookie }, reconnection: false });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.on('connect', () => resolve(s));
    s.on('connect_error', reject);
  });
}
const ask = (s: Socket, event: string, payload: unknown) =>
  new Promise<{ ok: boolean; data?: { following: boolean } }>((resolve) => s.emit(event, payload, resolve));

/** One subscriber's view: what came as history, and the live samples, in arrival order. */
function watch(s: Socket, id: string) {
  const got: { history: StatsSample[] | null; live: StatsSample[]; liveBeforeHistory: number } = {
    history: null,
    live: [],
    liveBeforeHistory: 0,
  };
  s.on('stats.history', (p: { id: string; samples: StatsSample[] }) => {
    if (p.id === id) got.history = p.samples;
  });
  s.on('stats.sample', (p: { id: string; sample: StatsSample }) => {
    if (p.id !== id) return;
    if (got.history === null) got.liveBeforeHistory++;
    got.live.push(p.sample);
  });
  return got;
}

beforeAll(async () => {
  h = await startHarness('stats-history', rig.MAIN_SOCKET, label, { env: { WHARF_STATS_LINGER_SECONDS: String(LINGER_S) } });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await h.close();
});

describe('stats that start full', () => {
  it('keeps a ring while watched and for the linger after; a return within it gets the earlier samples at once; then stream and ring go', async () => {
    const id = await docker(rig.MAIN_SOCKET, 'run', '-d', '--label', label, rig.SEED_SLEEPER);
    const ref = { hostId: h.host, id };

    // First visit: nothing kept yet, live samples follow.
    const s1 = await client();
    const first = watch(s1, id);
    expect(await ask(s1, 'stats.subscribe', ref)).toEqual({ ok: true, data: { following: true } });
    expect(first.history).toEqual([]);
    await waitFor(() => first.live.length >= 3, 10_000, 'three live samples');
    expect(first.liveBeforeHistory).toBe(0);

    // Leaving: the engine stream and the ring stay for the linger.
    await ask(s1, 'stats.unsubscribe', ref);
    s1.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(openLiveStreams(h.io)).toBe(1);
    expect(keptStatsRings(h.io)).toBe(1);

    // Coming back within the linger: the history arrives before any live sample, with what the first visit saw and more.
    const s2 = await client();
    const second = watch(s2, id);
    await ask(s2, 'stats.subscribe', ref);
    expect(second.liveBeforeHistory).toBe(0);
    const history = second.history!;
    expect(history.length).toBeGreaterThanOrEqual(first.live.length);
    for (let i = 1; i < history.length; i++) expect(history[i]!.t).toBeGreaterThan(history[i - 1]!.t);
    expect(history.map((x) => x.t)).toEqual(expect.arrayContaining(first.live.map((x) => x.t)));
    expect(history[0]!.memoryUsed).toBeGreaterThan(0);
    await waitFor(() => second.live.length >= 1, 5000, 'a live sample after the history');
    expect(second.live[0]!.t).toBeGreaterThan(history[history.length - 1]!.t);

    // A socket drop counts as leaving too; after the linger the stream is destroyed and the ring dropped.
    s2.disconnect();
    const left = Date.now();
    await new Promise((r) => setTimeout(r, 500));
    expect(openLiveStreams(h.io)).toBe(1);
    await waitFor(
      () => openLiveStreams(h.io) === 0 && keptStatsRings(h.io) === 0,
      (LINGER_S + 3) * 1000,
      'the stream and ring gone after the linger',
    );
    expect(Date.now() - left).toBeGreaterThanOrEqual(LINGER_S * 1000 - 100);

    // A visit after that starts empty again.
    const s3 = await client();
    const third = watch(s3, id);
    await ask(s3, 'stats.subscribe', ref);
    expect(third.history).toEqual([]);
    await ask(s3, 'stats.unsubscribe', ref);
  }, 40_000);
});
