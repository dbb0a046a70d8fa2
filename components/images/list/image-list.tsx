'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useMemo, useState } from 'react';
import type { ContainerSummary } from '@/server/contracts/containers';
import type { EngineSummary } from '@/server/contracts/engines';
import type { ImageSummary } from '@/server/contracts/images';
import { errorMessage } from '../../api';
import { useHydrated } from '../../containers/use-hydrated';
import { useEngines } from '../../hosts/use-engines';
import { useLiveQuery } from '../../realtime/use-live';
import { ErrorAlert } from '../../ui/alert';
import { Button, buttonClass } from '../../ui/button';
import { Menu, MENU_BUTTON } from '../../ui/menu';
import { Toaster } from '../../ui/toast';
import { useNow } from '../../use-now';
import { buildHref, imagesHref } from '../links';
import { ImageBulkBar, BulkRemoveDialog, BulkRemoveFailures, type BulkRemoveOutcome } from './bulk-bar';
import { useCan } from '../../auth/use-can';
import { ImageTable } from './image-table';
import { ImageToolbar, ImageToolbarPlaceholder } from './image-toolbar';
import { compareRows, emptyText, imageKey, matchesText, nextSort, usageOf, type ImageRow, type Sort, type UsageFilter } from './list-model';
import { useImageFilters } from './use-image-filters';

// Dialogs load on first use, not with the list.
const PullDialog = dynamic(() => import('../pull-dialog').then((m) => m.PullDialog), { ssr: false });
const LoadImageDialog = dynamic(() => import('../archive-dialogs').then((m) => m.LoadImageDialog), { ssr: false });
const ImportImageDialog = dynamic(() => import('../archive-dialogs').then((m) => m.ImportImageDialog), { ssr: false });
const SaveImagesDialog = dynamic(() => import('../archive-dialogs').then((m) => m.SaveImagesDialog), { ssr: false });
const PruneDialog = dynamic(() => import('./prune-dialog').then((m) => m.PruneDialog), { ssr: false });

type Open =
  | { kind: 'pull' | 'load' | 'import' | 'prune'; hostId: string }
  | { kind: 'save'; hostId: string; images: ImageSummary[] }
  | { kind: 'remove' }
  | null;

/**
 * The images of every host (or one) in one table: live from the engines' image events, with the
 * containers made from each, filters in the URL, selection with bulk remove, and the host actions
 * (pull, build, load, import, prune).
 */
