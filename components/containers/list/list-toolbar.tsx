'use client';

import { useId } from 'react';
import type { EngineSummary } from '@/server/contracts/engines';
import { Button } from '../../ui/button';
import { cn } from '../../ui/cn';
import { Input, Select } from '../../ui/field';
import { REMOVED_OUTSIDE } from '@/server/contracts/containers';
import { STATE_CHIPS, type StateFilter } from './list-model';
import type { ListFilters } from './use-list-filters';

/** The filter bar: state chips with counts, then host, name, image, label and compose-project filters. */
export function ListToolbar({
  filters,
  engines,
  images,
  projects,
  chipCount,
  removers,
}: {
  filters: ListFilters;
  engines: readonly EngineSummary[];
  images: readonly string[];
  projects: readonly string[];
  /** The number on a chip; null shows none (deleted records not loaded yet). */
  chipCount: (chip: StateFilter) => number | null;
  /** In the Deleted view: the Wharf users who removed containers (the search then covers who removed them too). */
  removers?: readonly string[];
}) {
  const searchId = useId();
  const filtersActive = !!(filters.q || filters.image || filters.label || filters.project || (removers && filters.by));
  return (
    <div className="mb-2 flex flex-wrap items-center gap-2 rounded-lg border border-zinc-200 bg-white px-2 py-1.5 shadow-xs">
      <div role="group" aria-label="State" className="flex flex-wrap items-center gap-1">
        {STATE_CHIPS.map((chip) => {
          const n = chipCount(chip.id);
          const active = filters.state === chip.id;
          return (
            <button
              key={chip.id}
              type="button"
              aria-pressed={active}
              onClick={() => filters.set({ state: chip.id === 'all' ? '' : chip.id })}
              className={cn(
                'inline-flex h-7 items-center gap-1.5 rounded-full border px-2.5 text-xs font-medium transition-colors',
                active
                  ? 'border-sky-600 bg-sky-50 text-sky-800'
                  : 'border-zinc-200 bg-white text-zinc-600 hover:border-zinc-300 hover:text-zinc-900',
              )}
            >
              {chip.label}
              {n !== null && (
                <span className={cn('tabular-nums', active ? 'text-sky-700' : n ? 'text-zinc-500' : 'text-zinc-300')}>{n}</span>
              )}
            </button>
          );
        })}
      </div>
      <div className="ml-auto flex flex-wrap items-center gap-2">
        <label htmlFor={`${searchId}-host`} className="sr-only">
          Host
        </label>
        <Select
          id={`${searchId}-host`}
          value={filters.host}
          onChange={(e) => filters.set({ host: e.target.value })}
          className="h-7 text-xs w-36!"
        >
          <option value="">All hosts</option>
          {engines.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
              {e.status !== 'online' ? ` (${e.status})` : ''}
            </option>
          ))}
        </Select>
        {removers && (
          <>
            <label htmlFor={`${searchId}-by`} className="sr-only">
              Removed by
            </label>
            <Select
              id={`${searchId}-by`}
              data-testid="deleted-by-filter"
              value={filters.by}
              onChange={(e) => filters.set({ by: e.target.value })}
              className="h-7 text-xs w-48!"
            >
              <option value="">Removed by anyone</option>
              <option value={REMOVED_OUTSIDE}>Outside Wharf (CLI, other tools)</option>
              {removers.map((u) => (
                <option key={u} value={u}>
                  by {u}
                </option>
              ))}
            </Select>
          </>
        )}
        <label htmlFor={`${searchId}-q`} className="sr-only">
          {removers ? 'Search by name, image or who removed it' : 'Search by name'}
        </label>
        <Input
          id={`${searchId}-q`}
          type="search"
          placeholder={removers ? 'Name, image or remover…' : 'Search name or id…'}
          value={filters.q}
          onChange={(e) => filters.set({ q: e.target.value })}
          className={removers ? 'h-7 text-xs w-52!' : 'h-7 text-xs w-44!'}
        />
        <label htmlFor={`${searchId}-image`} className="sr-only">
          Filter by image
        </label>
        <Input
          id={`${searchId}-image`}
          type="search"
          list={`${searchId}-images`}
          placeholder="Image…"
          value={filters.image}
          onChange={(e) => filters.set({ image: e.target.value })}
          className="h-7 text-xs w-36!"
        />
        <datalist id={`${searchId}-images`}>
          {images.map((i) => (
            <option key={i} value={i} />
          ))}
        </datalist>
        <label htmlFor={`${searchId}-label`} className="sr-only">
          Filter by label
        </label>
        <Input
          id={`${searchId}-label`}
          type="search"
          placeholder="Label key or key=value"
          value={filters.label}
          onChange={(e) => filters.set({ label: e.target.value })}
          className="h-7 font-mono text-xs w-44!"
        />
        <label htmlFor={`${searchId}-project`} className="sr-only">
          Compose project
        </label>
        <Select
          id={`${searchId}-project`}
          value={filters.project}
          onChange={(e) => filters.set({ project: e.target.value })}
          className="h-7 text-xs w-36!"
        >
          <option value="">All projects</option>
          {projects.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </Select>
        {filtersActive && (
          <Button size="sm" variant="ghost" onClick={() => filters.set({ q: '', image: '', label: '', project: '', by: '' })}>
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}

/** Holds the toolbar's place until hydration, so an early click is not lost on a control that does nothing yet. */
export function ListToolbarPlaceholder() {
  return <div className="mb-2 h-[42px] animate-pulse rounded-lg border border-zinc-200 bg-white shadow-xs" aria-hidden />;
}
