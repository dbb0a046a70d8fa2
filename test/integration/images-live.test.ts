import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageDetail, ImageSummary } from '@/server/contracts/images';
import type { ViewSnapshot } from '@/server/contracts/live';
import { liveClient, subscribeView, type Reply } from '../support/live-client';
import { startHarness, type Harness } from '../support/harness';
import { docker, loadRig, waitFor } from '../support/rig';

const rig = loadRig();
const label = 'wharf.test=integration-images-live';
const TAG = 'wharf-test/it-images-live:cli';
let h: Harness;
const sockets: Socket[] = [];

const client = () => liveClient(h.base, h.cookie, sockets);
const subscribe = subscribeView;
const idOf = async (ref: string) => (await docker(rig.MAIN_SOCKET, 'image', 'inspect', '-f', '{{.Id}}', ref)).trim();

beforeAll(async () => {
  h = await startHarness('images-live', rig.MAIN_SOCKET, label);
  // The hub reads every image's layers in the background after connecting.
  const hub = h.rt.engines.get(h.host);
  await waitFor(() => [...hub.images.values()].every((i) => i.layerCount !== null) && hub.images.size > 0, 20_000, 'layers read');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await docker(rig.MAIN_SOCKET, 'rmi', TAG).catch(() => undefined);
  await h.close();
});

describe('images as live views', () => {
  it('the images view lists what the engine lists, with layer counts and shared sizes', async () => {
    const { s } = await client();
    const snap = await subscribe(s, { kind: 'images', hostId: h.host });
    const data = snap.streams[0]!.data;
    if (data.kind !== 'images') throw new Error('not an images stream');
    const engineIds = (await docker(rig.MAIN_SOCKET, 'images', '-q', '--no-trunc')).split('\n').filter(Boolean);
    expect(new Set(data.images.map((i) => i.id))).toEqual(new Set(engineIds));
    const web = data.images.find((i) => i.tags.includes(rig.SEED_WEB))!;
    const base = data.images.find((i) => i.tags.includes(rig.SEED_BUSYBOX))!;
    expect(web.id).toBe(await idOf(rig.SEED_WEB));
    // web = base rootfs + 4 layers (RUN, COPY, COPY, RUN; WORKDIR may add one): its base layer is shared.
    expect(base.layerCount).toBe(1);
    expect(web.layerCount!).toBeGreaterThanOrEqual(5);
    expect(web.sharedSize).toBeGreaterThan(1_000_000);
    expect(web.sharedSize!).toBeLessThan(web.size);
    expect(base.sharedSize).toBe(base.size);
  });

  it('an image view: steps lined up with layers, the base layer shared, secrets masked, the family tree', async () => {
    const { s } = await client();
    const snap = await subscribe(s, { kind: 'image', hostId: h.host, id: rig.SEED_WEB });
    const data = snap.streams[0]!.data;
    if (data.kind !== 'image') throw new Error('not an image stream');
    const d: ImageDetail = data.detail;
    expect(d.summary.tags).toContain(rig.SEED_WEB);
    const baseId = await idOf(rig.SEED_BUSYBOX);
    // Bottom layer: the imported rootfs, held by the base and its other children too.
    expect(d.layers[0]!.sharedWith.map((x) => x.id)).toContain(baseId);
    const made = d.steps.filter((st) => !st.empty);
    expect(made.length).toBe(d.layers.length);
    expect(d.steps.some((st) => st.createdBy.startsWith('RUN mkdir -p /www /data'))).toBe(true);
    expect(d.steps.some((st) => st.empty && st.createdBy.startsWith('CMD ["httpd"'))).toBe(true);
    expect(d.steps.every((st) => !st.createdBy.includes('#(nop)'))).toBe(true);
    for (const l of d.layers) expect(d.steps[l.step!]!.layer).toBe(d.layers.indexOf(l));
    expect(d.config.cmd).toEqual(['httpd', '-f', '-p', '80', '-h', '/www']);
    expect(d.config.exposedPorts).toEqual(['80/tcp']);
    expect(d.config.workdir).toBe('/www');
    expect(d.ownSize).toBeGreaterThan(0);
    expect(d.ownSize).toBeLessThan(d.summary.size);
    // Family: rooted at the base, web among its children.
    expect(d.family?.id).toBe(baseId);
    expect(d.family?.children.map((c) => c.id)).toContain(d.summary.id);
  });

  it('a CLI tag and untag reach an open list and an open image page as deltas', async () => {
    const a = await client();
    const snap = await subscribe(a.s, { kind: 'images' });
    expect(snap.streams.map((st) => st.stream)).toContain(`images:${h.host}`);
    await subscribe(a.s, { kind: 'image', hostId: h.host, id: rig.SEED_SLEEPER });
    await docker(rig.MAIN_SOCKET, 'tag', rig.SEED_SLEEPER, TAG);
    const tagged = await waitFor(
      () => a.deltas.find((d) => d.op.op === 'image' && d.op.image.tags.includes(TAG)),
      5000,
      'the tag as a delta',
    );
    expect((tagged.op as { image: ImageSummary }).image.id).toBe(await idOf(rig.SEED_SLEEPER));
    await waitFor(
      () => a.deltas.find((d) => d.op.op === 'image.detail' && d.op.detail.summary.tags.includes(TAG)),
      5000,
      'the open image page sees the new tag',
    );
    await docker(rig.MAIN_SOCKET, 'rmi', TAG);
    await waitFor(
      () =>
        a.deltas.find(
          (d) =>
            d.op.op === 'image' &&
            d.rev > tagged.rev &&
            !d.op.image.tags.includes(TAG) &&
            d.op.image.id === (tagged.op as { image: ImageSummary }).image.id,
        ),
      5000,
      'the untag as a delta',
    );
    // One stream, consecutive revisions.
    const revs = a.deltas.filter((d) => d.stream === `images:${h.host}`).map((d) => d.rev);
    revs.forEach((r, i) => i && expect(r).toBe(revs[i - 1]! + 1));
  });

  it('an unknown image is a clear 404', async () => {
    const { s } = await client();
    const r = (await s
      .timeout(10_000)
      .emitWithAck('live.subscribe', { kind: 'image', hostId: h.host, id: 'wharf-test/nope:none' })) as Reply<ViewSnapshot>;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe('NOT_FOUND');
      expect(r.message).toMatch(/No image wharf-test\/nope:none/);
    }
  });
});
