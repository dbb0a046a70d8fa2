'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserInput, SessionSummary, UpdateUserInput, UserSummary, UserWithPassword } from '@/server/contracts/users';
import { api } from '../api';
import { queryKeys } from '../query-keys';

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users.list, queryFn: ({ signal }) => api<UserSummary[]>('/api/users', { signal }) });
}

export function useUserSessions(id: number) {
  return useQuery({
    queryKey: queryKeys.users.sessions(id),
    queryFn: ({ signal }) => api<SessionSummary[]>(`/api/users/${id}/sessions`, { signal }),
  });
}

/** Every change to a user refreshes the list (state, sessions count). */
function useUserMutation<V, T>(fn: (v: V) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: ['users'] }) });
}

export const useCreateUser = () =>
  useUserMutation((input: CreateUserInput) => api<UserWithPassword>('/api/users', { method: 'POST', body: input }));

export const useUpdateUser = () =>
  useUserMutation(({ id, ...body }: UpdateUserInput & { id: number }) => api<UserSummary>(`/api/users/${id}`, { method: 'PUT', body }));

export const useSetUserEnabled = () =>
  useUserMutation(({ id, enabled }: { id: number; enabled: boolean }) =>
    api<UserSummary>(`/api/users/${id}/${enabled ? 'enable' : 'disable'}`, { method: 'POST' }),
  );

export const useDeleteUser = () => useUserMutation((id: number) => api<void>(`/api/users/${id}`, { method: 'DELETE' }));

export const useResetPassword = () =>
  useUserMutation((id: number) => api<UserWithPassword>(`/api/users/${id}/reset-password`, { method: 'POST' }));

export const useRevokeUserSession = () =>
  useUserMutation(({ userId, sessionId }: { userId: number; sessionId: string }) =>
    api<void>(`/api/users/${userId}/sessions/${sessionId}`, { method: 'DELETE' }),
  );
