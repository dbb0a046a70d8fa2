'use client';

import { useQueryState } from '../../ui/use-query-state';
import { STATE_CHIPS, type StateFilter } from './list-model';

export type ListFilters = ReturnType<typeof useListFilters>;

/** The list's filters, kept in the URL query (`by`: who removed a deleted container, for the Deleted view). */
export function useListFilters() {
  const { get, set } = useQueryState();
  const stateParam = get('state');
  const state = (STATE_CHIPS.some((c) => c.id === stateParam) ? stateParam : 'all') as StateFilter;
  return { host: get('host'), state, q: get('q'), image: get('image'), label: get('label'), project: get('project'), by: get('by'), set };
}
