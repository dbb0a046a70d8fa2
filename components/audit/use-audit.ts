'use client';

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuditFacets, AuditPage, AuditRetention, SigninFailurePage } from '@/server/contracts/audit';
import { api } from '../api';
import { queryKeys } from '../query-keys';
import { useQueryState } from '../ui/use-query-state';

export const AUDIT_PAGE_SIZE = 50;

export const TIME_RANGES = [
  { id: '', label: 'Any time', ms: 0 },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;

/** The audit page's filters and tab, kept in the URL query. */
export function useAuditFilters() {
  const { get, set } = useQueryState();
  return {
    tab: get('tab') === 'signin' ? ('signin' as const) : ('activity' as const),
    user: get('user'),
    host: get('host'),
    action: get('action'),
    result: get('result'),
    range: get('range'),
    q: get('q'),
    set,
  };
}

export type AuditFilters = ReturnType<typeof useAuditFilters>;

/** The API query for these filters (the time range becomes `from`, fixed when the filters change). */
export function auditParams(f: Omit<AuditFilters, 'set' | 'tab'>, now = Date.now()): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of ['user', 'host', 'action', 'result', 'q'] as const) if (f[k]) p.set(k, f[k]);
  const range = TIME_RANGES.find((r) => r.id === f.range);
  if (range && range.ms > 0) p.set('from', new Date(now - range.ms).toISOString());
  return p;
}

const filterKey = (f: Omit<AuditFilters, 'set' | 'tab'>) => JSON.stringify([f.user, f.host, f.action, f.result, f.range, f.q]);

/** Newest first, in pages; each next page asks for entries older than the last one shown. */
export function useAuditLog(f: AuditFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit.list(filterKey(f)),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) => {
      const params = auditParams(f);
      params.set('limit', String(AUDIT_PAGE_SIZE));
      if (pageParam) params.set('cursor', String(pageParam));
      return api<AuditPage>(`/api/audit?${params}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export function useSigninFailures(f: AuditFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit.signinFailures(filterKey(f)),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) => {
      const params = auditParams({ ...f, host: '', action: '', result: '', q: '' });
      params.set('limit', String(AUDIT_PAGE_SIZE));
      if (pageParam) params.set('cursor', String(pageParam));
      return api<SigninFailurePage>(`/api/audit/signin-failures?${params}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export function useAuditFacets() {
  return useQuery({ queryKey: queryKeys.audit.facets, queryFn: ({ signal }) => api<AuditFacets>('/api/audit/facets', { signal }) });
}

export function useAuditRetention() {
  return useQuery({
    queryKey: queryKeys.audit.retention,
    queryFn: ({ signal }) => api<AuditRetention>('/api/audit/retention', { signal }),
  });
}

export function useSaveRetention() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { days: number; maxRows: number }) => api<AuditRetention>('/api/audit/retention', { method: 'PUT', body }),
    onSuccess: (r) => {
      qc.setQueryData(queryKeys.audit.retention, r);
      void qc.invalidateQueries({ queryKey: queryKeys.audit.all });
    },
  });
}
