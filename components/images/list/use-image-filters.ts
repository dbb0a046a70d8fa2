'use client';

import { useQueryState } from '../../ui/use-query-state';
import { USAGE_CHIPS, type UsageFilter } from './list-model';

export type ImageFilters = ReturnType<typeof useImageFilters>;

/** The list's filters, kept in the URL query. */
export function useImageFilters() {
  const { get, set } = useQueryState();
  const usageParam = get('usage');
  const usage = (USAGE_CHIPS.some((c) => c.id === usageParam) ? usageParam : 'all') as UsageFilter;
  return { host: get('host'), usage, q: get('q'), set };
}