export function ImageList({ hostId }: { hostId?: string }) {
  const now = useNow(10_000);
  const router = useRouter();
  const hydrated = useHydrated();
  const filters = useImageFilters();
  const engines = useEngines();
  const images = useLiveQuery<ImageSummary[]>(hostId ? { kind: 'images', hostId } : { kind: 'images' });
  const containers = useLiveQuery<ContainerSummary[]>(hostId ? { kind: 'containers', hostId } : { kind: 'containers' });
  const [sort, setSort] = useState<Sort>({ key: 'name', dir: 1 });
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [open, setOpen] = useState<Open>(null);
  const [outcome, setOutcome] = useState<BulkRemoveOutcome | null>(null);
  const q = useDeferredValue(filters.q.trim().toLowerCase());
  const host = hostId ?? filters.host;

  const engineList = useMemo(() => engines.data ?? [], [engines.data]);
  const engineById = useMemo(() => new Map(engineList.map((e) => [e.id, e])), [engineList]);
  const online = engineList.filter((e) => e.status === 'online');
  const offline = engineList.filter((e) => e.status !== 'online' && (!host || e.id === host));
  const offlineIds = useMemo(() => new Set(engineList.filter((e) => e.status !== 'online').map((e) => e.id)), [engineList]);

  const usersByImage = useMemo(() => {
    const m = new Map<string, ContainerSummary[]>();
    for (const c of containers.data ?? []) {
      const k = imageKey({ hostId: c.hostId, id: c.imageId });
      const list = m.get(k);
      if (list) list.push(c);
      else m.set(k, [c]);
    }
    for (const list of m.values())
      list.sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running') || a.name.localeCompare(b.name));
    return m;
  }, [containers.data]);

  // Everything but the usage chip: the chips' counts follow the other filters.
  const base: ImageRow[] = useMemo(
    () =>
      (images.data ?? [])
        .filter((i) => (!host || i.hostId === host) && matchesText(i, q))
        .map((image) => ({
          key: imageKey(image),
          image,
          hostName: engineById.get(image.hostId)?.name ?? image.hostId,
          users: usersByImage.get(imageKey(image)) ?? [],
        })),
    [images.data, host, q, engineById, usersByImage],
  );
  const counts = useMemo(() => {
    const c: Record<UsageFilter, number> = { all: base.length, 'in-use': 0, unused: 0, dangling: 0 };
    for (const r of base) for (const u of usageOf(r)) c[u]++;
    return c;
  }, [base]);
  const rows = useMemo(
    () =>
      base
        .filter((r) => filters.usage === 'all' || usageOf(r).includes(filters.usage as Exclude<UsageFilter, 'all'>))
        .sort((a, b) => compareRows(a, b, sort.key) * sort.dir),
    [base, filters.usage, sort],
  );

  const rowByKey = useMemo(() => new Map(rows.map((r) => [r.key, r])), [rows]);
  const selection = [...selected].filter((k) => rowByKey.has(k)).map((k) => rowByKey.get(k)!);
  const allSelected = rows.length > 0 && selection.length === rows.length;
  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.key)));
  const toggle = (key: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });
  const selectionHosts = new Set(selection.map((r) => r.image.hostId));

  // Host actions act on the host in view, or the only one online; otherwise they ask which.
  const target = host || (online.length === 1 ? online[0]!.id : '');
  const hostName = (id: string) => engineById.get(id)?.name ?? id;
  const total = images.data?.filter((i) => !host || i.hostId === host).length;
  const listVersion = (id: string) => {
    const list = (images.data ?? []).filter((i) => i.hostId === id);
    return `${list.length}:${list.reduce((a, i) => a + i.tags.length, 0)}:${usersByImage.size}`;
  };
  const canManage = useCan('images.manage');
  const title = hostId ? `Images · ${hostName(hostId)}` : 'Images';

  return (
    <div className="flex h-full min-h-[560px] flex-col px-5 py-4 max-sm:px-3">
      <Toaster />
      <title>{`${title} · Wharf`}</title>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <div className="flex min-w-0 items-baseline gap-3">
          <h1 className="text-lg font-semibold tracking-tight text-zinc-900">
            Images
            {hostId && <span className="font-normal text-zinc-500"> on {hostName(hostId)}</span>}
          </h1>
          <span className="text-xs text-zinc-500" data-testid="image-count">
            {images.data
              ? `${rows.length} shown · ${total} ${host ? `on ${hostName(host)}` : `on ${engineList.length} host${engineList.length === 1 ? '' : 's'}`}`
              : ''}
          </span>
        </div>
        {canManage && (
          <div className="flex flex-wrap items-center gap-1.5">
            <HostAction label="Pull" target={target} hosts={online} onPick={(h) => setOpen({ kind: 'pull', hostId: h })} primary />
            <HostAction
              label="Build"
              target={target}
              hosts={online}
              onPick={(h) => router.push(buildHref(h))}
              href={target ? buildHref(target) : undefined}
            />
            <HostAction label="Load" target={target} hosts={online} onPick={(h) => setOpen({ kind: 'load', hostId: h })} />
            <HostAction label="Import" target={target} hosts={online} onPick={(h) => setOpen({ kind: 'import', hostId: h })} />
            <HostAction label="Prune" target={target} hosts={online} onPick={(h) => setOpen({ kind: 'prune', hostId: h })} />
          </div>
        )}
      </div>

      {!hydrated ? (
        <ImageToolbarPlaceholder />
      ) : (
        <ImageToolbar
          usage={filters.usage}
          onUsage={(u) => filters.set({ usage: u === 'all' ? '' : u })}
          counts={counts}
          host={host}
          onHost={(h) => (hostId ? router.push(`${imagesHref(h || undefined)}${window.location.search}`) : filters.set({ host: h }))}
          engines={engineList}
          q={filters.q}
          onQ={(v) => filters.set({ q: v })}
        />
      )}

      {offline.length > 0 && (
        <div
          role="status"
          data-testid="engine-offline"
          className="mb-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-1.5 text-xs text-amber-900"
        >
          {offline.map((e, i) => (
            <span key={e.id}>
              {i > 0 && ' · '}
              <Link href={`/hosts/${e.id}`} className="font-medium underline">
                {e.name}
              </Link>{' '}
              is {e.status}
            </span>
          ))}
          . Its images are shown as last known and cannot be acted on until it answers.
        </div>
      )}

      {selection.length > 0 && (
        <ImageBulkBar
          count={selection.length}
          onRemove={() => setOpen({ kind: 'remove' })}
          onSave={
            selectionHosts.size === 1
              ? () => setOpen({ kind: 'save', hostId: selection[0]!.image.hostId, images: selection.map((r) => r.image) })
              : null
          }
          saveHint="A saved tar holds images of one host: select images of one host"
          onClear={() => setSelected(new Set())}
        />
      )}
      {outcome && <BulkRemoveFailures outcome={outcome} onDismiss={() => setOutcome(null)} />}

      {images.error ? (
        <ErrorAlert title="Images could not be loaded">{errorMessage(images.error)}</ErrorAlert>
      ) : (
        <ImageTable
          rows={rows}
          loading={images.isPending}
          empty={emptyText(filters.usage, !!(q || filters.host), (images.data?.length ?? 0) === 0)}
          showHost={!hostId}
          sort={sort}
          onSort={(k) => setSort(nextSort(sort, k))}
          selected={selected}
          selectedCount={selection.length}
          allSelected={allSelected}
          onToggleAll={toggleAll}
          onToggle={toggle}
          offlineHosts={offlineIds}
          now={now}
        />
      )}

      {open?.kind === 'pull' && <PullDialog hostId={open.hostId} open onClose={() => setOpen(null)} />}
      {open?.kind === 'load' && <LoadImageDialog hostId={open.hostId} open onClose={() => setOpen(null)} />}
      {open?.kind === 'import' && <ImportImageDialog hostId={open.hostId} open onClose={() => setOpen(null)} />}
      {open?.kind === 'save' && <SaveImagesDialog hostId={open.hostId} images={open.images} open onClose={() => setOpen(null)} />}
      {open?.kind === 'prune' && (
        <PruneDialog
          hostId={open.hostId}
          hostName={hostName(open.hostId)}
          listVersion={listVersion(open.hostId)}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === 'remove' && (
        <BulkRemoveDialog
          rows={selection}
          onClose={() => setOpen(null)}
          onDone={(o) => {
            setOutcome(o.results.some((r) => !r.ok) ? o : null);
            setSelected(new Set(o.results.filter((r) => !r.ok).map((r) => imageKey(r))));
          }}
        />
      )}
    </div>
  );
}

/** A host action: a button when the host is known, else a menu of the hosts online. */
function HostAction({
  label,
  target,
  hosts,
  onPick,
  href,
  primary,
}: {
  label: string;
  target: string;
  hosts: EngineSummary[];
  onPick: (hostId: string) => void;
  href?: string;
  primary?: boolean;
}) {
  const variant = primary ? 'primary' : 'secondary';
  if (target && href)
    return (
      <Link href={href} className={buttonClass(variant, 'sm')}>
        {label}
      </Link>
    );
  if (target || !hosts.length)
    return (
      <Button
        size="sm"
        variant={variant}
        disabled={!target}
        onClick={() => onPick(target)}
        title={target ? undefined : 'No host is online'}
      >
        {label}
      </Button>
    );
  return (
    <Menu
      label={`${label} on which host?`}
      className={MENU_BUTTON}
      trigger={<span>{label} ▾</span>}
      items={hosts.map((h) => ({ label: h.name, onSelect: () => onPick(h.id) }))}
    />
  );
}
