import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as eventsRoute } from '@/app/api/events/route';
import { loadConfig } from '@/server/config';
import type { SessionUser } from '@/server/contracts/auth';
import { compareEventsDesc, EVENTS_SNAPSHOT_SIZE, type EventPage, type WharfEvent } from '@/server/contracts/events';
import type { DockerEvent } from '@/server/engines/hub';
import { eventPage } from '@/server/services/events';
import { setRuntime } from '@/server/runtime';
import { listEvents } from '@/server/store/events';
import { liveClient, subscribeView } from '../support/live-client';
import { startHarness, type Harness } from '../support/harness';
import { docker, loadRig, script, waitFor } from '../support/rig';

const rig = loadRig();
const LABEL = 'wharf.test=events';
// The rig's second engine: the restart test stops and starts it.
const engine2 = new Docker({ socketPath: rig.ENGINE2_SOCKET });
let h: Harness;
const sockets: Socket[] = [];

/** Every stored event whose actor name contains `name`, paged through GET /api/events `limit` at a time. */
async function allPages(name: string, limit = 100): Promise<{ events: WharfEvent[]; pages: number }> {
  const events: WharfEvent[] = [];
  let before: string | null = null;
  let pages = 0;
  do {
    const q = new URLSearchParams({ host: h.host, name, limit: String(limit), ...(before ? { before } : {}) });
    const res = await eventsRoute(new Request(`http://wharf.test/api/events?${q}`, { headers: { cookie: h.cookie } }));
    expect(res.status).toBe(200);
    const page = (await res.json()) as EventPage;
    events.push(...page.events);
    before = page.next;
    pages++;
  } while (before);
  return { events, pages };
}

const stored = async (name: string) => (await allPages(name, 1000)).events;

