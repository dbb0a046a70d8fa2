'use client';

import { useSearchParams } from 'next/navigation';
import { STATE_CHIPS, type StateFilter } from './list-model';

export type ListFilters = ReturnType<typeof useListFilters>;

/** The list's filters live in the URL query, so a filtered view can be linked and survives reload. */
export function useListFilters() {
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
  const stateParam = get('state');
  const state = (STATE_CHIPS.some((c) => c.id === stateParam) ? stateParam : 'all') as StateFilter;
  return { host: get('host'), state, q: get('q'), image: get('image'), label: get('label'), project: get('project'), set };
}
