'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EngineDetail, EngineSummary, EngineTestResult } from '@/server/contracts/engines';
import { api } from '../api';
import { queryKeys } from '../query-keys';
import { applyEngineSummary, mergeEngineLists } from './engine-cache';

/** The wire body for an engine: ports may still be text here, the server coerces and validates. */
export type EngineBody = { kind: string; name: string } & Record<string, unknown>;

export function useEngines() {
  return useQuery({
    queryKey: queryKeys.engines.list,
    queryFn: ({ signal }) => api<EngineSummary[]>('/api/engines', { signal }),
    // Socket events keep this current; a reconnect refetches once.
    staleTime: Infinity,
    structuralSharing: mergeEngineLists,
  });
}

export function useEngine(id: string) {
  return useQuery({
    queryKey: queryKeys.engines.detail(id),
    queryFn: ({ signal }) => api<EngineDetail>(`/api/engines/${encodeURIComponent(id)}`, { signal }),
    staleTime: Infinity,
  });
}

export function useTestEngine() {
  return useMutation({
    mutationFn: (input: { engine: EngineBody; engineId?: string }) =>
      api<EngineTestResult>('/api/engines/test', { method: 'POST', body: input }),
  });
}

export function useSaveEngine(engineId?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { engine: EngineBody; skipCheck: boolean }) =>
      engineId
        ? api<EngineSummary>(`/api/engines/${encodeURIComponent(engineId)}`, { method: 'PUT', body: input })
        : api<EngineSummary>('/api/engines', { method: 'POST', body: input }),
    onSuccess: (summary) => {
      applyEngineSummary(qc, summary);
      // Connection settings changed: the detail's connection view must be re-read.
      void qc.invalidateQueries({ queryKey: queryKeys.engines.detail(summary.id), exact: true });
      void qc.invalidateQueries({ queryKey: queryKeys.audit.all });
    },
  });
}

export function useRemoveEngine() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/engines/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: (_data, id) => {
      qc.setQueryData<EngineSummary[]>(queryKeys.engines.list, (old) => old?.filter((e) => e.id !== id));
      void qc.invalidateQueries({ queryKey: queryKeys.audit.all });
    },
  });
}
