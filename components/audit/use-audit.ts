'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEntry } from '@/server/contracts/audit';
import { api } from '../api';
import { queryKeys } from '../query-keys';

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, in pages; each next page asks for entries older than the last one shown. */
export function useAuditLog(pageSize = AUDIT_PAGE_SIZE) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit.list(pageSize),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(pageSize) });
      if (pageParam) params.set('before', String(pageParam));
      return api<AuditEntry[]>(`/api/audit?${params}`, { signal });
    },
    getNextPageParam: (last) => (last.length < pageSize ? null : (last[last.length - 1]?.id ?? null)),
    staleTime: 0,
  });
}
