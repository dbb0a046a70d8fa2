'use client';

import { useMutation } from '@tanstack/react-query';
import type { PullRequest, PushRequest } from '@/server/contracts/image-transfer';
import type { Operation } from '@/server/contracts/images';
import { api } from '../api';

const hostPath = (hostId: string) => `/api/hosts/${encodeURIComponent(hostId)}/images`;

/** Starts a pull; the answer is the operation to follow (its live view carries the progress). */
export function useStartPull(hostId: string) {
  return useMutation({
    mutationFn: (body: PullRequest) => api<{ operationId: string }>(`${hostPath(hostId)}/pull`, { method: 'POST', body }),
  });
}

export function useStartPush(hostId: string) {
  return useMutation({
    mutationFn: (body: PushRequest) => api<{ operationId: string }>(`${hostPath(hostId)}/push`, { method: 'POST', body }),
  });
}

/** Asks an operation to stop; its live view shows it ending as cancelled. */
export function useCancelOperation() {
  return useMutation({
    mutationFn: (id: string) => api<Operation>(`/api/operations/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
  });
}
