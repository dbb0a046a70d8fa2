'use client';

import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ViewSpec } from '@/server/contracts/live';
import { LiveViews, viewQueryKey } from './live-views';

const instances = new WeakMap<QueryClient, LiveViews>();

/** The one LiveViews of a query client (the realtime provider attaches its socket). */
export function liveViewsFor(qc: QueryClient): LiveViews {
  let v = instances.get(qc);
  if (!v) instances.set(qc, (v = new LiveViews(qc)));
  return v;
}

/**
 * A live view as a query: the snapshot arrives over the socket, deltas keep it current, and it is
 * never refetched on a timer. Unused for 30 s, it is dropped and the server stops sending it.
 */
export function useLiveQuery<T>(spec: ViewSpec, opts: { enabled?: boolean } = {}) {
  const qc = useQueryClient();
  return useQuery<T>({
    queryKey: viewQueryKey(spec),
    queryFn: () => liveViewsFor(qc).load<T>(spec),
    staleTime: Infinity,
    gcTime: 30_000,
    enabled: opts.enabled ?? true,
  });
}
