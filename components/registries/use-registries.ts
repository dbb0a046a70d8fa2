'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RegistryInput, RegistrySummary, RegistryTestInput, RegistryTestResult } from '@/server/contracts/registries';
import { api } from '../api';
import { queryKeys } from '../query-keys';

/** Saved registries (no secrets): a form read over HTTP, not live state. */
export function useRegistries() {
  return useQuery({
    queryKey: queryKeys.registries.list,
    queryFn: ({ signal }) => api<RegistrySummary[]>('/api/registries', { signal }),
    staleTime: 30_000,
  });
}

/** The saved registry whose credentials a reference on `domain` will use, or null (anonymous). */
export function registryFor(list: RegistrySummary[] | undefined, domain: string | null | undefined): RegistrySummary | null {
  if (!list || !domain) return null;
  return list.find((r) => r.address === domain.toLowerCase() && r.username && r.hasPassword) ?? null;
}

export function useSaveRegistry(id?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: RegistryInput) =>
      id
        ? api<RegistrySummary>(`/api/registries/${encodeURIComponent(id)}`, { method: 'PUT', body: input })
        : api<RegistrySummary>('/api/registries', { method: 'POST', body: input }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.registries.list });
      void qc.invalidateQueries({ queryKey: queryKeys.audit.all });
    },
  });
}

export function useRemoveRegistry() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/registries/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.registries.list });
      void qc.invalidateQueries({ queryKey: queryKeys.audit.all });
    },
  });
}

export function useTestRegistry() {
  return useMutation({
    mutationFn: (input: RegistryTestInput) => api<RegistryTestResult>('/api/registries/test', { method: 'POST', body: input }),
  });
}
