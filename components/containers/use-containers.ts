'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContainerActionInput } from '@/server/contracts/container-actions';
import type { CreateContainerSpec } from '@/server/contracts/container-create';
import type {
  ActionResult,
  ContainerDetail,
  ContainerProcessList,
  ContainerSummary,
  DeletedContainer,
  DeletedPage,
} from '@/server/contracts/containers';
import type { DeletedView } from '../realtime/live-views';
import { api } from '../api';
import { useLiveQuery } from '../realtime/use-live';
import { queryKeys } from '../query-keys';
import { containerKey } from './container-model';
import { ACTION_PROGRESS, setPending } from './pending-actions';

const enc = encodeURIComponent;
export const containerApi = (hostId: string, id: string) => `/api/hosts/${enc(hostId)}/containers/${enc(id)}`;

/** Every container on every host: a live view (components/realtime/live-views.ts). */
export function useContainers() {
  return useLiveQuery<ContainerSummary[]>({ kind: 'containers' });
}

/** The newest page of the containers that left their engines, and how many records there are: a live view. */
export function useDeletedContainers(enabled = true) {
  return useLiveQuery<DeletedView>({ kind: 'deleted' }, { enabled });
}

/**
 * Any page or search of the deleted history, over HTTP; read again when the live total moves (`rev`),
 * so a new deletion shows up on a searched page too. Keeps the last page on screen while the next loads.
 */
export function useDeletedHistory(query: Record<string, string>, rev: number, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.containers.deletedHistory(query, rev),
    queryFn: ({ signal }) => api<DeletedPage>(`/api/containers/deleted?${new URLSearchParams(query)}`, { signal }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** The record of one deleted container (by id, id prefix or name), for its page after it is gone. */
export function useDeletedRecord(hostId: string, id: string, rev: number, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.containers.deletedHistory({ host: hostId, id }, rev),
    queryFn: ({ signal }) =>
      api<DeletedPage>(`/api/containers/deleted?${new URLSearchParams({ host: hostId, id, limit: '1' })}`, { signal }),
    enabled,
    placeholderData: keepPreviousData,
    select: (page): DeletedContainer | null => page.records[0] ?? null,
  });
}

/** One container's inspect, followed live (a 404 once it is removed). */
export function useContainerDetail(hostId: string, id: string) {
  return useLiveQuery<ContainerDetail>({ kind: 'container', hostId, id });
}

export function useContainerTop(hostId: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.containers.top(hostId, id),
    queryFn: ({ signal }) => api<ContainerProcessList>(`${containerApi(hostId, id)}/top`, { signal }),
    enabled,
    staleTime: 0,
  });
}

export function useContainerSpec(hostId: string, id: string) {
  return useQuery({
    queryKey: queryKeys.containers.spec(hostId, id),
    queryFn: ({ signal }) => api<CreateContainerSpec>(`${containerApi(hostId, id)}/spec`, { signal }),
    staleTime: 0,
    gcTime: 0,
  });
}

export interface ImageOption {
  id: string;
  tags: string[];
  size: number;
  created: string;
}
export interface NamedOption {
  name: string;
  driver: string;
}

export function useHostImages(hostId: string) {
  return useQuery({
    queryKey: queryKeys.hostResources.images(hostId),
    queryFn: ({ signal }) => api<ImageOption[]>(`/api/hosts/${enc(hostId)}/images`, { signal }),
    enabled: !!hostId,
  });
}
export function useHostNetworks(hostId: string) {
  return useQuery({
    queryKey: queryKeys.hostResources.networks(hostId),
    queryFn: ({ signal }) => api<NamedOption[]>(`/api/hosts/${enc(hostId)}/networks`, { signal }),
    enabled: !!hostId,
  });
}
export function useHostVolumes(hostId: string) {
  return useQuery({
    queryKey: queryKeys.hostResources.volumes(hostId),
    queryFn: ({ signal }) => api<NamedOption[]>(`/api/hosts/${enc(hostId)}/volumes`, { signal }),
    enabled: !!hostId,
  });
}

export interface ActionTarget {
  hostId: string;
  id: string;
  name: string;
}

/**
 * One action on one container. The badge changes when the engine's event arrives, not
 * before: the cache is never told a state the engine has not reported.
 */
export function useContainerAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ target, action }: { target: ActionTarget; action: ContainerActionInput }) => {
      const key = containerKey(target);
      setPending([key], ACTION_PROGRESS[action.action] ?? 'working');
      try {
        return await api<ActionResult>(`${containerApi(target.hostId, target.id)}/actions`, { method: 'POST', body: action });
      } finally {
        setPending([key], null);
      }
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.audit.all });
    },
  });
}

export function useBulkAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ targets, action }: { targets: ActionTarget[]; action: ContainerActionInput }) => {
      const keys = targets.map(containerKey);
      setPending(keys, ACTION_PROGRESS[action.action] ?? 'working');
      try {
        return await api<ActionResult[]>('/api/containers/bulk', {
          method: 'POST',
          body: { targets: targets.map(({ hostId, id }) => ({ hostId, id })), action },
        });
      } finally {
        setPending(keys, null);
      }
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.audit.all });
    },
  });
}
