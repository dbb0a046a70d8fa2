import type { ImageDetail, ImageSummary } from '../contracts/images';
import { parseImageRef } from '../contracts/images';
import { quoteRef } from '../contracts/refs';
import { onlineEngine } from '../engines/access';
import type { EngineHub } from '../engines/hub';
import { readLayerInfo, toImageDetail } from '../engines/image-model';
import { NotFoundError } from '../errors';
import type { Runtime } from '../runtime';

/**
 * Finds an image in the hub's list by full id, id prefix (`sha256:` optional, 4+ hex) or reference
 * (`busybox`, `busybox:latest`, `docker.io/library/busybox:latest`, `repo@sha256:…`).
 */
export function resolveImage(hub: EngineHub, ref: string): ImageSummary | undefined {
  const direct = hub.images.get(ref) ?? hub.images.get(`sha256:${ref}`);
  if (direct) return direct;
  const hex = ref.replace(/^sha256:/, '');
  if (/^[a-f0-9]{4,64}$/.test(hex)) {
    for (const img of hub.images.values()) if (img.id.startsWith(`sha256:${hex}`)) return img;
  }
  const parsed = parseImageRef(ref);
  if (!parsed) return undefined;
  for (const img of hub.images.values()) {
    for (const t of img.tags) if (t === ref || parseImageRef(t)?.full === parsed.full) return img;
    for (const d of img.digests) if (d === ref || (parsed.digest && parseImageRef(d)?.full === parsed.full)) return img;
  }
  return undefined;
}

/** Like resolveImage, or a 404 that quotes what was asked. */
export function requireImage(hub: EngineHub, ref: string): ImageSummary {
  const img = resolveImage(hub, ref);
  if (!img) throw new NotFoundError(`No image ${quoteRef(ref)} on ${hub.name}`);
  return img;
}

/** One image with its layers, what it shares, its family and config. */
export async function imageDetail(rt: Runtime, hostId: string, ref: string): Promise<ImageDetail> {
  const { hub, docker } = onlineEngine(rt, hostId);
  let summary = resolveImage(hub, ref);
  if (!summary) {
    // Made a moment ago (the list has not caught up yet): ask the engine, then the list.
    await hub.syncImages();
    summary = requireImage(hub, ref);
  }
  let info = hub.layerInfos.get(summary.id);
  if (!info) {
    info = await readLayerInfo(docker, summary.id);
    hub.layerInfos.set(summary.id, info);
  }
  return toImageDetail(summary, hub.name, info, [...hub.images.values()], hub.layerInfos);
}
