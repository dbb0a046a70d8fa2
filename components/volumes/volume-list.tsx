'use client';

import Link from 'next/link';
import { useDeferredValue, useMemo, useState } from 'react';
import type { VolumeSummary } from '@/server/contracts/volumes';
import { errorMessage } from '../api';
import { StateBadge } from '../containers/state-badge';
import { PruneKindDialog } from '../disk/prune-kind-dialog';
import { formatAgo, formatBytes } from '../format';
import { useEngines } from '../hosts/use-engines';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Input } from '../ui/field';
import { Skeleton } from '../ui/skeleton';
import { Toaster } from '../ui/toast';
import { useNow } from '../use-now';
import { CreateVolumeDialog } from './create-volume-dialog';
import { diskHref, removeVolume, useVolumes, volumeHref } from './use-volumes';

type Usage = 'all' | 'in-use' | 'unused' | 'anonymous';
const USAGES: Array<{ id: Usage; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'in-use', label: 'In use' },
  { id: 'unused', label: 'Unused' },
  { id: 'anonymous', label: 'Anonymous' },
];
const matches = (v: VolumeSummary, u: Usage) =>
  u === 'all' || (u === 'in-use' ? v.usedBy.length > 0 : u === 'unused' ? v.usedBy.length === 0 : v.anonymous);

