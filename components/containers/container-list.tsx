'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useMemo, useState } from 'react';
import { DELETED_PAGE_SIZE, type ActionResult, type ContainerAction } from '@/server/contracts/containers';
import { errorMessage } from '../api';
import { useEngines } from '../hosts/use-engines';
import { useNow } from '../use-now';
import { ErrorAlert } from '../ui/alert';
import { buttonClass } from '../ui/button';
import { Toaster } from '../ui/toast';
import { useActionRunner } from './container-actions';
import { containerKey, matchesLabel } from './container-model';
import { useRights } from '../auth/use-can';
import { BulkBar, BulkFailures, type BulkOutcome } from './list/bulk-bar';
import { ContainerTable } from './list/container-table';
import {
  compareRows,
  countByState,
  defaultSort,
  emptyText,
  nextSort,
  passesFilters,
  type Row,
  type RowFilters,
  type Sort,
  type StateFilter,
} from './list/list-model';
import { ListToolbar, ListToolbarPlaceholder } from './list/list-toolbar';
import { CheckUpdatesButton } from './update-status';
import { OfflineEngines } from './list/offline-engines';
import { useListFilters } from './list/use-list-filters';
import { usePendingActions } from './pending-actions';
import { useContainers, useDeletedContainers, useDeletedHistory, type ActionTarget } from './use-containers';
import { DeletedPager } from './list/deleted-pager';
import { useHydrated } from './use-hydrated';
import { isPartialList } from '../realtime/live-views';

/**
 * The containers of every host in one table: filters in the URL, live state, selection and bulk
 * actions, and the records of deleted containers behind the "Deleted" chip.
 */
