import type { ConnectNetworkInput, CreateNetworkInput, DisconnectNetworkInput } from '@/server/contracts/network-requests';
import type { NetworkCreateOptions } from '@/server/contracts/networks';
import { api } from '../api';

const base = (hostId: string) => `/api/hosts/${encodeURIComponent(hostId)}/networks`;
const one = (hostId: string, id: string) => `${base(hostId)}/${encodeURIComponent(id)}`;

export const networksHref = (hostId?: string) => (hostId ? `/hosts/${encodeURIComponent(hostId)}/networks` : '/networks');

export const createOptions = (hostId: string, signal?: AbortSignal) =>
  api<NetworkCreateOptions>(`${base(hostId)}/create-options`, { signal });
export const createNetwork = (hostId: string, body: CreateNetworkInput) =>
  api<{ id: string; name: string }>(base(hostId), { method: 'POST', body });
export const removeNetwork = (hostId: string, id: string) => api<void>(`${one(hostId, id)}/remove`, { method: 'POST', body: {} });
export const connectNetwork = (hostId: string, id: string, body: ConnectNetworkInput) =>
  api<void>(`${one(hostId, id)}/connect`, { method: 'POST', body });
export const disconnectNetwork = (hostId: string, id: string, body: DisconnectNetworkInput) =>
  api<void>(`${one(hostId, id)}/disconnect`, { method: 'POST', body });
