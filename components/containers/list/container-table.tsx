'use client';

import { useRef, type ReactNode } from 'react';
import type { ContainerAction, ContainerSummary } from '@/server/contracts/containers';
import type { EngineSummary } from '@/server/contracts/engines';
import type { Permission } from '@/server/contracts/permissions';
import { cn } from '../../ui/cn';
import { Skeleton } from '../../ui/skeleton';
import { DeletedRow } from './deleted-row';
import { ROW_HEIGHT, type Row, type Sort, type SortKey } from './list-model';
import { LiveRow } from './live-row';
import { useFixedRows } from './use-fixed-rows';

/**
 * The table of containers. Only the rows in view (and a margin) are in the DOM: thousands of
 * containers scroll as smoothly as ten.
 */
export function ContainerTable({
  rows,
  loading,
  showDeleted,
  empty,
  sort,
  onSort,
  selected,
  selectedCount,
  allSelected,
  onToggleAll,
  onToggle,
  rights,
  engineById,
  now,
  pending,
  onAction,
  onNavigate,
}: {
  rows: Row[];
  loading: boolean;
  showDeleted: boolean;
  /** What the table says when no row passes the filters. */
  empty: ReactNode;
  sort: Sort;
  onSort: (k: SortKey) => void;
  selected: ReadonlySet<string>;
  selectedCount: number;
  allSelected: boolean;
  onToggleAll: () => void;
  onToggle: (key: string) => void;
  /** What the user may do (components/auth/use-can.ts): rows offer only that. */
  rights: (permission: Permission, hostId?: string) => boolean;
  engineById: ReadonlyMap<string, EngineSummary>;
  now: number;
  /** What is in progress per container key ("stopping", …). */
  pending: ReadonlyMap<string, string>;
  onAction: (c: ContainerSummary, a: ContainerAction) => void;
  onNavigate: (href: string) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { start, end, padTop, padBottom } = useFixedRows(scrollRef, rows.length, ROW_HEIGHT, 15);

  return (
    <div
      ref={scrollRef}
      className="min-h-0 flex-1 overflow-auto rounded-lg border border-zinc-200 bg-white shadow-xs"
      data-testid="container-table"
    >
      {/* Below 1024 px only name, state and actions keep a column; the rest folds into a line under the name. */}
      <table className="w-full table-fixed lg:min-w-[960px] border-separate border-spacing-0 text-[13px]">
        <colgroup>
          <col className="w-8" />
          <col className="w-[22%] max-lg:w-auto" />
          <col className="w-[9%] max-lg:hidden" />
          <col className="w-[20%] max-lg:hidden" />
          <col className="w-[19%] max-lg:w-[40%] max-sm:w-[6.5rem]" />
          <col className="w-[14%] max-lg:hidden" />
          <col className="w-[9%] max-lg:hidden" />
          <col className="w-9" />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-zinc-50 text-left text-xs text-zinc-500">
          <tr>
            <th className="border-b border-zinc-200 pl-2.5">
              {!showDeleted && rights('containers.manage') && (
                <input
                  type="checkbox"
                  aria-label="Select all shown containers"
                  className="size-3.5 accent-sky-700"
                  checked={allSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = selectedCount > 0 && !allSelected;
                  }}
                  onChange={onToggleAll}
                />
              )}
            </th>
            <SortHeader label="Name" k="name" sort={sort} onSort={onSort} />
            <SortHeader label="Host" k="host" sort={sort} onSort={onSort} folds />
            <SortHeader label="Image" k="image" sort={sort} onSort={onSort} folds />
            <SortHeader label="State" k="state" sort={sort} onSort={onSort} />
            <SortHeader label={showDeleted ? 'Deleted by' : 'Ports'} k="ports" sort={sort} onSort={onSort} folds />
            <SortHeader label={showDeleted ? 'Deleted' : 'Created'} k="created" sort={sort} onSort={onSort} folds />
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
                  <td key={j} className={cn('border-b border-zinc-100 px-2 py-2.5', FOLDS.has(j) && 'max-lg:hidden')}>
                    {j > 0 && j < 7 && <Skeleton className="h-3 w-3/4" />}
                  </td>
                ))}
              </tr>
            ))}
          {!loading && rows.length === 0 && (
            <tr>
              <td colSpan={8} className="px-4 py-12 text-center text-zinc-500" data-testid="empty-state">
                {empty}
              </td>
            </tr>
          )}
          {padTop > 0 && (
            <tr aria-hidden>
              <td colSpan={8} style={{ height: padTop, padding: 0 }} />
            </tr>
          )}
          {rows
            .slice(start, end)
            .map((row) =>
              row.kind === 'live' ? (
                <LiveRow
                  key={row.key}
                  c={row.c}
                  hostName={row.hostName}
                  engine={engineById.get(row.c.hostId)}
                  now={now}
                  selected={selected.has(row.key)}
                  onToggle={() => onToggle(row.key)}
                  canManage={rights('containers.manage', row.c.hostId)}
                  canExec={rights('exec', row.c.hostId)}
                  pending={pending.get(row.key)}
                  onAction={(a) => onAction(row.c, a)}
                  onNavigate={onNavigate}
                />
              ) : (
                <DeletedRow key={row.key} d={row.d} hostName={row.hostName} now={now} />
              ),
            )}
          {padBottom > 0 && (
            <tr aria-hidden>
              <td colSpan={8} style={{ height: padBottom, padding: 0 }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** The columns (by index) that fold into the name cell below 1024 px. */
const FOLDS = new Set([2, 3, 5, 6]);

function SortHeader({
  label,
  k,
  sort,
  onSort,
  folds,
}: {
  label: string;
  k: SortKey;
  sort: Sort;
  onSort: (k: SortKey) => void;
  /** Hidden below 1024 px: its value is on the details line under the name. */
  folds?: boolean;
}) {
  const active = sort.key === k;
  return (
    <th
      className={cn('border-b border-zinc-200 px-2 py-1.5 font-medium', folds && 'max-lg:hidden')}
      aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        onClick={() => onSort(k)}
        className={cn('inline-flex items-center gap-1 hover:text-zinc-900', active && 'text-zinc-900')}
      >
        {label}
        <span aria-hidden className={cn('text-[10px]', !active && 'opacity-0')}>
          {sort.dir === 1 || !active ? '▲' : '▼'}
        </span>
      </button>
    </th>
  );
}