export function ContainerList() {
  const now = useNow(10_000);
  const filters = useListFilters();
  const engines = useEngines();
  const containers = useContainers();
  const showDeleted = filters.state === 'deleted';
  const deleted = useDeletedContainers(true);
  const [deletedPage, setDeletedPage] = useState(0);
  const pending = usePendingActions();
  const rights = useRights();
  const canManage = rights('containers.manage');
  const [sortChoice, setSort] = useState<Sort | null>(null);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [bulkResult, setBulkResult] = useState<BulkOutcome | null>(null);
  const sort = sortChoice ?? defaultSort(showDeleted);
  const q = useDeferredValue(filters.q.trim().toLowerCase());
  const imageFilter = useDeferredValue(filters.image.trim().toLowerCase());
  const labelFilter = useDeferredValue(filters.label.trim());
  const rowFilters: RowFilters = useMemo(
    () => ({ host: filters.host, q, image: imageFilter, label: labelFilter, project: filters.project }),
    [filters.host, q, imageFilter, labelFilter, filters.project],
  );

  const engineById = useMemo(() => new Map((engines.data ?? []).map((e) => [e.id, e])), [engines.data]);

  // Everything but the state chip: counts on the chips follow the other filters.
  const base = useMemo(() => (containers.data ?? []).filter((c) => passesFilters(c, rowFilters)), [containers.data, rowFilters]);
  const counts = useMemo(() => countByState(base), [base]);
  // The deleted history: the newest page is live; other pages and searches are read from the server.
  const historyQuery = useMemo(() => {
    const query: Record<string, string> = { offset: String(deletedPage * DELETED_PAGE_SIZE), limit: String(DELETED_PAGE_SIZE) };
    if (filters.host) query.host = filters.host;
    if (q) query.q = q;
    if (imageFilter) query.image = imageFilter;
    if (filters.by) query.by = filters.by;
    return query;
  }, [deletedPage, filters.host, q, imageFilter, filters.by]);
  const historyFiltered = Object.keys(historyQuery).length > 2;
  const history = useDeletedHistory(historyQuery, deleted.data?.total ?? 0, showDeleted && !!deleted.data);
  const onLivePage = deletedPage === 0 && !historyFiltered;
  const deletedTotal = onLivePage ? deleted.data?.total : history.data?.total;
  const deletedBase = useMemo(
    () =>
      ((onLivePage ? deleted.data?.records : history.data?.records) ?? []).filter(
        (d) => (!labelFilter || matchesLabel(d.labels, labelFilter)) && (!filters.project || d.composeProject === filters.project),
      ),
    [onLivePage, deleted.data, history.data, labelFilter, filters.project],
  );
  // A new search starts on the first page.
  const historyKey = `${filters.host}|${q}|${imageFilter}|${filters.by}`;
  const [lastHistoryKey, setLastHistoryKey] = useState(historyKey);
  if (historyKey !== lastHistoryKey) {
    setLastHistoryKey(historyKey);
    setDeletedPage(0);
  }

  const rows: Row[] = useMemo(() => {
    const list: Row[] = showDeleted
      ? deletedBase.map((d) => ({
          kind: 'deleted',
          key: `deleted:${containerKey(d)}:${d.deletedAt}`,
          d,
          hostName: engineById.get(d.hostId)?.name ?? d.hostId,
        }))
      : base
          .filter((c) => filters.state === 'all' || c.state === filters.state)
          .map((c) => ({ kind: 'live', key: containerKey(c), c, hostName: engineById.get(c.hostId)?.name ?? c.hostId }));
    return list.sort((a, b) => compareRows(a, b, sort.key) * sort.dir);
  }, [showDeleted, deletedBase, base, filters.state, engineById, sort]);

  const projects = useMemo(
    () => [...new Set((containers.data ?? []).map((c) => c.composeProject).filter((p): p is string => !!p))].sort(),
    [containers.data],
  );
  const images = useMemo(() => [...new Set((containers.data ?? []).map((c) => c.image))].sort(), [containers.data]);

  const liveByKey = useMemo(() => new Map((containers.data ?? []).map((c) => [containerKey(c), c])), [containers.data]);
  const visibleKeys = useMemo(() => new Set(rows.filter((r) => r.kind === 'live').map((r) => r.key)), [rows]);
  const selection = [...selected].filter((k) => visibleKeys.has(k) && liveByKey.has(k));
  const selectionTargets: ActionTarget[] = selection.map((k) => {
    const c = liveByKey.get(k)!;
    return { hostId: c.hostId, id: c.id, name: c.name };
  });

  const runner = useActionRunner({
    onBulkResult: (results: ActionResult[], action: ContainerAction, targets) => {
      const names = new Map(targets.map((t) => [containerKey(t), t.name]));
      setBulkResult(results.some((r) => !r.ok || r.unchanged) ? { action, results, names } : null);
    },
  });

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

  const filtersActive = !!(filters.q || filters.image || filters.label || filters.project || (showDeleted && filters.by));
  const loading = showDeleted ? deleted.isPending || (!onLivePage && history.isPending) : containers.isPending;
  const error = showDeleted ? (deleted.error ?? history.error) : containers.error;
  const newHref = `/containers/new${filters.host ? `?host=${encodeURIComponent(filters.host)}` : ''}`;
  const router = useRouter();
  const hydrated = useHydrated();
  const none = (containers.data?.length ?? 0) === 0;
  const chipCount = (chip: StateFilter) =>
    chip === 'all'
      ? base.length
      : chip === 'deleted'
        ? showDeleted
          ? (deletedTotal ?? null)
          : filtersActive || filters.host
            ? null
            : (deleted.data?.total ?? null)
        : (counts.get(chip) ?? 0);

  return (
    <div className="flex h-full min-h-[560px] flex-col px-5 py-4 max-sm:px-3">
      <Toaster />
      <title>Containers · Wharf</title>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <div className="flex min-w-0 items-baseline gap-3">
          <h1 className="text-lg font-semibold tracking-tight text-zinc-900">Containers</h1>
          <span className="text-xs text-zinc-500" data-testid="container-count">
            {containers.data && !isPartialList(containers.data)
              ? `${rows.length} shown · ${containers.data.length} on ${engineById.size} host${engineById.size === 1 ? '' : 's'}`
              : ''}
          </span>
        </div>
        <div className="flex items-center gap-2">
          {canManage && <CheckUpdatesButton />}
          {canManage && (
            <Link href={newHref} className={buttonClass('primary')}>
              <svg viewBox="0 0 16 16" className="size-3.5" aria-hidden>
                <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
              </svg>
              New container
            </Link>
          )}
        </div>
      </div>

      {/* Filters: shown once hydrated, so an early click is not lost */}
      {!hydrated ? (
        <ListToolbarPlaceholder />
      ) : (
        <ListToolbar
          filters={filters}
          engines={engines.data ?? []}
          images={images}
          projects={projects}
          chipCount={chipCount}
          removers={showDeleted ? (history.data?.removers ?? []) : undefined}
        />
      )}

      <OfflineEngines engines={offline} />

      {selection.length > 0 && !showDeleted && (
        <BulkBar
          selection={selection.map((k) => liveByKey.get(k)!)}
          running={runner.running}
          onAction={(a) => runner.run(selectionTargets, a)}
          onClear={() => setSelected(new Set())}
        />
      )}
      {bulkResult && <BulkFailures outcome={bulkResult} onDismiss={() => setBulkResult(null)} />}

      {error ? (
        <ErrorAlert title="Containers could not be loaded">{errorMessage(error)}</ErrorAlert>
      ) : (
        <ContainerTable
          rows={rows}
          loading={loading}
          showDeleted={showDeleted}
          empty={
            <>
              {emptyText(showDeleted, filters.state, filtersActive || !!filters.host, none)}
              {none && !showDeleted && canManage && (
                <div className="mt-3">
                  <Link href={newHref} className={buttonClass('primary')}>
                    New container
                  </Link>
                </div>
              )}
            </>
          }
          sort={sort}
          onSort={(key) => setSort(nextSort(sort, key))}
          selected={selected}
          selectedCount={selection.length}
          allSelected={allSelected}
          onToggleAll={toggleAll}
          onToggle={toggle}
          rights={rights}
          engineById={engineById}
          now={now}
          pending={pending}
          onAction={(c, a) => runner.run([{ hostId: c.hostId, id: c.id, name: c.name }], a)}
          onNavigate={(href) => router.push(href)}
        />
      )}
      {showDeleted && !error && deletedTotal !== undefined && (
        <DeletedPager
          page={deletedPage}
          total={deletedTotal}
          shown={deletedBase.length}
          loading={history.isFetching && !onLivePage}
          onPage={setDeletedPage}
        />
      )}
      {runner.dialog}
    </div>
  );
}
