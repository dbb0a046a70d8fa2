'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useDeferredValue, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { CONTAINER_ACTIONS, type ActionResult, type ContainerAction, type ContainerSummary, type DeletedContainer } from '@/server/contracts/containers';
import type { EngineSummary } from '@/server/contracts/engines';
import { errorMessage } from '../api';
import { formatAgo, formatDateTime } from '../format';
import { useEngines } from '../hosts/use-engines';
import { useNow } from '../use-now';
import { ErrorAlert } from '../ui/alert';
import { Button, buttonClass } from '../ui/button';
import { cn } from '../ui/cn';
import { Input, Select } from '../ui/field';
import { Menu } from '../ui/menu';
import { Skeleton } from '../ui/skeleton';
import { Spinner } from '../ui/spinner';
import { Toaster } from '../ui/toast';
import { ACTION_LABELS, actionApplies, useActionRunner } from './container-actions';
import {
  containerHref,
  containerKey,
  deletedDetail,
  matchesLabel,
  portLabel,
  portUrl,
  shortId,
  stateDetail,
  terminalHref,
  uniquePorts,
  type DisplayState,
} from './container-model';
import { usePendingActions } from './pending-actions';
import { StateBadge } from './state-badge';
import { useContainers, useDeletedContainers, type ActionTarget } from './use-containers';
import { useHydrated } from './use-hydrated';
import { isPartialList } from '../realtime/live-views';

const STATE_CHIPS: Array<{ id: 'all' | DisplayState; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'running', label: 'Running' },
  { id: 'paused', label: 'Paused' },
  { id: 'exited', label: 'Exited' },
  { id: 'created', label: 'Created' },
  { id: 'restarting', label: 'Restarting' },
  { id: 'dead', label: 'Dead' },
  { id: 'deleted', label: 'Deleted' },
];

type SortKey = 'name' | 'host' | 'image' | 'state' | 'created' | 'ports';
const STATE_ORDER: Record<DisplayState, number> = { running: 0, restarting: 1, paused: 2, removing: 3, created: 4, exited: 5, dead: 6, deleted: 7 };

/** A row of the table: a live container or the record of a deleted one. */
type Row =
  | { kind: 'live'; key: string; c: ContainerSummary; hostName: string }
  | { kind: 'deleted'; key: string; d: DeletedContainer; hostName: string };

const ROW_HEIGHT = 34;

function firstHostPort(ports: ContainerSummary['ports']): number {
  return uniquePorts(ports)[0]?.hostPort ?? Number.MAX_SAFE_INTEGER;
}

// One collator for every comparison: localeCompare with options builds a new one per call, which
// made sorting 1,000 rows cost ~80 ms on every live update.
const byName = new Intl.Collator(undefined, { numeric: true }).compare;
const byText = new Intl.Collator().compare;

function compareRows(a: Row, b: Row, key: SortKey): number {
  const name = (r: Row) => (r.kind === 'live' ? r.c.name : r.d.name);
  switch (key) {
    case 'name':
      return byName(name(a), name(b));
    case 'host':
      return byText(a.hostName, b.hostName) || byName(name(a), name(b));
    case 'image': {
      const img = (r: Row) => (r.kind === 'live' ? r.c.image : r.d.image);
      return byText(img(a), img(b)) || byName(name(a), name(b));
    }
    case 'state': {
      const st = (r: Row) => STATE_ORDER[r.kind === 'live' ? r.c.state : 'deleted'];
      return st(a) - st(b) || byName(name(a), name(b));
    }
    case 'created': {
      const t = (r: Row) => Date.parse((r.kind === 'live' ? r.c.created : r.d.deletedAt) ?? '') || 0;
      return t(a) - t(b);
    }
    case 'ports': {
      const p = (r: Row) => firstHostPort(r.kind === 'live' ? r.c.ports : r.d.ports);
      return p(a) - p(b) || byName(name(a), name(b));
    }
  }
}

function useUrlFilters() {
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
  const state = (STATE_CHIPS.some((c) => c.id === stateParam) ? stateParam : 'all') as 'all' | DisplayState;
  return { host: get('host'), state, q: get('q'), image: get('image'), label: get('label'), project: get('project'), set };
}

