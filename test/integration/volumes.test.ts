import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import tar from 'tar-stream';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as downloadRoute } from '@/app/api/hosts/[hostId]/volumes/[name]/files/download/route';
import { POST as uploadRoute } from '@/app/api/hosts/[hostId]/volumes/[name]/files/route';
import { POST as removeRoute } from '@/app/api/hosts/[hostId]/volumes/[name]/remove/route';
import type { SessionUser } from '@/server/contracts/auth';
import type { Delta } from '@/server/contracts/live';
import type { VolumeSummary } from '@/server/contracts/volumes';
import { setRuntime } from '@/server/runtime';
import { diskUsage, prunePreview, runPrune } from '@/server/services/disk-usage';
import { downloadVolumePath, listVolumeFiles, sweepHelpers, uploadVolumeFile } from '@/server/services/volume-browse';
import { createVolume, removeVolume } from '@/server/services/volumes';
import { listAudit } from '@/server/store/audit';
import { listDeleted } from '@/server/store/deleted';
import { startHarness, type Harness } from '../support/harness';
import { liveClient, subscribeView } from '../support/live-client';
import { docker, loadRig, waitFor } from '../support/rig';

// Helpers made here carry the test label too, so the checks below count only this file's.
process.env.WHARF_HELPER_LABELS = 'wharf.test=volumes';

const rig = loadRig();
const execFileP = promisify(execFile);
const LABEL = 'wharf.test=volumes';
const run = Date.now().toString(36);
const vol = (what: string) => `wharf-test-volumes-${what}-${run}`;
let h: Harness;
const sockets: Socket[] = [];
const cli = (...args: string[]) => docker(rig.MAIN_SOCKET, ...args);
const viewer: SessionUser = { id: 9999, username: 'viewer', role: 'viewer', hosts: 'all' };
let admin: SessionUser;

const helpers = async () =>
  (await cli('ps', '-aq', '--filter', 'label=wharf.helper=volume-browse', '--filter', `label=${LABEL}`)).split('\n').filter(Boolean);
