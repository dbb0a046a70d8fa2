'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DeleteManifestResult,
  EngineRegistryConfig,
  RepositoryPage,
  TagDetails,
  TagManifestView,
  TagPage,
} from '@/server/contracts/registry-browse';
import { api } from '../../api';
import { queryKeys } from '../../query-keys';

// Registry reads go through Wharf's server (registries refuse browser CORS; credentials stay there).

const base = (id: string) => `/api/registries/${encodeURIComponent(id)}`;
const qs = (params: Record<string, string | string[] | null | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of v == null ? [] : [v].flat()) q.append(k, one);
  return q.toString();
};

export function useEngineRegistryConfigs() {
  return useQuery({
    queryKey: queryKeys.registries.engines,
    queryFn: ({ signal }) => api<EngineRegistryConfig[]>('/api/registries/engines', { signal }),
    staleTime: 30_000,
  });
}

export function useRepositories(id: string, n: number, last: string | null, prefix = '') {
  return useQuery({
    queryKey: queryKeys.registries.repositories(id, n, last, prefix),
    queryFn: ({ signal }) =>
      api<RepositoryPage>(`${base(id)}/repositories?${qs({ n: String(n), last, prefix: prefix || null })}`, { signal }),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}

export function useTags(id: string, repo: string, n: number, cursor: string | null) {
  return useQuery({
    queryKey: queryKeys.registries.tags(id, repo, n, cursor),
    queryFn: ({ signal }) => api<TagPage>(`${base(id)}/tags?${qs({ repo, n: String(n), cursor })}`, { signal }),
    staleTime: 30_000,
  });
}

/** Digest, size and created of the tags on the visible page only (the server reads four at a time). */
export function useTagDetails(id: string, repo: string, tags: string[], enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.registries.tagDetails(id, repo, tags),
    queryFn: ({ signal }) => api<TagDetails[]>(`${base(id)}/tag-details?${qs({ repo, tag: tags })}`, { signal }),
    enabled: enabled && tags.length > 0,
    staleTime: 30_000,
  });
}

export function useTagManifest(id: string, repo: string, ref: string | null, platform?: string) {
  return useQuery({
    queryKey: [...queryKeys.registries.manifest(id, repo, ref ?? ''), platform ?? ''],
    queryFn: ({ signal }) => api<TagManifestView>(`${base(id)}/manifest?${qs({ repo, ref, platform })}`, { signal }),
    placeholderData: (prev) => prev,
    enabled: !!ref,
    staleTime: 30_000,
  });
}

export function useDeleteManifest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { repo: string; digest: string }) =>
      api<DeleteManifestResult>(`${base(id)}/manifest`, { method: 'DELETE', body: input }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.registries.browse(id) });
      void qc.invalidateQueries({ queryKey: queryKeys.audit.all });
    },
  });
}
