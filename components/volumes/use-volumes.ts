'use client';

import { useQuery } from '@tanstack/react-query';
import type { CreateVolumeInput, PruneRequest } from '@/server/contracts/volume-requests';
import type { DiskSummaryEntry, DiskUsage, PruneKindPreview, PruneKindResult, VolumeSummary } from '@/server/contracts/volumes';
import { api } from '../api';
import { queryKeys } from '../query-keys';
import { useLiveQuery } from '../realtime/use-live';

const enc = encodeURIComponent;
export const volumeApi = (hostId: string, name: string) => `/api/hosts/${enc(hostId)}/volumes/${enc(name)}`;
export const volumeHref = (hostId: string, name: string) => `/hosts/${enc(hostId)}/volumes/${enc(name)}`;
export const volumesHref = (hostId?: string) => (hostId ? `/hosts/${enc(hostId)}/volumes` : '/volumes');
export const diskHref = (hostId: string) => `/hosts/${enc(hostId)}/disk`;

/** Every host's volumes, or one host's: a live view (server/contracts/live.ts). */
export function useVolumes(hostId?: string) {
  return useLiveQuery<VolumeSummary[]>(hostId ? { kind: 'volumes', hostId } : { kind: 'volumes' });
}

export const createVolume = (hostId: string, input: CreateVolumeInput) =>
  api<VolumeSummary>(`/api/hosts/${enc(hostId)}/volumes`, { method: 'POST', body: input });
export const removeVolume = (hostId: string, name: string) => api<void>(`${volumeApi(hostId, name)}/remove`, { method: 'POST' });

export const prunePreview = (hostId: string, req: PruneRequest, signal?: AbortSignal) =>
  api<PruneKindPreview>(`/api/hosts/${enc(hostId)}/prune/preview`, { method: 'POST', body: req, signal });
export const runPrune = (hostId: string, req: PruneRequest) =>
  api<PruneKindResult>(`/api/hosts/${enc(hostId)}/prune`, { method: 'POST', body: req });

/** `docker system df` of a host, as the server last read it (at most ~30 s old) or afresh. */
export function useDiskUsage(hostId: string) {
  return useQuery({
    queryKey: queryKeys.disk.host(hostId),
    queryFn: ({ signal }) => api<DiskUsage>(`/api/hosts/${enc(hostId)}/disk`, { signal }),
    staleTime: 30_000,
  });
}

export const freshDiskUsage = (hostId: string) => api<DiskUsage>(`/api/hosts/${enc(hostId)}/disk?fresh=1`);

/** Every host's usage for the overview: asked when the overview opens, cached on the server ~30 s. */
export function useDiskSummary() {
  return useQuery({
    queryKey: queryKeys.disk.summary,
    queryFn: ({ signal }) => api<DiskSummaryEntry[]>('/api/disk', { signal }),
    staleTime: 30_000,
  });
}
