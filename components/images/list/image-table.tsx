'use client';

import { useRef, type ReactNode } from 'react';
import { useCan } from '../../auth/use-can';
import { useFixedRows } from '../../containers/list/use-fixed-rows';
import { cn } from '../../ui/cn';
import { Skeleton } from '../../ui/skeleton';
import { ImageRowView } from './image-row';
import { ROW_HEIGHT, type ImageRow, type Sort, type SortKey } from './list-model';

/** The table of images; only the rows in view (and a margin) are in the DOM. */
export function ImageTable({
  rows,
  loading,
  empty,
  showHost,
  sort,
  onSort,
  selected,
  selectedCount,
  allSelected,
  onToggleAll,
  onToggle,
  offlineHosts,
  now,
}: {
  rows: ImageRow[];
  loading: boolean;
  empty: ReactNode;
  showHost: boolean;
  sort: Sort;
  onSort: (k: SortKey) => void;
  selected: ReadonlySet<string>;
  selectedCount: number;
  allSelected: boolean;
  onToggleAll: () => void;
  onToggle: (key: string) => void;
  offlineHosts: ReadonlySet<string>;
  now: number;
}) {
  // Selections are for removing and saving: only for those who may.
  const selectable = useCan('images.manage');
  const scrollRef = useRef<HTMLDivElement>(null);
  const { start, end, padTop, padBottom } = useFixedRows(scrollRef, rows.length, ROW_HEIGHT, 15);
  const cols = showHost ? 11 : 10;
  const header = (label: string, k: SortKey, right = false, folds = false) => (
    <SortHeader label={label} k={k} sort={sort} onSort={onSort} right={right} folds={folds} />
  );
  return (
    <div
      ref={scrollRef}
      className="min-h-0 flex-1 overflow-auto rounded-lg border border-zinc-200 bg-white shadow-xs"
      data-testid="image-table"
    >
      {/* Below 1024 px: name, size, users and actions; id, created and host fold under the name. */}
      <table className="w-full table-fixed lg:min-w-[1080px] border-separate border-spacing-0 text-[13px]">
        <colgroup>
          <col className="w-8" />
          <col className={cn(showHost ? 'w-[27%]' : 'w-[32%]', 'max-lg:w-auto')} />
          <col className="w-[9%] max-lg:hidden" />
          <col className="w-[12%] max-lg:hidden" />
          <col className="w-[7%] max-lg:w-16" />
          <col className="w-[7%] max-lg:hidden" />
          <col className="w-[7%] max-lg:hidden" />
          <col className="w-[8%] max-lg:hidden" />
          <col className="w-[8%] max-lg:w-[28%]" />
          {showHost && <col className="w-[8%] max-lg:hidden" />}
          <col className="w-9" />
        </colgroup>
        <thead className="sticky top-0 z-10 bg-zinc-50 text-left text-xs text-zinc-500">
          <tr>
            <th className="border-b border-zinc-200 pl-2.5">
              {selectable && (
                <input
                  type="checkbox"
                  aria-label="Select all shown images"
                  className="size-3.5 accent-sky-700"
                  checked={allSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = selectedCount > 0 && !allSelected;
                  }}
                  onChange={onToggleAll}
                />
              )}
            </th>
            {header('Repository:tag', 'name')}
            <th className="border-b border-zinc-200 px-2 py-1.5 font-medium max-lg:hidden">ID</th>
            <th className="border-b border-zinc-200 px-2 py-1.5 font-medium max-lg:hidden">Digest</th>
            {header('Size', 'size', true)}
            {header('Shared', 'shared', true, true)}
            {header('Own', 'own', true, true)}
            {header('Created', 'created', false, true)}
            {header('Containers', 'containers')}
            {showHost && header('Host', 'host', false, true)}
            <th className="border-b border-zinc-200">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {loading &&
            Array.from({ length: 8 }, (_, i) => (
              <tr key={i} aria-hidden>
                {Array.from({ length: cols }, (_, j) => (
                  <td
                    key={j}
                    className={cn('border-b border-zinc-100 px-2 py-2.5', j > 1 && j < cols - 1 && j !== 4 && j !== 8 && 'max-lg:hidden')}
                  >
                    {j > 0 && j < cols - 1 && <Skeleton className="h-3 w-3/4" />}
                  </td>
                ))}
              </tr>
            ))}
          {!loading && rows.length === 0 && (
            <tr>
              <td colSpan={cols} className="px-4 py-12 text-center text-zinc-500" data-testid="empty-state">
                {empty}
              </td>
            </tr>
          )}
          {padTop > 0 && (
            <tr aria-hidden>
              <td colSpan={cols} style={{ height: padTop, padding: 0 }} />
            </tr>
          )}
          {rows.slice(start, end).map((row) => (
            <ImageRowView
              key={row.key}
              row={row}
              showHost={showHost}
              now={now}
              selected={selected.has(row.key)}
              onToggle={onToggle}
              offline={offlineHosts.has(row.image.hostId)}
              selectable={selectable}
            />
          ))}
          {padBottom > 0 && (
            <tr aria-hidden>
              <td colSpan={cols} style={{ height: padBottom, padding: 0 }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function SortHeader({
  label,
  k,
  sort,
  onSort,
  right,
  folds,
}: {
  label: string;
  k: SortKey;
  sort: Sort;
  onSort: (k: SortKey) => void;
  right: boolean;
  /** Hidden below 1024 px: the value is on the line under the name. */
  folds: boolean;
}) {
  const active = sort.key === k;
  return (
    <th
      className={cn('border-b border-zinc-200 px-2 py-1.5 font-medium', right && 'text-right', folds && 'max-lg:hidden')}
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
