'use client';

import { useId } from 'react';
import type { EngineSummary } from '@/server/contracts/engines';
import { Button } from '../../ui/button';
import { cn } from '../../ui/cn';
import { Input, Select } from '../../ui/field';
import { USAGE_CHIPS, type UsageFilter } from './list-model';

/** The filter bar: usage chips with counts, then host and text filters. */
export function ImageToolbar({
  usage,
  onUsage,
  counts,
  host,
  onHost,
  engines,
  q,
  onQ,
}: {
  usage: UsageFilter;
  onUsage: (u: UsageFilter) => void;
  counts: Record<UsageFilter, number>;
  host: string;
  onHost: (hostId: string) => void;
  engines: readonly EngineSummary[];
  q: string;
  onQ: (q: string) => void;
}) {
  const id = useId();
  return (
    <div className="mb-2 flex flex-wrap items-center gap-2 rounded-lg border border-zinc-200 bg-white px-2 py-1.5 shadow-xs">
      <div role="group" aria-label="Usage" className="flex flex-wrap items-center gap-1">
        {USAGE_CHIPS.map((chip) => {
          const n = counts[chip.id];
          const active = usage === chip.id;
          return (
            <button
              key={chip.id}
              type="button"
              aria-pressed={active}
              onClick={() => onUsage(chip.id)}
              className={cn(
                'inline-flex h-7 items-center gap-1.5 rounded-full border px-2.5 text-xs font-medium transition-colors',
                active
                  ? 'border-sky-600 bg-sky-50 text-sky-800'
                  : 'border-zinc-200 bg-white text-zinc-600 hover:border-zinc-300 hover:text-zinc-900',
              )}
            >
              {chip.label}
              <span className={cn('tabular-nums', active ? 'text-sky-700' : n ? 'text-zinc-500' : 'text-zinc-300')}>{n}</span>
            </button>
          );
        })}
      </div>
      <div className="ml-auto flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-host`} className="sr-only">
          Host
        </label>
        <Select id={`${id}-host`} value={host} onChange={(e) => onHost(e.target.value)} className="h-7 w-36! text-xs">
          <option value="">All hosts</option>
          {engines.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
              {e.status !== 'online' ? ` (${e.status})` : ''}
            </option>
          ))}
        </Select>
        <label htmlFor={`${id}-q`} className="sr-only">
          Search by name, digest or id
        </label>
        <Input
          id={`${id}-q`}
          type="search"
          placeholder="Search name, digest or id…"
          value={q}
          onChange={(e) => onQ(e.target.value)}
          className="h-7 w-56! text-xs"
        />
        {q && (
          <Button size="sm" variant="ghost" onClick={() => onQ('')}>
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}

/** Holds the toolbar's place until hydration, so an early click is not lost on a control that does nothing yet. */
export function ImageToolbarPlaceholder() {
  return <div className="mb-2 h-[42px] animate-pulse rounded-lg border border-zinc-200 bg-white shadow-xs" aria-hidden />;
}
