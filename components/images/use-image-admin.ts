'use client';

import type {
  BulkRemoveResult,
  ImageRemoval,
  PruneImagesInput,
  PrunePreview,
  TagImageInput,
  TagResult,
  UntagResult,
} from '@/server/contracts/image-requests';
import type { ContainerSummary } from '@/server/contracts/containers';
import type { ImageSummary } from '@/server/contracts/images';
import { api } from '../api';
import { useLiveQuery } from '../realtime/use-live';

// The HTTP commands of image administration. Nothing here updates the list: the engine's events do,
// through the live images view, so every browser sees the same change.

const enc = encodeURIComponent;
const hostImages = (hostId: string) => `/api/hosts/${enc(hostId)}/images`;
const bare = (id: string) => id.replace(/^sha256:/, '');

export const tagImage = (hostId: string, id: string, body: TagImageInput) =>
  api<TagResult>(`${hostImages(hostId)}/${bare(id)}/tag`, { method: 'POST', body });

export const untagImage = (hostId: string, ref: string, deleteImage: boolean) =>
  api<UntagResult>(`${hostImages(hostId)}/untag`, { method: 'POST', body: { ref, deleteImage } });

export const removeImage = (hostId: string, id: string, force: boolean) =>
  api<ImageRemoval>(`${hostImages(hostId)}/${bare(id)}/remove`, { method: 'POST', body: { force } });

export const bulkRemoveImages = (items: Array<{ hostId: string; id: string }>, force: boolean) =>
  api<BulkRemoveResult[]>('/api/images/bulk-remove', { method: 'POST', body: { items, force } });

export const prunePreview = (hostId: string, body: PruneImagesInput, signal?: AbortSignal) =>
  api<PrunePreview>(`${hostImages(hostId)}/prune/preview`, { method: 'POST', body, signal });

export const startPrune = (hostId: string, body: PruneImagesInput) =>
  api<{ operationId: string }>(`${hostImages(hostId)}/prune`, { method: 'POST', body });

/** How the list names an image: its first tag, or its short id. */
export const imageName = (img: Pick<ImageSummary, 'tags' | 'id'>) => img.tags[0] ?? bare(img.id).slice(0, 12);

/** The containers of a host made from an image (live), running ones first. */
export function useImageUsers(image: Pick<ImageSummary, 'hostId' | 'id'>): ContainerSummary[] {
  const containers = useLiveQuery<ContainerSummary[]>({ kind: 'containers', hostId: image.hostId });
  return (containers.data ?? [])
    .filter((c) => c.imageId === image.id)
    .sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running'));
}

/** Untagging this reference would leave the image without any tag (the engine then deletes it, unless a container holds it). */
export function isLastTag(image: Pick<ImageSummary, 'tags'>, tag: string): boolean {
  return image.tags.length === 1 && image.tags[0] === tag;
}
