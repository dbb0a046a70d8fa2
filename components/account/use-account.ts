'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiTokenSummary, ChangePasswordInput, CreatedApiToken, CreateTokenInput, SessionSummary } from '@/server/contracts/users';
import { api } from '../api';
import { queryKeys } from '../query-keys';

export function useOwnSessions() {
  return useQuery({
    queryKey: queryKeys.account.sessions,
    queryFn: ({ signal }) => api<SessionSummary[]>('/api/account/sessions', { signal }),
  });
}

export function useRevokeOwnSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/account/sessions/${id}`, { method: 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.account.sessions }),
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChangePasswordInput) => api<void>('/api/account/password', { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.account.sessions }),
  });
}

export function useApiTokens() {
  return useQuery({
    queryKey: queryKeys.account.tokens,
    queryFn: ({ signal }) => api<ApiTokenSummary[]>('/api/account/tokens', { signal }),
  });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTokenInput) => api<CreatedApiToken>('/api/account/tokens', { method: 'POST', body: input }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.account.tokens }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<void>(`/api/account/tokens/${id}`, { method: 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.account.tokens }),
  });
}