const noHelpers = () => waitFor(async () => (await helpers()).length === 0, 10_000, 'helper containers removed');
const collect = async (s: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};
const tarNames = async (buf: Buffer) => {
  const names: string[] = [];
  const ex = tar.extract();
  await new Promise<void>((resolve, reject) => {
    ex.on('entry', (hd, s, next) => {
      names.push(hd.name);
      s.on('end', next);
      s.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
    ex.end(buf);
  });
  return names;
};
/** Fills a volume through a throwaway labelled container. */
const fill = (name: string, script: string) =>
  cli('run', '--rm', '--label', LABEL, '-v', `${name}:/v`, rig.SEED_BUSYBOX, 'sh', '-c', script);

beforeAll(async () => {
  h = await startHarness('volumes', rig.MAIN_SOCKET, LABEL);
  setRuntime(h.rt);
  admin = { id: 1, username: 'admin', role: 'admin', hosts: 'all' };
});
afterAll(async () => {
  for (const s of sockets) s.close();
  setRuntime(undefined);
  await h.close();
  const left = (await cli('volume', 'ls', '-q', '--filter', `label=${LABEL}`)).split('\n').filter((v) => v.endsWith(run));
  if (left.length) await cli('volume', 'rm', '-f', ...left).catch(() => undefined);
  await cli('network', 'rm', `wharf-test-volumes-net-${run}`).catch(() => undefined);
});

describe('volumes, live', () => {
  it('lists CLI and Wharf volumes live, with users and their states; removal is refused while in use, naming them', async () => {
    const { s, deltas } = await liveClient(h.base, h.cookie, sockets);
    const snap = await subscribeView(s, { kind: 'volumes', hostId: h.host });
    expect(snap.streams[0]!.data.kind).toBe('volumes');
    const latest = (): VolumeSummary[] => {
      const d = [...deltas].reverse().find((x: Delta) => x.op.op === 'volumes');
      return d && d.op.op === 'volumes' ? d.op.volumes : [];
    };

    // Made with the CLI: it shows up from the engine's event.
    await cli('volume', 'create', '--label', LABEL, vol('cli'));
    await waitFor(() => latest().some((v) => v.name === vol('cli')), 5_000, 'CLI volume in the live list');

    // Made through Wharf, with driver options and labels; a viewer may not.
    await expect(createVolume(h.rt, viewer, h.host, { name: vol('x') })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('volumes.manage'),
    });
    const made = await createVolume(h.rt, admin, h.host, {
      name: vol('used'),
      driver: 'local',
      driverOpts: ['type=tmpfs', 'device=tmpfs', 'o=size=8m'],
      labels: [LABEL, 'purpose=test'],
    });
    expect(made).toMatchObject({
      name: vol('used'),
      driver: 'local',
      anonymous: false,
      labels: { 'wharf.test': 'volumes', purpose: 'test' },
    });
    expect(made.options).toEqual({ type: 'tmpfs', device: 'tmpfs', o: 'size=8m' });
    await expect(createVolume(h.rt, admin, h.host, { name: vol('used') })).rejects.toMatchObject({ status: 409 });
    await expect(createVolume(h.rt, admin, h.host, { name: vol('bad'), labels: ['novalue'] })).rejects.toMatchObject({ status: 400 });

    // Mounted in a labelled container: it is a user, with its state, live.
    const cname = `wharf-test-volumes-user-${run}`;
    await cli('run', '-d', '--name', cname, '--label', LABEL, '-v', `${vol('used')}:/data`, rig.SEED_SLEEPER);
    await waitFor(
      () =>
        latest()
          .find((v) => v.name === vol('used'))
          ?.usedBy.some((u) => u.name === cname && u.state === 'running'),
      5_000,
      'user running',
    );

    const res = await removeRoute(new Request(`http://wharf.test/x`, { method: 'POST', headers: { cookie: h.cookie } }), {
      params: Promise.resolve({ hostId: h.host, name: vol('used') }),
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('CONFLICT');
    expect(body.message).toContain(cname);
    expect(body.message).toContain('running');

    await cli('stop', '-t', '0', cname);
    await waitFor(
      () =>
        latest()
          .find((v) => v.name === vol('used'))
          ?.usedBy.some((u) => u.state === 'exited'),
      5_000,
      'user exited',
    );
    await expect(removeVolume(h.rt, admin, h.host, vol('used'))).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining(`${cname} (exited)`),
    });

    await cli('rm', cname);
    await removeVolume(h.rt, admin, h.host, vol('used'));
    await waitFor(() => !latest().some((v) => v.name === vol('used')), 5_000, 'removed volume gone from the list');
    expect(await cli('volume', 'ls', '-q', '--filter', `name=${vol('used')}`)).toBe('');
    const audit = listAudit(h.rt.db, { limit: 50 }).map((a) => `${a.action} ${a.result}`);
    expect(audit).toEqual(expect.arrayContaining(['volume.create ok', 'volume.remove ok', 'volume.remove error']));

    // An anonymous volume is told apart from named ones.
    const anon = await cli('run', '-d', '--label', LABEL, '-v', '/anon', rig.SEED_SLEEPER);
    await waitFor(() => latest().some((v) => v.anonymous && v.usedBy.some((u) => u.id === anon)), 5_000, 'anonymous volume with its user');
    await cli('rm', '-f', '-v', anon);
  });

  it('prunes only labelled unused volumes; the preview lists exactly what goes and the engine reclaims what it said', async () => {
    await cli('volume', 'create', '--label', LABEL, vol('p1'));
    await cli('volume', 'create', '--label', LABEL, vol('p2'));
    await cli('volume', 'create', '--label', LABEL, vol('keep'));
    await fill(vol('p1'), 'head -c 300000 /dev/urandom > /v/blob');
    const keeper = await cli('run', '-d', '--label', LABEL, '-v', `${vol('keep')}:/k`, rig.SEED_SLEEPER);
    const hub = h.rt.engines.get(h.host);
    await waitFor(() => hub.volumeMounts.get(keeper)?.includes(vol('keep')), 5_000, 'keeper mount seen');

    const scope = { kind: 'volumes', mode: 'all', label: LABEL };
    const preview = await prunePreview(h.rt, admin, h.host, scope);
    const mine = preview.items.map((i) => i.name).filter((n) => n.endsWith(run));
    expect(mine.sort()).toEqual([vol('cli'), vol('p1'), vol('p2')].sort());
    expect(preview.keptInUse).toBeGreaterThanOrEqual(1);
    expect(preview.items.find((i) => i.name === vol('p1'))!.size).toBeGreaterThanOrEqual(300_000);
    await expect(prunePreview(h.rt, viewer, h.host, scope)).rejects.toMatchObject({ status: 403 });

    const result = await runPrune(h.rt, admin, h.host, scope);
    expect(result.removed.sort()).toEqual(preview.items.map((i) => i.name).sort());
    // SpaceReclaimed is the engine's own figure; it equals what the preview read from `docker system df`.
    expect(result.spaceReclaimed).toBe(preview.estimatedBytes);
    expect(result.spaceReclaimed).toBeGreaterThanOrEqual(300_000);
    expect(await cli('volume', 'ls', '-q', '--filter', `label=${LABEL}`)).toContain(vol('keep'));
    expect(listAudit(h.rt.db, { limit: 20 }).some((a) => a.action === 'volume.prune' && a.result === 'ok')).toBe(true);
    await cli('rm', '-f', '-v', keeper);
    await cli('volume', 'rm', vol('keep'));
  });
});

describe("a volume's files, through a short-lived helper", () => {
  const name = vol('files');
  beforeAll(async () => {
    await cli('volume', 'create', '--label', LABEL, name);
    await fill(name, 'mkdir -p /v/sub && printf hello > /v/sub/a.txt && head -c 6000000 /dev/zero > /v/big.bin');
  });
  afterAll(() => cli('volume', 'rm', '-f', name).catch(() => undefined));

  it('lists folders, downloads a file and a folder, uploads; the helper is gone after each', async () => {
    const root = await listVolumeFiles(h.rt, admin, h.host, name, '/');
    expect(root.entries.map((e) => `${e.type}:${e.name}`)).toEqual(['dir:sub', 'file:big.bin']);
    const sub = await listVolumeFiles(h.rt, admin, h.host, name, '/sub');
    expect(sub.entries).toMatchObject([{ name: 'a.txt', path: '/sub/a.txt', type: 'file', size: 5 }]);
    await expect(listVolumeFiles(h.rt, admin, h.host, name, '/nope')).rejects.toMatchObject({ status: 404 });
    await noHelpers();

    const file = await downloadVolumePath(h.rt, admin, h.host, name, '/sub/a.txt');
    expect(file.filename).toBe('a.txt');
    expect((await collect(file.stream)).toString()).toBe('hello');
    const folder = await downloadVolumePath(h.rt, admin, h.host, name, '/sub');
    expect(folder.filename).toBe('sub.tar');
    expect(await tarNames(await collect(folder.stream))).toEqual(expect.arrayContaining(['sub/', 'sub/a.txt']));
    await expect(downloadVolumePath(h.rt, viewer, h.host, name, '/sub/a.txt')).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('files.read'),
    });
    await noHelpers();

    // Upload through the route (multipart), read back with the CLI.
    const boundary = `----wharf${run}`;
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="dir"\r\n\r\n/sub\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="up.txt"\r\nContent-Type: text/plain\r\n\r\nuploaded into a volume\r\n` +
        `--${boundary}--\r\n`,
    );
    const up = await uploadRoute(
      new Request('http://wharf.test/x', {
        method: 'POST',
        headers: { cookie: h.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
      }),
      { params: Promise.resolve({ hostId: h.host, name }) },
    );
    expect(up.status).toBe(201);
    expect(await up.json()).toEqual({ path: '/sub/up.txt' });
    expect(await fill(name, 'cat /v/sub/up.txt')).toBe('uploaded into a volume');
    await expect(
      uploadVolumeFile(h.rt, admin, h.host, { volume: name, dir: '/sub/a.txt', name: 'x', data: Buffer.from('x') }),
    ).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      uploadVolumeFile(h.rt, viewer, h.host, { volume: name, dir: '/', name: 'x', data: Buffer.from('x') }),
    ).rejects.toMatchObject({ status: 403 });
    await noHelpers();
    const actions = listAudit(h.rt.db, { limit: 30 }).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['volume.download', 'volume.upload']));
    // Helpers are Wharf's own: their removal is not kept as a deleted container.
    expect(listDeleted(h.rt.db, h.host).filter((d) => 'wharf.helper' in d.labels)).toEqual([]);
  });

  it('removes the helper when the browser goes away mid-download, or before reading at all', async () => {
    const ac = new AbortController();
    const res = await downloadRoute(
      new Request(`http://wharf.test/x?path=${encodeURIComponent('/big.bin')}`, { headers: { cookie: h.cookie }, signal: ac.signal }),
      { params: Promise.resolve({ hostId: h.host, name }) },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('6000000');
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.value!.length).toBeGreaterThan(0);
    expect((await helpers()).length).toBe(1);
    ac.abort();
    await noHelpers();

    const ac2 = new AbortController();
    const res2 = await downloadRoute(
      new Request(`http://wharf.test/x?path=${encodeURIComponent('/big.bin')}`, { headers: { cookie: h.cookie }, signal: ac2.signal }),
      { params: Promise.resolve({ hostId: h.host, name }) },
    );
    expect(res2.status).toBe(200);
    ac2.abort();
    await noHelpers();
  });

  it('a host whose images have no shell is told which image is needed, and no helper is left', async () => {
    // A real image without /bin/sh: one text file imported as a root filesystem.
    const ctx = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-noshell-'));
    fs.writeFileSync(path.join(ctx, 'README'), 'no shell here\n');
    const tarFile = path.join(ctx, 'root.tar');
    await execFileP('tar', ['-C', ctx, '-cf', tarFile, 'README']);
    const ref = `wharf-test/volumes-noshell:${run}`;
    const id = await cli('import', '--change', `LABEL ${LABEL}`, tarFile, ref);
    fs.rmSync(ctx, { recursive: true, force: true });
    const hub = h.rt.engines.get(h.host);
    await waitFor(async () => hub.images.has(id), 10_000, 'the imported image in the hub');
    // Only the shell-less image is offered to the helper search, for this one call.
    const all = new Map(hub.images);
    try {
      for (const key of all.keys()) if (key !== id) hub.images.delete(key);
      await expect(listVolumeFiles(h.rt, admin, h.host, name, '/')).rejects.toMatchObject({
        status: 409,
        message: expect.stringMatching(/No image on .* has a shell \(\/bin\/sh and sleep\).*e\.g\. busybox/),
      });
    } finally {
      for (const [k, v] of all) hub.images.set(k, v);
    }
    await noHelpers();
    // With a shell image back, the same call works.
    expect((await listVolumeFiles(h.rt, admin, h.host, name, '/')).entries.length).toBeGreaterThan(0);
    await cli('rmi', ref).catch(() => undefined);
    await noHelpers();
  });

  it('a sweep removes helpers another Wharf left behind', async () => {
    await cli('create', '--label', 'wharf.helper=volume-browse', '--label', 'wharf.helper.owner=gone', '--label', LABEL, rig.SEED_BUSYBOX);
    expect((await helpers()).length).toBe(1);
    expect(await sweepHelpers(h.rt, h.rt.engines.get(h.host))).toBe(1);
    expect(await helpers()).toEqual([]);
  });
});