/** Creates and removes `n` labelled containers through the engine API, a few at a time: 2n events. */
async function burst(prefix: string, n: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const c = await engine2.createContainer({
        name: `${prefix}-${i}`,
        Image: rig.SEED_BUSYBOX,
        Cmd: ['true'],
        Labels: { 'wharf.test': 'events' },
      });
      await c.remove();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

beforeAll(async () => {
  h = await startHarness('events', rig.ENGINE2_SOCKET, LABEL, {
    engine: { kind: 'socket', name: 'engine2', socketPath: rig.ENGINE2_SOCKET },
  });
  setRuntime(h.rt);
}, 30_000);
afterAll(async () => {
  setRuntime(undefined);
  for (const s of sockets) s.close();
  await h?.close();
});

describe("Wharf's event store", () => {
  it('stores more than the engine keeps (300 events, 256 at most replayed by the engine), in batches, all pageable', async () => {
    const batches: number[] = [];
    h.rt.events.on('stored', (evs) => batches.push(evs.length));
    const since = Math.floor(Date.now() / 1000) - 1;
    await burst('events-burst', 150);
    const events = await waitFor(
      async () => {
        const evs = await stored('events-burst-');
        return evs.length >= 300 ? evs : null;
      },
      10_000,
      '300 stored events',
    );
    expect(events).toHaveLength(300);
    for (let i = 0; i < 150; i++) {
      const mine = events.filter((e) => e.actorName === `events-burst-${i}`).map((e) => e.action);
      expect(mine.sort()).toEqual(['create', 'destroy']);
    }
    // The same events, 100 a page: three pages, newest first, nothing twice.
    const paged = await allPages('events-burst-', 100);
    expect(paged.pages).toBe(3);
    expect(paged.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(new Set(paged.events.map((e) => e.id)).size).toBe(300);
    expect([...paged.events].sort(compareEventsDesc)).toEqual(paged.events);
    expect(paged.events.every((e) => /^\d{19}$/.test(e.timeNano) && e.attributes['wharf.test'] === 'events')).toBe(true);
    // One transaction per batch, not per event.
    expect(batches.length).toBeLessThan(150);

    // What the engine itself still has of that moment: its ring of the last 256 only.
    const replay = await new Promise<number>((resolve, reject) => {
      engine2.getEvents({ since, until: Math.floor(Date.now() / 1000) + 1 }, (err, stream) => {
        if (err || !stream) return reject(err ?? new Error('no stream'));
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
        stream.on('end', () => resolve(text.split('\n').filter(Boolean).length));
        stream.on('error', reject);
      });
    });
    expect(replay).toBeLessThanOrEqual(256);
  }, 30_000);

  it('filters by type, action and name, and refuses a bad cursor in words', async () => {
    const q = new URLSearchParams({ host: h.host, type: 'container', action: 'destroy', name: 'events-burst-1' });
    const res = await eventsRoute(new Request(`http://wharf.test/api/events?${q}`, { headers: { cookie: h.cookie } }));
    const page = (await res.json()) as EventPage;
    // events-burst-1, -10..-19, -100..-149: 1 + 10 + 50 containers.
    expect(page.events).toHaveLength(61);
    expect(page.events.every((e) => e.action === 'destroy' && e.type === 'container' && e.actorName.startsWith('events-burst-1'))).toBe(
      true,
    );

    const bad = await eventsRoute(new Request(`http://wharf.test/api/events?before=yesterday`, { headers: { cookie: h.cookie } }));
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { ok: boolean; code: string; message: string };
    expect(body.code).toBe('VALIDATION');
    expect(body.message).toMatch(/cursor/);
    // An exec action carries its command, quotes and all: a filter, not an error.
    const exec = new URLSearchParams({ host: h.host, action: `exec_start: sh -c 'echo "hi"'` });
    expect((await eventsRoute(new Request(`http://wharf.test/api/events?${exec}`, { headers: { cookie: h.cookie } }))).status).toBe(200);
  });

  it('shows a user only the hosts granted to them', () => {
    const viewer: SessionUser = { id: 999, username: 'events-viewer', role: 'viewer', hosts: [] };
    expect(() => eventPage(h.rt, viewer, { host: h.host })).toThrow(/no access to this host \(hosts\.read\)/);
    expect(eventPage(h.rt, viewer, {}).events).toEqual([]);
    const granted: SessionUser = { ...viewer, hosts: [h.host] };
    expect(eventPage(h.rt, granted, { name: 'events-burst-', limit: '5' }).events).toHaveLength(5);
  });

  it('the live events view: the newest from the store as its snapshot, then a CLI change as a delta', async () => {
    const { s, deltas } = await liveClient(h.base, h.cookie, sockets);
    const snap = await subscribeView(s, { kind: 'events', hostId: h.host });
    const data = snap.streams[0]!.data;
    if (data.kind !== 'events') throw new Error('not an events stream');
    expect(data.events).toHaveLength(EVENTS_SNAPSHOT_SIZE);
    expect([...data.events].sort(compareEventsDesc)).toEqual(data.events);
    const all = await subscribeView(s, { kind: 'events' });
    expect(all.streams.map((st) => st.stream)).toEqual([`events:${h.host}`]);

    await docker(rig.ENGINE2_SOCKET, 'create', '--label', LABEL, '--name', 'events-live', rig.SEED_BUSYBOX, 'true');
    const delta = await waitFor(
      () => deltas.find((d) => d.op.op === 'events' && d.op.events.some((e) => e.actorName === 'events-live' && e.action === 'create')),
      5000,
      'the create as a delta',
    );
    expect(delta.stream).toBe(`events:${h.host}`);
    expect(delta.rev).toBeGreaterThan(snap.streams[0]!.rev);
    // Joined by two views, sent once.
    expect(deltas.filter((d) => d.rev === delta.rev && d.stream === delta.stream)).toHaveLength(1);
    await docker(rig.ENGINE2_SOCKET, 'rm', 'events-live');
  });

  it('stores nothing twice when the engine replays after a reconnect', async () => {
    const hub = h.rt.engines.get(h.host);
    const seen: DockerEvent[] = [];
    const mine = (e: { actorName?: string }) => !!e.actorName?.startsWith('events-replay-');
    h.rt.engines.on('engine.event', ({ event }) => seen.push(event));
    await burst('events-replay', 5);
    await waitFor(async () => (await stored('events-replay-')).length === 10, 5000, '10 stored');
    const { s, deltas } = await liveClient(h.base, h.cookie, sockets);
    await subscribeView(s, { kind: 'events', hostId: h.host });
    const first = (await stored('events-replay-')).at(-1)!;
    // Resume from the second of the first of them (as after a cut within that second), then cut the stream.
    const internals = hub as unknown as { lastEventTime: number; events: Readable };
    internals.lastEventTime = Math.floor(Number(BigInt(first.timeNano) / 1_000_000_000n));
    seen.length = 0;
    internals.events.destroy();
    await waitFor(() => hub.status === 'offline', 5000, 'offline after the cut');
    await waitFor(() => hub.status === 'online', 15_000, 'online again');
    // The engine did send them again…
    await waitFor(() => seen.filter((e) => mine({ actorName: e.Actor?.Attributes?.name })).length >= 10, 5000, 'the replay');
    h.rt.events.flush();
    await new Promise((r) => setTimeout(r, 200));
    // …and the store kept one of each, and no live view was sent them again.
    expect(await stored('events-replay-')).toHaveLength(10);
    expect(deltas.flatMap((d) => (d.op.op === 'events' ? d.op.events : [])).filter(mine)).toEqual([]);
  }, 30_000);

  it('keeps its events across an engine restart, and records new ones after it', async () => {
    const hub = h.rt.engines.get(h.host);
    const beforeRestart = (await stored('events-burst-')).length;
    expect(beforeRestart).toBe(300);
    await script('engine2.sh', 'stop');
    await waitFor(() => hub.status === 'offline', 10_000, 'offline');
    await script('engine2.sh', 'start');
    await waitFor(() => hub.status === 'online', 30_000, 'online again');
    expect(await stored('events-burst-')).toHaveLength(300);
    await docker(rig.ENGINE2_SOCKET, 'create', '--label', LABEL, '--name', 'events-after-restart', rig.SEED_BUSYBOX, 'true');
    await waitFor(async () => (await stored('events-after-restart')).some((e) => e.action === 'create'), 5000, 'the new create stored');
    await docker(rig.ENGINE2_SOCKET, 'rm', 'events-after-restart');
  }, 60_000);

  it('retention: the oldest go past the row bound, and those older than the age bound', () => {
    const cfg = loadConfig({ WHARF_EVENTS_MAX_ROWS: '500', WHARF_EVENTS_MAX_DAYS: '2' });
    expect([cfg.eventsMaxRows, cfg.eventsMaxDays]).toEqual([500, 2]);
    expect(loadConfig({})).toMatchObject({ eventsMaxRows: 100_000, eventsMaxDays: 14 });

    // Synchronous from here: no batch is written in between.
    h.rt.events.flush();
    const everything = listEvents(h.rt.db, { hostIds: null, limit: 1_000_000 });
    expect(everything.length).toBeGreaterThan(300);
    // By count: 250 fewer allowed; the 250 oldest go.
    h.rt.config.eventsMaxRows = everything.length - 250;
    expect(h.rt.events.prune()).toBe(250);
    const kept = listEvents(h.rt.db, { hostIds: null, limit: 1_000_000 });
    expect(kept.map((e) => e.id)).toEqual(everything.slice(0, everything.length - 250).map((e) => e.id));

    // By age: with the clock two days past the middle event, everything older than it goes.
    h.rt.config.eventsMaxRows = 100_000;
    const cut = kept[Math.floor(kept.length / 2)]!;
    const cutMs = Number(BigInt(cut.timeNano) / 1_000_000n);
    const stays = kept.filter((e) => BigInt(e.timeNano) >= BigInt(cutMs) * 1_000_000n);
    expect(stays.length).toBeLessThan(kept.length);
    expect(h.rt.events.prune(cutMs + 14 * 86_400_000)).toBe(kept.length - stays.length);
    expect(listEvents(h.rt.db, { hostIds: null, limit: 1_000_000 }).map((e) => e.id)).toEqual(stays.map((e) => e.id));
  });
});