export function ContainerList() {
  const now = useNow(10_000);
  const filters = useUrlFilters();
  const engines = useEngines();
  const containers = useContainers();
  const showDeleted = filters.state === 'deleted';
  const deleted = useDeletedContainers(showDeleted);
  const pending = usePendingActions();
  const [sortChoice, setSort] = useState<{ key: SortKey; dir: 1 | -1 } | null>(null);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [bulkResult, setBulkResult] = useState<{ action: ContainerAction; results: ActionResult[]; names: Map<string, string> } | null>(null);
  // Deleted records read newest first (what just went away); live containers by name.
  const sort = sortChoice ?? (showDeleted ? { key: 'created' as const, dir: -1 as const } : { key: 'name' as const, dir: 1 as const });
  const q = useDeferredValue(filters.q.trim().toLowerCase());
  const imageFilter = useDeferredValue(filters.image.trim().toLowerCase());
  const labelFilter = useDeferredValue(filters.label.trim());

  const engineById = useMemo(() => new Map((engines.data ?? []).map((e) => [e.id, e])), [engines.data]);

  // Everything but the state chip: counts on the chips follow the other filters.
  const passes = (r: { hostId: string; name: string; id: string; image: string; labels: Record<string, string>; composeProject: string | null }) =>
    (!filters.host || r.hostId === filters.host) &&
    (!q || r.name.toLowerCase().includes(q) || r.id.startsWith(q)) &&
    (!imageFilter || r.image.toLowerCase().includes(imageFilter)) &&
    (!labelFilter || matchesLabel(r.labels, labelFilter)) &&
    (!filters.project || r.composeProject === filters.project);

  const base = useMemo(
    () => (containers.data ?? []).filter(passes),
    [containers.data, filters.host, q, imageFilter, labelFilter, filters.project],
  );
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const c of base) m.set(c.state, (m.get(c.state) ?? 0) + 1);
    return m;
  }, [base]);
  const deletedBase = useMemo(
    () => (deleted.data ?? []).filter(passes),
    [deleted.data, filters.host, q, imageFilter, labelFilter, filters.project],
  );

  const rows: Row[] = useMemo(() => {
    const list: Row[] = showDeleted
      ? deletedBase.map((d) => ({ kind: 'deleted', key: `deleted:${containerKey(d)}:${d.deletedAt}`, d, hostName: engineById.get(d.hostId)?.name ?? d.hostId }))
      : base
          .filter((c) => filters.state === 'all' || c.state === filters.state)
          .map((c) => ({ kind: 'live', key: containerKey(c), c, hostName: engineById.get(c.hostId)?.name ?? c.hostId }));
    return list.sort((a, b) => compareRows(a, b, sort.key) * sort.dir);
  }, [showDeleted, deletedBase, base, filters.state, engineById, sort]);

  const projects = useMemo(() => [...new Set((containers.data ?? []).map((c) => c.composeProject).filter((p): p is string => !!p))].sort(), [containers.data]);
  const images = useMemo(() => [...new Set((containers.data ?? []).map((c) => c.image))].sort(), [containers.data]);

  const liveByKey = useMemo(() => new Map((containers.data ?? []).map((c) => [containerKey(c), c])), [containers.data]);
  const visibleKeys = useMemo(() => new Set(rows.filter((r) => r.kind === 'live').map((r) => r.key)), [rows]);
  const selection = [...selected].filter((k) => visibleKeys.has(k) && liveByKey.has(k));
  const selectionTargets: ActionTarget[] = selection.map((k) => {
    const c = liveByKey.get(k)!;
    return { hostId: c.hostId, id: c.id, name: c.name };
  });

  const runner = useActionRunner({
    onBulkResult: (results, action, targets) => {
      const names = new Map(targets.map((t) => [containerKey(t), t.name]));
      setBulkResult(results.some((r) => !r.ok) ? { action, results, names } : null);
    },
  });

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
    getItemKey: (i) => rows[i]?.key ?? i,
    initialRect: { width: 1200, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = Math.max(0, virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0));

  const offline = (engines.data ?? []).filter((e) => e.status !== 'online' && (!filters.host || e.id === filters.host));
  const allSelected = visibleKeys.size > 0 && selection.length === visibleKeys.size;
  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(visibleKeys));
  const toggle = (key: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });

  const sortBy = (key: SortKey) => setSort(sort.key === key ? { key, dir: sort.dir === 1 ? -1 : 1 } : { key, dir: key === 'created' ? -1 : 1 });
  const filtersActive = !!(filters.q || filters.image || filters.label || filters.project);
  const loading = showDeleted ? deleted.isPending : containers.isPending;
  const error = showDeleted ? deleted.error : containers.error;
  const newHref = `/containers/new${filters.host ? `?host=${encodeURIComponent(filters.host)}` : ''}`;
  const searchId = useId();
  const router = useRouter();
  const hydrated = useHydrated();

  return (
    <div className="flex h-full min-h-[560px] flex-col px-5 py-4 max-sm:px-3">
      <Toaster />
      <title>Containers · Wharf</title>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <div className="flex min-w-0 items-baseline gap-3">
          <h1 className="text-lg font-semibold tracking-tight text-zinc-900">Containers</h1>
          <span className="text-xs text-zinc-500" data-testid="container-count">
            {containers.data && !isPartialList(containers.data)
              ? `${showDeleted ? deletedBase.length : rows.length} shown · ${containers.data.length} on ${engineById.size} host${engineById.size === 1 ? '' : 's'}`
              : ''}
          </span>
        </div>
        <Link href={newHref} className={buttonClass('primary')}>
          <svg viewBox="0 0 16 16" className="size-3.5" aria-hidden>
            <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
          New container
        </Link>
      </div>

      {/* Filters: shown once hydrated, so an early click is not lost */}
      {!hydrated ? (
        <div className="mb-2 h-[42px] animate-pulse rounded-lg border border-zinc-200 bg-white shadow-xs" aria-hidden />
      ) : (
        <div className="mb-2 flex flex-wrap items-center gap-2 rounded-lg border border-zinc-200 bg-white px-2 py-1.5 shadow-xs">
          <div role="group" aria-label="State" className="flex flex-wrap items-center gap-1">
            {STATE_CHIPS.map((chip) => {
              const n = chip.id === 'all' ? base.length : chip.id === 'deleted' ? (deleted.data ? deletedBase.length : null) : (counts.get(chip.id) ?? 0);
              const active = filters.state === chip.id;
              return (
                <button
                  key={chip.id}
                  type="button"
                  aria-pressed={active}
                  onClick={() => filters.set({ state: chip.id === 'all' ? '' : chip.id })}
                  className={cn(
                    'inline-flex h-7 items-center gap-1.5 rounded-full border px-2.5 text-xs font-medium transition-colors',
                    active ? 'border-sky-600 bg-sky-50 text-sky-800' : 'border-zinc-200 bg-white text-zinc-600 hover:border-zinc-300 hover:text-zinc-900',
                )}
              >
                {chip.label}
                {n !== null && <span className={cn('tabular-nums', active ? 'text-sky-700' : n ? 'text-zinc-500' : 'text-zinc-300')}>{n}</span>}
              </button>
            );
          })}
        </div>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <label htmlFor={`${searchId}-host`} className="sr-only">
            Host
          </label>
          <Select id={`${searchId}-host`} value={filters.host} onChange={(e) => filters.set({ host: e.target.value })} className="h-7 text-xs w-36!">
            <option value="">All hosts</option>
            {(engines.data ?? []).map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
                {e.status !== 'online' ? ` (${e.status})` : ''}
              </option>
            ))}
          </Select>
          <label htmlFor={`${searchId}-q`} className="sr-only">
            Search by name
          </label>
          <Input id={`${searchId}-q`} type="search" placeholder="Search name or id…" value={filters.q} onChange={(e) => filters.set({ q: e.target.value })} className="h-7 text-xs w-44!" />
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
          <Select id={`${searchId}-project`} value={filters.project} onChange={(e) => filters.set({ project: e.target.value })} className="h-7 text-xs w-36!">
            <option value="">All projects</option>
            {projects.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </Select>
          {filtersActive && (
            <Button size="sm" variant="ghost" onClick={() => filters.set({ q: '', image: '', label: '', project: '' })}>
              Clear filters
            </Button>
          )}
        </div>
      </div>
      )}

      {offline.length > 0 && (
        <div role="status" data-testid="engine-offline" className="mb-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-1.5 text-xs text-amber-900">
          {offline.map((e, i) => (
            <span key={e.id}>
              {i > 0 && ' · '}
              <Link href={`/hosts/${e.id}`} className="font-medium underline">
                {e.name}
              </Link>{' '}
              is {e.status}
              {e.lastError ? ` (${e.lastError})` : ''}
            </span>
          ))}
          {'. '}
          Its containers are shown as last known and cannot be acted on until it answers.
        </div>
      )}

      {/* Bulk bar */}
      {selection.length > 0 && !showDeleted && (
        <div data-testid="bulk-bar" className="mb-2 flex flex-wrap items-center gap-1.5 rounded-lg border border-sky-200 bg-sky-50 px-2 py-1.5">
          <span className="mr-1 text-xs font-medium text-sky-900" data-testid="selection-count">
            {selection.length} selected
          </span>
          {CONTAINER_ACTIONS.filter((a) => a !== 'rename').map((a) => (
            <Button
              key={a}
              size="sm"
              variant={a === 'remove' || a === 'kill' ? 'secondary' : 'secondary'}
              className={a === 'remove' || a === 'kill' ? 'text-red-700' : undefined}
              pending={runner.running === a}
              disabled={runner.running !== null}
              onClick={() => runner.run(selectionTargets, a)}
            >
              {ACTION_LABELS[a]}
            </Button>
          ))}
          <Button size="sm" variant="ghost" className="ml-auto" onClick={() => setSelected(new Set())}>
            Clear selection
          </Button>
        </div>
      )}
      {bulkResult && (
        <div role="alert" data-testid="action-error" className="mb-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-900">
          <div className="flex items-start justify-between gap-2">
            <p className="font-semibold">
              {ACTION_LABELS[bulkResult.action]} failed for {bulkResult.results.filter((r) => !r.ok).length} of {bulkResult.results.length} containers
            </p>
            <Button size="sm" variant="ghost" onClick={() => setBulkResult(null)}>
              Dismiss
            </Button>
          </div>
          <ul className="mt-1 max-h-32 space-y-0.5 overflow-auto text-xs" data-testid="bulk-failures">
            {bulkResult.results
              .filter((r) => !r.ok)
              .map((r) => (
                <li key={containerKey(r)}>
                  <span className="font-medium">{bulkResult.names.get(containerKey(r)) ?? shortId(r.id)}</span>: {r.message ?? 'failed'}
                </li>
              ))}
          </ul>
        </div>
      )}

      {error ? (
        <ErrorAlert title="Containers could not be loaded">{errorMessage(error)}</ErrorAlert>
      ) : (
        <div ref={scrollRef} className="min-h-0 flex-1 overflow-auto rounded-lg border border-zinc-200 bg-white shadow-xs" data-testid="container-table">
          <table className="w-full min-w-[960px] table-fixed border-separate border-spacing-0 text-[13px]">
            <colgroup>
              <col className="w-8" />
              <col className="w-[22%]" />
              <col className="w-[9%]" />
              <col className="w-[20%]" />
              <col className="w-[19%]" />
              <col className="w-[14%]" />
              <col className="w-[9%]" />
              <col className="w-9" />
            </colgroup>
            <thead className="sticky top-0 z-10 bg-zinc-50 text-left text-xs text-zinc-500">
              <tr>
                <th className="border-b border-zinc-200 pl-2.5">
                  {!showDeleted && (
                    <input
                      type="checkbox"
                      aria-label="Select all shown containers"
                      className="size-3.5 accent-sky-700"
                      checked={allSelected}
                      ref={(el) => {
                        if (el) el.indeterminate = selection.length > 0 && !allSelected;
                      }}
                      onChange={toggleAll}
                    />
                  )}
                </th>
                <SortHeader label="Name" k="name" sort={sort} onSort={sortBy} />
                <SortHeader label="Host" k="host" sort={sort} onSort={sortBy} />
                <SortHeader label="Image" k="image" sort={sort} onSort={sortBy} />
                <SortHeader label="State" k="state" sort={sort} onSort={sortBy} />
                <SortHeader label={showDeleted ? 'Deleted by' : 'Ports'} k="ports" sort={sort} onSort={sortBy} />
                <SortHeader label={showDeleted ? 'Deleted' : 'Created'} k="created" sort={sort} onSort={sortBy} />
                <th className="border-b border-zinc-200">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {loading &&
                Array.from({ length: 8 }, (_, i) => (
                  <tr key={i} aria-hidden>
                    {Array.from({ length: 8 }, (_, j) => (
                      <td key={j} className="border-b border-zinc-100 px-2 py-2.5">
                        {j > 0 && j < 7 && <Skeleton className="h-3 w-3/4" />}
                      </td>
                    ))}
                  </tr>
                ))}
              {!loading && rows.length === 0 && (
                <tr>
                  <td colSpan={8} className="px-4 py-12 text-center text-zinc-500" data-testid="empty-state">
                    {emptyText(showDeleted, filters.state, filtersActive || !!filters.host, (containers.data?.length ?? 0) === 0)}
                    {(containers.data?.length ?? 0) === 0 && !showDeleted && (
                      <div className="mt-3">
                        <Link href={newHref} className={buttonClass('primary')}>
                          New container
                        </Link>
                      </div>
                    )}
                  </td>
                </tr>
              )}
              {padTop > 0 && (
                <tr aria-hidden>
                  <td colSpan={8} style={{ height: padTop, padding: 0 }} />
                </tr>
              )}
              {items.map((vi) => {
                const row = rows[vi.index];
                if (!row) return null;
                return row.kind === 'live' ? (
                  <LiveRow
                    key={row.key}
                    c={row.c}
                    hostName={row.hostName}
                    engine={engineById.get(row.c.hostId)}
                    now={now}
                    selected={selected.has(row.key)}
                    onToggle={() => toggle(row.key)}
                    pending={pending.get(row.key)}
                    onAction={(a) => runner.run([{ hostId: row.c.hostId, id: row.c.id, name: row.c.name }], a)}
                    onNavigate={(href) => router.push(href)}
                  />
                ) : (
                  <DeletedRow key={row.key} d={row.d} hostName={row.hostName} now={now} />
                );
              })}
              {padBottom > 0 && (
                <tr aria-hidden>
                  <td colSpan={8} style={{ height: padBottom, padding: 0 }} />
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {runner.dialog}
    </div>
  );
}

function emptyText(showDeleted: boolean, state: string, filtered: boolean, none: boolean): ReactNode {
  if (showDeleted) return filtered ? 'No deleted containers match these filters.' : 'No containers have been deleted since Wharf started watching.';
  if (none) return 'There are no containers on any host yet.';
  if (filtered) return `No ${state === 'all' ? '' : `${state} `}containers match these filters.`;
  return `No ${state} containers.`;
}

function SortHeader({ label, k, sort, onSort }: { label: string; k: SortKey; sort: { key: SortKey; dir: 1 | -1 }; onSort: (k: SortKey) => void }) {
  const active = sort.key === k;
  return (
    <th className="border-b border-zinc-200 px-2 py-1.5 font-medium" aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
      <button type="button" onClick={() => onSort(k)} className={cn('inline-flex items-center gap-1 hover:text-zinc-900', active && 'text-zinc-900')}>
        {label}
        <span aria-hidden className={cn('text-[10px]', !active && 'opacity-0')}>
          {sort.dir === 1 || !active ? '▲' : '▼'}
        </span>
      </button>
    </th>
  );
}

function PortLinks({ ports, engine }: { ports: ContainerSummary['ports']; engine: EngineSummary | undefined }) {
  const list = uniquePorts(ports);
  if (!list.length) return <span className="text-zinc-300">—</span>;
  return (
    <span className="flex min-w-0 gap-1.5 overflow-hidden" title={list.map(portLabel).join(', ')}>
      {list.map((p) => {
        const url = portUrl(p, engine);
        const text = portLabel(p);
        return url ? (
          <a key={text} href={url} target="_blank" rel="noreferrer" className="shrink-0 font-mono text-[12px] text-sky-700 hover:underline" data-testid="port-link">
            {text}
          </a>
        ) : (
          <span key={text} className="shrink-0 font-mono text-[12px] text-zinc-500">
            {text}
          </span>
        );
      })}
    </span>
  );
}

function LiveRow({
  c,
  hostName,
  engine,
  now,
  selected,
  onToggle,
  pending,
  onAction,
  onNavigate,
}: {
  c: ContainerSummary;
  hostName: string;
  engine: EngineSummary | undefined;
  now: number;
  selected: boolean;
  onToggle: () => void;
  pending: string | undefined;
  onAction: (a: ContainerAction) => void;
  onNavigate: (href: string) => void;
}) {
  const offline = engine && engine.status !== 'online';
  const detail = stateDetail(c, now);
  return (
    <tr
      data-testid="container-row"
      data-name={c.name}
      data-state={c.state}
      data-host-id={c.hostId}
      data-id={c.id}
      aria-selected={selected}
      className={cn('group h-[34px]', selected ? 'bg-sky-50/70' : 'hover:bg-zinc-50', offline && 'opacity-60')}
    >
      <td className="border-b border-zinc-100 pl-2.5">
        <input type="checkbox" aria-label={`Select ${c.name}`} className="size-3.5 accent-sky-700" checked={selected} onChange={onToggle} />
      </td>
      <td className="truncate border-b border-zinc-100 px-2">
        <Link href={containerHref(c.hostId, c.id)} className="font-medium text-zinc-900 hover:text-sky-700 hover:underline" title={`${c.name} · ${c.id}`}>
          {c.name}
        </Link>
        <span className="ml-1.5 font-mono text-[11px] text-zinc-400">{shortId(c.id)}</span>
        {c.composeProject && (
          <span className="ml-1.5 rounded bg-violet-50 px-1 text-[11px] text-violet-700 ring-1 ring-violet-200 ring-inset" title={`Compose project ${c.composeProject}`}>
            {c.composeProject}
          </span>
        )}
      </td>
      <td className="truncate border-b border-zinc-100 px-2 text-zinc-700" title={hostName}>
        {hostName}
      </td>
      <td className="truncate border-b border-zinc-100 px-2 font-mono text-[12px] text-zinc-700" title={c.image}>
        {c.image}
      </td>
      <td className="border-b border-zinc-100 px-2">
        <span className="flex min-w-0 items-center gap-1.5" title={`${c.state}: ${detail}`}>
          <StateBadge state={c.state} />
          {pending ? (
            <span className="inline-flex items-center gap-1 text-xs text-sky-700">
              <Spinner /> {pending}…
            </span>
          ) : (
            <span className="truncate text-xs text-zinc-500" data-testid="state-detail">
              {detail}
            </span>
          )}
        </span>
      </td>
      <td className="border-b border-zinc-100 px-2">
        <PortLinks ports={c.ports} engine={engine} />
      </td>
      <td className="truncate border-b border-zinc-100 px-2 text-xs text-zinc-500" title={formatDateTime(c.created)}>
        {formatAgo(c.created, now)}
      </td>
      <td className="border-b border-zinc-100 pr-1.5 text-right">
        <Menu
          label={`Actions for ${c.name}`}
          items={[
            ...CONTAINER_ACTIONS.map((a) => ({
              label: ACTION_LABELS[a],
              onSelect: () => onAction(a),
              muted: !actionApplies(a, c.state),
              danger: a === 'remove' || a === 'kill',
              separatorBefore: a === 'rename',
            })),
            { label: 'Open terminal', onSelect: () => onNavigate(terminalHref(c.hostId, c.id)), muted: c.state !== 'running', separatorBefore: true },
            { label: 'Logs', onSelect: () => onNavigate(`${containerHref(c.hostId, c.id)}?tab=logs`) },
          ]}
        />
      </td>
    </tr>
  );
}

function DeletedRow({ d, hostName, now }: { d: DeletedContainer; hostName: string; now: number }) {
  return (
    <tr data-testid="container-row" data-name={d.name} data-state="deleted" data-host-id={d.hostId} data-id={d.id} className="h-[34px] hover:bg-zinc-50">
      <td className="border-b border-zinc-100" />
      <td className="truncate border-b border-zinc-100 px-2">
        <Link href={containerHref(d.hostId, d.id)} className="font-medium text-zinc-600 hover:text-sky-700 hover:underline" title={`${d.name} · ${d.id}`}>
          {d.name}
        </Link>
        <span className="ml-1.5 font-mono text-[11px] text-zinc-400">{shortId(d.id)}</span>
      </td>
      <td className="truncate border-b border-zinc-100 px-2 text-zinc-700">{hostName}</td>
      <td className="truncate border-b border-zinc-100 px-2 font-mono text-[12px] text-zinc-600" title={d.image}>
        {d.image}
      </td>
      <td className="border-b border-zinc-100 px-2">
        <span className="flex min-w-0 items-center gap-1.5">
          <StateBadge state="deleted" />
          <span className="truncate text-xs text-zinc-500" data-testid="state-detail">
            {d.exitCode != null ? `exited (${d.exitCode})` : 'exit code unknown'}
          </span>
        </span>
      </td>
      <td className="truncate border-b border-zinc-100 px-2 text-xs" data-testid="deleted-by">
        {d.deletedBy ? (
          <span className="text-zinc-700">by {d.deletedBy}</span>
        ) : (
          <span className="text-amber-700" title="Removed with the docker CLI or another tool">
            outside Wharf
          </span>
        )}
      </td>
      <td className="truncate border-b border-zinc-100 px-2 text-xs text-zinc-500" title={`${deletedDetail(d, now)} · ${formatDateTime(d.deletedAt)}`}>
        {formatAgo(d.deletedAt, now)}
      </td>
      <td className="border-b border-zinc-100" />
    </tr>
  );
}