describe('disk usage and prunes', () => {
  it('the breakdown agrees with the engine', async () => {
    // Other suites change the engine meanwhile: compare one moment's answers, asked again if they moved.
    let ok = false;
    for (let i = 0; i < 4 && !ok; i++) {
      const [usage, cliRows] = await Promise.all([
        diskUsage(h.rt, admin, h.host, { fresh: true }),
        cli('system', 'df', '--format', '{{json .}}').then((out) =>
          out.split('\n').map((l) => JSON.parse(l) as { Type: string; TotalCount: number; Active: number }),
        ),
      ]);
      const want = Object.fromEntries(cliRows.map((r) => [r.Type, [Number(r.TotalCount), Number(r.Active)]]));
      const got = Object.fromEntries(usage.rows.map((r) => [r.kind, [r.count, r.active]]));
      ok =
        JSON.stringify([got.images, got.containers, got.volumes, got.buildCache]) ===
        JSON.stringify([want.Images, want.Containers, want['Local Volumes'], want['Build Cache']]);
      if (ok) {
        const raw = (await h.rt.engines.get(h.host).diskUsage(0)) as {
          LayersSize: number;
          Volumes: Array<{ UsageData: { Size: number } }>;
        };
        expect(usage.rows.find((r) => r.kind === 'images')!.totalBytes).toBe(raw.LayersSize);
        const vols = usage.rows.find((r) => r.kind === 'volumes')!;
        for (const r of usage.rows) expect(r.reclaimableBytes).toBeLessThanOrEqual(r.totalBytes);
        expect(vols.count).toBe(raw.Volumes.length);
      }
    }
    expect(ok).toBe(true);
    await expect(diskUsage(h.rt, null, h.host)).rejects.toMatchObject({ status: 401 });
  });

  it('prunes stopped labelled containers and unused labelled networks, previewed exactly', async () => {
    await cli('run', '--label', LABEL, rig.SEED_BUSYBOX, 'sh', '-c', 'head -c 200000 /dev/urandom > /junk');
    const b = await cli('create', '--label', LABEL, rig.SEED_BUSYBOX);
    const up = await cli('run', '-d', '--label', LABEL, rig.SEED_SLEEPER);
    const scope = { kind: 'containers', label: LABEL };
    const preview = await prunePreview(h.rt, admin, h.host, scope);
    const ids = preview.items.map((i) => i.id);
    expect(ids).toContain(b);
    expect(ids).not.toContain(up);
    expect(preview.estimatedBytes).toBeGreaterThanOrEqual(200_000);
    const result = await runPrune(h.rt, admin, h.host, scope);
    expect(result.removed.sort()).toEqual(ids.sort());
    expect(result.spaceReclaimed).toBe(preview.estimatedBytes);
    expect(await cli('ps', '-aq', '--no-trunc', '--filter', `label=${LABEL}`)).toBe(up);
    await cli('rm', '-f', '-v', up);

    const net = `wharf-test-volumes-net-${run}`;
    await cli('network', 'create', '--label', LABEL, net);
    const np = await prunePreview(h.rt, admin, h.host, { kind: 'networks', label: LABEL });
    expect(np.items.map((i) => i.name)).toEqual([net]);
    const nr = await runPrune(h.rt, admin, h.host, { kind: 'networks', label: LABEL });
    expect(nr.removed).toEqual([net]);
    await expect(prunePreview(h.rt, admin, h.host, { kind: 'buildCache', label: LABEL })).rejects.toMatchObject({ status: 400 });
    const actions = listAudit(h.rt.db, { limit: 30 }).map((x) => x.action);
    expect(actions).toEqual(expect.arrayContaining(['container.prune', 'network.prune']));
  });
});

