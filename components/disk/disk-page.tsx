'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DiskUsageRow, PruneKind } from '@/server/contracts/volumes';
import { errorMessage } from '../api';
import { useEngines } from '../hosts/use-engines';
import { formatBytes, formatDateTime } from '../format';
import { PageBody, PageHeader } from '../layout/page-header';
import { queryKeys } from '../query-keys';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { Skeleton } from '../ui/skeleton';
import { freshDiskUsage, useDiskUsage, volumesHref } from '../volumes/use-volumes';
import { PruneKindDialog } from './prune-kind-dialog';

export const ROW_WORDS: Record<DiskUsageRow['kind'], { label: string; color: string }> = {
  images: { label: 'Images', color: 'bg-sky-600' },
  containers: { label: 'Containers', color: 'bg-emerald-600' },
  volumes: { label: 'Local volumes', color: 'bg-violet-600' },
  buildCache: { label: 'Build cache', color: 'bg-amber-500' },
};

const PRUNES: Array<{ kind: PruneKind; label: string }> = [
  { kind: 'containers', label: 'Prune stopped containers' },
  { kind: 'images', label: 'Prune images' },
  { kind: 'volumes', label: 'Prune volumes' },
  { kind: 'networks', label: 'Prune networks' },
  { kind: 'buildCache', label: 'Prune build cache' },
];

const size = (n: number) => (n === 0 ? '0 B' : formatBytes(n));

/** A host's `docker system df`: each kind's total and what could go, as bars against the largest, and the prunes. */
export function DiskPage({ hostId }: { hostId: string }) {
  const engines = useEngines();
  const hostName = engines.data?.find((e) => e.id === hostId)?.name ?? hostId;
  const usage = useDiskUsage(hostId);
  const qc = useQueryClient();
  const [refreshing, setRefreshing] = useState(false);
  const [pruning, setPruning] = useState<PruneKind | null>(null);
  const rows = usage.data?.rows ?? [];
  const max = Math.max(1, ...rows.map((r) => r.totalBytes));

  const refresh = async () => {
    setRefreshing(true);
    try {
      qc.setQueryData(queryKeys.disk.host(hostId), await freshDiskUsage(hostId));
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <PageBody>
      <title>{`Disk · ${hostName} · Wharf`}</title>
      <div className="mb-1 text-xs text-zinc-500">
        <Link href="/" className="hover:text-sky-700 hover:underline">
          Hosts
        </Link>{' '}
        /{' '}
        <Link href={`/hosts/${encodeURIComponent(hostId)}`} className="hover:text-sky-700 hover:underline">
          {hostName}
        </Link>
      </div>
      <PageHeader
        title={
          <>
            Disk <span className="font-normal text-zinc-500">on {hostName}</span>
          </>
        }
        subtitle={
          usage.data ? (
            <span className="text-xs" data-testid="disk-total">
              {size(usage.data.totalBytes)} used · {size(usage.data.reclaimableBytes)} reclaimable · as of {formatDateTime(usage.data.at)}
            </span>
          ) : undefined
        }
        actions={
          <>
            <Link href={volumesHref(hostId)} className="text-xs text-sky-700 hover:underline">
              Volumes →
            </Link>
            <Button size="sm" pending={refreshing} onClick={() => void refresh()}>
              Refresh
            </Button>
          </>
        }
      />
      {usage.error && <ErrorAlert title="Disk usage could not be read">{errorMessage(usage.error)}</ErrorAlert>}
      <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-xs">
        <table className="w-full text-xs" data-testid="disk-table">
          <thead className="bg-zinc-50 text-left text-zinc-500">
            <tr>
              <th className="border-b border-zinc-200 px-3 py-1.5 font-medium">Kind</th>
              <th className="border-b border-zinc-200 px-3 py-1.5 text-right font-medium">Count</th>
              <th className="border-b border-zinc-200 px-3 py-1.5 text-right font-medium">Active</th>
              <th className="border-b border-zinc-200 px-3 py-1.5 text-right font-medium">Size</th>
              <th className="border-b border-zinc-200 px-3 py-1.5 text-right font-medium">Reclaimable</th>
              <th className="w-[40%] border-b border-zinc-200 px-3 py-1.5 font-medium">
                <span className="sr-only">Chart</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {usage.isPending &&
              Array.from({ length: 4 }, (_, i) => (
                <tr key={i}>
                  <td colSpan={6} className="px-3 py-2.5">
                    <Skeleton className="h-3 w-1/2" />
                  </td>
                </tr>
              ))}
            {rows.map((r) => (
              <tr key={r.kind} className="h-10" data-testid="disk-row" data-kind={r.kind} data-total={r.totalBytes} data-count={r.count}>
                <td className="px-3 py-1.5 font-medium text-zinc-900">
                  <span className="inline-flex items-center gap-2">
                    <span aria-hidden className={`size-2.5 rounded-sm ${ROW_WORDS[r.kind].color}`} />
                    {ROW_WORDS[r.kind].label}
                  </span>
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums">{r.count}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{r.active}</td>
                <td className="px-3 py-1.5 text-right tabular-nums" title={`${r.totalBytes.toLocaleString()} bytes`}>
                  {size(r.totalBytes)}
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums" title={`${r.reclaimableBytes.toLocaleString()} bytes`}>
                  {size(r.reclaimableBytes)}
                  {r.totalBytes > 0 && <span className="text-zinc-400"> ({Math.round((r.reclaimableBytes / r.totalBytes) * 100)}%)</span>}
                </td>
                <td className="px-3 py-1.5">
                  {/* The whole bar is the kind's size against the largest kind; the pale part could be reclaimed. */}
                  <div
                    className="relative h-3 overflow-hidden rounded-sm bg-zinc-100"
                    role="img"
                    aria-label={`${ROW_WORDS[r.kind].label}: ${size(r.totalBytes)}, ${size(r.reclaimableBytes)} reclaimable`}
                  >
                    <div
                      className={`absolute inset-y-0 left-0 ${ROW_WORDS[r.kind].color}`}
                      style={{ width: `${(r.totalBytes / max) * 100}%` }}
                    />
                    <div
                      className="absolute inset-y-0 bg-white/60 [background-image:repeating-linear-gradient(135deg,transparent_0_3px,rgba(255,255,255,.6)_3px_6px)]"
                      style={{
                        left: `${((r.totalBytes - r.reclaimableBytes) / max) * 100}%`,
                        width: `${(r.reclaimableBytes / max) * 100}%`,
                      }}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-1.5 text-xs text-zinc-500">
        Bars: each kind’s size against the largest; the striped part is reclaimable. Figures as `docker system df` reports them.
      </p>

      <h2 className="mt-5 mb-2 text-sm font-semibold text-zinc-900">Clean up</h2>
      <div className="flex flex-wrap gap-2" data-testid="prune-actions">
        {PRUNES.map((p) => (
          <Button key={p.kind} size="sm" onClick={() => setPruning(p.kind)} data-testid={`prune-${p.kind}`}>
            {p.label}…
          </Button>
        ))}
      </div>
      <p className="mt-1.5 text-xs text-zinc-500">
        Each shows exactly what would go before anything is removed, then the space the engine reclaimed.
      </p>
      {pruning && <PruneKindDialog hostId={hostId} hostName={hostName} kind={pruning} onClose={() => setPruning(null)} />}
    </PageBody>
  );
}
