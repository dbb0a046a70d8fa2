'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import type { AuthState, LoginInput, SessionUser, SetupInput } from '@/server/contracts/auth';
import { can } from '@/server/contracts/permissions';
import { api } from '../api';
import { queryKeys } from '../query-keys';
import { leaveWithoutAsking } from '../terminal/leave';

export function useAuthState() {
  return useQuery({
    queryKey: queryKeys.auth,
    queryFn: ({ signal }) => api<AuthState>('/api/auth/state', { signal }),
    staleTime: 5 * 60_000,
  });
}

/** The signed-in user, or null while loading / signed out. */
export function useCurrentUser(): SessionUser | null {
  return useAuthState().data?.user ?? null;
}

/** Whether the user may add, edit and remove engines (server/services/authorize.ts: `engines.manage`). */
export function useCanManageEngines(): boolean {
  return can(useCurrentUser(), 'engines.manage');
}

export function useLogin() {
  return useMutation({
    mutationFn: (input: LoginInput) => api<{ user: SessionUser }>('/api/auth/login', { method: 'POST', body: input }),
  });
}

export function useSetup() {
  return useMutation({
    mutationFn: (input: SetupInput) => api<{ user: SessionUser }>('/api/auth/setup', { method: 'POST', body: input }),
  });
}

export function useLogout() {
  return useMutation({
    mutationFn: () => api<void>('/api/auth/logout', { method: 'POST' }),
    // A full page load drops every cached query and the socket along with the session.
    onSettled: () => {
      // The server ends open terminals with the sign-in: nothing to ask before leaving.
      leaveWithoutAsking();
      window.location.assign('/login');
    },
  });
}
