'use client';

import { useSearchParams } from 'next/navigation';

/**
 * A page's view state kept in the URL query (filters, the open tab), so a view can be linked and
 * survives a reload. `set` changes the given keys (an empty value removes one) without a navigation.
 */
export function useQueryState() {
  const params = useSearchParams();
  const get = (k: string) => params.get(k) ?? '';
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    window.history.replaceState(null, '', qs ? `?${qs}` : window.location.pathname);
  };
  return { get, set };
}
