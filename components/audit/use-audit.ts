'use client';

import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type UseInfiniteQueryResult,
} from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import type { AuditFacets, AuditPage, AuditRetention, SigninFailurePage } from '@/server/contracts/audit';
import type { ViewSpec } from '@/server/contracts/live';
import { api } from '../api';
import { useCan } from '../auth/use-can';
import { queryKeys } from '../query-keys';
import type { AuditHead } from '../realtime/live-views';
import { useLiveQuery } from '../realtime/use-live';
import { useQueryState } from '../ui/use-query-state';
import { behind, newMatching } from './audit-live';

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

export const filterKey = (f: Omit<AuditFilters, 'set' | 'tab'>) => JSON.stringify([f.user, f.host, f.action, f.result, f.range, f.q]);

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

const AUDIT_VIEW: ViewSpec = { kind: 'audit' };

/** Calls `read` once the live head passes `seen` (one read at a time; again after it if the head moved meanwhile). */
function useFollowHead(head: number | undefined, seen: number | undefined, busy: boolean, active: boolean, read: () => unknown) {
  const asked = useRef(0);
  useEffect(() => {
    if (!active || busy || !behind(head, seen, asked.current)) return;
    asked.current = head!;
    read();
  }, [active, busy, head, seen, read]);
}

/**
 * Keeps the activity list current without Refresh. The live `audit` view (LiveViews writes it, like
 * every live state) says only that the log's newest id moved; the list stays an HTTP query and is
 * read again: its first page at once while only that page is shown (new matching entries come in at
 * the top), or, with older pages loaded, just the count of new matching entries (`fresh`) so the
 * list does not jump; `show()` then goes back to the first page, read anew.
 */
export function useAuditLive(f: AuditFilters, log: UseInfiniteQueryResult<InfiniteData<AuditPage>>) {
  const qc = useQueryClient();
  const key = filterKey(f);
  const mayRead = useCan('audit.read');
  const head = useLiveQuery<AuditHead>(AUDIT_VIEW, { enabled: mayRead }).data?.newest;
  const pages = log.data?.pages;
  const first = log.isPlaceholderData ? undefined : pages?.[0];
  const paged = (pages?.length ?? 0) > 1;
  const latest = useQuery({
    queryKey: queryKeys.audit.fresh(key),
    queryFn: ({ signal }) => {
      const params = auditParams(f);
      params.set('limit', '1');
      return api<AuditPage>(`/api/audit?${params}`, { signal });
    },
    // Read only when the live head says so (below).
    enabled: false,
  });
  const refetchList = log.refetch;
  const refetchLatest = latest.refetch;
  const readList = useCallback(() => void refetchList(), [refetchList]);
  const readLatest = useCallback(() => void refetchLatest(), [refetchLatest]);
  useFollowHead(head, first?.newest, log.isFetching, !paged, readList);
  useFollowHead(head, Math.max(first?.newest ?? 0, latest.data?.newest ?? 0), latest.isFetching, paged && !!first, readLatest);
  const show = useCallback(() => {
    // Back to the first page only, then read it anew (the older pages are loaded again by Load more).
    qc.setQueryData<InfiniteData<AuditPage>>(queryKeys.audit.list(key), (d) =>
      d ? { pages: d.pages.slice(0, 1), pageParams: d.pageParams.slice(0, 1) } : d,
    );
    void refetchList();
  }, [qc, key, refetchList]);
  return { fresh: paged ? newMatching(first, latest.data) : 0, show };
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