describe('build cache prune, on the rig’s own second engine', () => {
  // The engine cannot scope a build-cache prune by label, so it runs only where everything is the rig's:
  // engine2, never the main engine (which may be the user's own on a developer's machine).
  let h2: Harness;
  beforeAll(async () => {
    h2 = await startHarness('volumes-engine2', rig.ENGINE2_SOCKET, LABEL);
  });
  afterAll(() => h2?.close());

  it('previews exactly the records the engine lists, prunes, and reports what the engine reclaimed; audited', async () => {
    const raw = (await h2.rt.engines.get(h2.host).diskUsage(0)) as { BuildCache?: Array<{ ID: string; InUse: boolean }> | null };
    const preview = await prunePreview(h2.rt, admin, h2.host, { kind: 'buildCache', mode: 'all' });
    expect(preview.items.map((i) => i.id).sort()).toEqual(
      (raw.BuildCache ?? [])
        .filter((b) => !b.InUse)
        .map((b) => b.ID)
        .sort(),
    );
    const result = await runPrune(h2.rt, admin, h2.host, { kind: 'buildCache', mode: 'all' });
    expect(result.removed.sort()).toEqual(preview.items.map((i) => i.id).sort());
    const after = (await h2.rt.engines.get(h2.host).diskUsage(0)) as { BuildCache?: Array<{ InUse: boolean }> | null };
    expect((after.BuildCache ?? []).filter((b) => !b.InUse)).toEqual([]);
    expect(listAudit(h2.rt.db, { limit: 5 })[0]).toMatchObject({ action: 'buildcache.prune', result: 'ok' });
    // A label filter is refused in words: the engine cannot honour it for build cache.
    await expect(runPrune(h2.rt, admin, h2.host, { kind: 'buildCache', label: LABEL })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('Build cache has no labels'),
    });
  });
});