/** The volumes of every host (or one), live from the engines' volume and container events. */
export function VolumeList({ hostId }: { hostId?: string }) {
  const now = useNow(10_000);
  const engines = useEngines();
  const volumes = useVolumes(hostId);
  const [q, setQ] = useState('');
  const query = useDeferredValue(q.trim().toLowerCase());
  const [usage, setUsage] = useState<Usage>('all');
  const [open, setOpen] = useState<{ kind: 'create' } | { kind: 'prune'; hostId: string } | { kind: 'remove'; v: VolumeSummary } | null>(
    null,
  );
  const engineList = engines.data ?? [];
  const online = engineList.filter((e) => e.status === 'online');
  const hostName = (id: string) => engineList.find((e) => e.id === id)?.name ?? id;
  const target = hostId ?? (online.length === 1 ? online[0]!.id : '');

  const base = useMemo(
    () =>
      (volumes.data ?? []).filter(
        (v) =>
          !query ||
          v.name.toLowerCase().includes(query) ||
          v.driver.includes(query) ||
          Object.entries(v.labels).some(([k, val]) => `${k}=${val}`.toLowerCase().includes(query)) ||
          v.usedBy.some((u) => u.name.toLowerCase().includes(query)),
      ),
    [volumes.data, query],
  );
  const rows = base.filter((v) => matches(v, usage));
  const title = hostId ? `Volumes · ${hostName(hostId)}` : 'Volumes';

  return (
    <div className="flex h-full min-h-[560px] flex-col px-5 py-4 max-sm:px-3">
      <Toaster />
      <title>{`${title} · Wharf`}</title>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <div className="flex min-w-0 items-baseline gap-3">
          <h1 className="text-lg font-semibold tracking-tight text-zinc-900">
            Volumes
            {hostId && <span className="font-normal text-zinc-500"> on {hostName(hostId)}</span>}
          </h1>
          <span className="text-xs text-zinc-500" data-testid="volume-count">
            {volumes.data
              ? `${rows.length} shown · ${volumes.data.length} ${hostId ? `on ${hostName(hostId)}` : `on ${engineList.length} host${engineList.length === 1 ? '' : 's'}`}`
              : ''}
          </span>
        </div>
        <div className="flex flex-wrap items-center gap-1.5">
          {hostId && (
            <Link href={diskHref(hostId)} className="mr-1 text-xs text-sky-700 hover:underline">
              Disk usage →
            </Link>
          )}
          <Button size="sm" variant="primary" disabled={!online.length} onClick={() => setOpen({ kind: 'create' })}>
            Create
          </Button>
          <Button
            size="sm"
            disabled={!target}
            title={target ? undefined : 'Open one host’s volumes to prune them'}
            onClick={() => setOpen({ kind: 'prune', hostId: target })}
          >
            Prune
          </Button>
        </div>
      </div>

      <div className="mb-2 flex flex-wrap items-center gap-2">
        <div role="radiogroup" aria-label="Usage" className="flex rounded-md border border-zinc-200 bg-white p-0.5 text-xs">
          {USAGES.map((u) => (
            <button
              key={u.id}
              type="button"
              role="radio"
              aria-checked={usage === u.id}
              onClick={() => setUsage(u.id)}
              className={
                usage === u.id ? 'rounded bg-zinc-900 px-2 py-0.5 text-white' : 'rounded px-2 py-0.5 text-zinc-600 hover:bg-zinc-100'
              }
            >
              {u.label} <span className="tabular-nums opacity-70">{base.filter((v) => matches(v, u.id)).length}</span>
            </button>
          ))}
        </div>
        <Input
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Filter by name, label, driver or container"
          className="h-7 max-w-80"
          aria-label="Filter volumes"
        />
      </div>

      {volumes.error ? (
        <ErrorAlert title="Volumes could not be loaded">{errorMessage(volumes.error)}</ErrorAlert>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-xs">
          <table className="w-full text-xs" data-testid="volume-table">
            <thead className="bg-zinc-50 text-left text-zinc-500">
              <tr>
                <th className="border-b border-zinc-200 px-2.5 py-1.5 font-medium">Name</th>
                {!hostId && <th className="border-b border-zinc-200 px-2.5 py-1.5 font-medium max-lg:hidden">Host</th>}
                <th className="border-b border-zinc-200 px-2.5 py-1.5 font-medium max-lg:hidden">Driver</th>
                <th
                  className="border-b border-zinc-200 px-2.5 py-1.5 text-right font-medium max-lg:hidden"
                  title="From docker system df (read at most every 30 s)"
                >
                  Size
                </th>
                <th className="border-b border-zinc-200 px-2.5 py-1.5 font-medium">Used by</th>
                <th className="border-b border-zinc-200 px-2.5 py-1.5 font-medium max-lg:hidden">Labels</th>
                <th className="border-b border-zinc-200 px-2.5 py-1.5 font-medium max-lg:hidden">Created</th>
                <th className="border-b border-zinc-200 px-2.5 py-1.5">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {volumes.isPending &&
                Array.from({ length: 6 }, (_, i) => (
                  <tr key={i}>
                    <td colSpan={8} className="px-2.5 py-2">
                      <Skeleton className="h-3 w-1/3" />
                    </td>
                  </tr>
                ))}
              {volumes.data && rows.length === 0 && (
                <tr>
                  <td colSpan={8} className="px-2.5 py-8 text-center text-zinc-500">
                    {volumes.data.length ? 'No volume matches these filters.' : 'No volumes yet.'}
                  </td>
                </tr>
              )}
              {rows.map((v) => (
                <tr key={`${v.hostId}/${v.name}`} className="h-9 hover:bg-zinc-50" data-testid="volume-row" data-name={v.name}>
                  <td className="max-w-80 px-2.5 py-1 max-lg:max-w-[45vw]">
                    <span className="flex min-w-0 items-center gap-1.5">
                      <Link
                        href={volumeHref(v.hostId, v.name)}
                        className="truncate font-mono text-[12px] text-sky-700 hover:underline"
                        title={v.mountpoint}
                      >
                        {v.anonymous ? v.name.slice(0, 12) : v.name}
                      </Link>
                      {v.anonymous && <Badge tone="zinc">anonymous</Badge>}
                    </span>
                    <div className="truncate text-[11px] text-zinc-500 lg:hidden" data-testid="row-details">
                      {[
                        hostId ? '' : hostName(v.hostId),
                        v.driver,
                        v.size === null ? '' : v.size === 0 ? '0 B' : formatBytes(v.size),
                        v.created ? formatAgo(v.created, now) : '',
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </div>
                  </td>
                  {!hostId && <td className="px-2.5 py-1 whitespace-nowrap text-zinc-700 max-lg:hidden">{hostName(v.hostId)}</td>}
                  <td className="px-2.5 py-1 font-mono text-[12px] text-zinc-600 max-lg:hidden">{v.driver}</td>
                  <td className="px-2.5 py-1 text-right whitespace-nowrap text-zinc-700 tabular-nums max-lg:hidden">
                    {v.size === null ? '—' : v.size === 0 ? '0 B' : formatBytes(v.size)}
                  </td>
                  <td className="px-2.5 py-1">
                    <span className="flex flex-wrap items-center gap-1">
                      {v.usedBy.length === 0 && <span className="text-zinc-400">unused</span>}
                      {v.usedBy.map((u) => (
                        <Link
                          key={u.id}
                          href={`/hosts/${encodeURIComponent(v.hostId)}/containers/${u.id}`}
                          className="inline-flex items-center gap-1 hover:underline"
                          data-testid="volume-user"
                        >
                          <span className="font-mono text-[12px] [overflow-wrap:anywhere] text-zinc-800">{u.name}</span>
                          <StateBadge state={u.state} />
                        </Link>
                      ))}
                    </span>
                  </td>
                  <td className="max-w-72 px-2.5 py-1 max-lg:hidden">
                    <span className="flex flex-wrap gap-1">
                      {Object.entries(v.labels).map(([k, val]) => (
                        <span
                          key={k}
                          className="truncate rounded bg-zinc-100 px-1 font-mono text-[11px] text-zinc-700"
                          title={`${k}=${val}`}
                        >
                          {k}={val}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td className="px-2.5 py-1 whitespace-nowrap text-zinc-600 max-lg:hidden">
                    {v.created ? formatAgo(v.created, now) : '—'}
                  </td>
                  <td className="px-2.5 py-1 text-right whitespace-nowrap">
                    <Link href={volumeHref(v.hostId, v.name)} className="mr-1 text-sky-700 hover:underline">
                      Browse
                    </Link>
                    <Button size="sm" variant="ghost" className="h-6 text-red-700" onClick={() => setOpen({ kind: 'remove', v })}>
                      Remove
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {open?.kind === 'create' && <CreateVolumeDialog hostId={hostId ?? ''} hosts={online} onClose={() => setOpen(null)} />}
      {open?.kind === 'prune' && (
        <PruneKindDialog hostId={open.hostId} hostName={hostName(open.hostId)} kind="volumes" onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'remove' && <RemoveVolumeDialog volume={open.v} hostName={hostName(open.v.hostId)} onClose={() => setOpen(null)} />}
    </div>
  );
}

export function RemoveVolumeDialog({
  volume,
  hostName,
  onClose,
  onRemoved,
}: {
  volume: VolumeSummary;
  hostName: string;
  onClose: () => void;
  onRemoved?: () => void;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const remove = async () => {
    setPending(true);
    setError(null);
    try {
      await removeVolume(volume.hostId, volume.name);
      onClose();
      onRemoved?.();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  return (
    <Dialog
      title={`Remove volume ${volume.anonymous ? volume.name.slice(0, 12) : volume.name}?`}
      description={`On ${hostName}. Its data is deleted and cannot be recovered.`}
      onClose={onClose}
      footer={
        <>
          <Button variant="danger" pending={pending} onClick={() => void remove()}>
            Remove
          </Button>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </>
      }
    >
      {volume.usedBy.length > 0 && !error && (
        <p className="text-amber-800">
          In use by {volume.usedBy.map((u) => `${u.name} (${u.state})`).join(', ')}: the engine will refuse until they are removed.
        </p>
      )}
      {error != null && <ErrorAlert testId="action-error">{errorMessage(error)}</ErrorAlert>}
    </Dialog>
  );
}
