'use client';

import { useSearchParams } from 'next/navigation';
import { USAGE_CHIPS, type UsageFilter } from './list-model';

export type ImageFilters = ReturnType<typeof useImageFilters>;

/** The list's filters live in the URL query, so a filtered view can be linked and survives reload. */
export function useImageFilters() {
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
  const usageParam = get('usage');
  const usage = (USAGE_CHIPS.some((c) => c.id === usageParam) ? usageParam : 'all') as UsageFilter;
  return { host: get('host'), usage, q: get('q'), set };
}
