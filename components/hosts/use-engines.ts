'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { EngineDetail, EngineSummary, EngineTestResult } from '@/server/contracts/engines';
import { api } from '../api';
import { queryKeys } from '../query-keys';
import { useLiveQuery } from '../realtime/use-live';

/** The wire body for an engine: ports may still be text here, the server coerces and validates. */
export type EngineBody = { kind: string; name: string } & Record<string, unknown>;

/** Every engine's summary (status, counts, facts): a live view. */
export function useEngines() {
  return useLiveQuery<EngineSummary[]>({ kind: 'hosts' });
}

/**
 * One engine's connection settings and raw `docker info`, read over HTTP, with the live summary laid
 * over it. The raw facts are read again when the engine comes back or another version answers.
 */
export function useEngine(id: string) {
  const engines = useEngines();
  const summary = engines.data?.find((e) => e.id === id);
  const query = useQuery({
    queryKey: queryKeys.engines.detail(id),
    queryFn: ({ signal }) => api<EngineDetail>(`/api/engines/${encodeURIComponent(id)}`, { signal }),
    staleTime: Infinity,
  });
  const { data: detail, refetch } = query;
  const listed = engines.isSuccess;
  const stale =
    !!detail &&
    ((listed && !summary) ||
      (summary?.status === 'online' && (detail.status !== 'online' || summary.info?.dockerVersion !== detail.info?.dockerVersion)));
  useEffect(() => {
    if (stale) void refetch();
  }, [stale, refetch]);
  const data = useMemo(() => (detail && summary ? { ...detail, ...summary } : detail), [detail, summary]);
  return { ...query, data };
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
      // The list hears of it live; the detail's connection view must be re-read.
      void qc.invalidateQueries({ queryKey: queryKeys.engines.detail(summary.id), exact: true });
      void qc.invalidateQueries({ queryKey: queryKeys.audit.all });
    },
  });
}

export function useRemoveEngine() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/engines/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.audit.all });
    },
  });
}
