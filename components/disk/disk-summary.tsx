'use client';

import Link from 'next/link';
import { formatBytes } from '../format';
import { diskHref, useDiskSummary } from '../volumes/use-volumes';
import { ROW_WORDS } from './disk-page';

/** Per host, one line: disk used, reclaimable, and a stacked bar of the kinds. Fetched when the overview opens. */
export function DiskSummaryStrip() {
  const summary = useDiskSummary();
  if (!summary.data?.length) return null;
  return (
    <div className="mb-3 rounded-lg border border-zinc-200 bg-white px-3 py-2 shadow-xs" data-testid="disk-summary">
      <div className="mb-1 text-[11px] tracking-wide text-zinc-500 uppercase">Disk usage</div>
      <div className="grid grid-cols-1 gap-x-6 gap-y-1.5 xl:grid-cols-2 2xl:grid-cols-3">
        {summary.data.map((h) => (
          <Link
            key={h.hostId}
            href={diskHref(h.hostId)}
            className="group flex min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5 text-xs"
            data-testid="disk-summary-host"
            title="Open the host's disk page"
          >
            <span className="w-28 shrink-0 truncate font-medium text-zinc-800 group-hover:text-sky-700">{h.hostName}</span>
            {h.usage ? (
              <>
                <span className="flex h-2.5 w-40 shrink-0 overflow-hidden rounded-sm bg-zinc-100">
                  {h.usage.rows.map((r) =>
                    r.totalBytes > 0 ? (
                      <span
                        key={r.kind}
                        className={ROW_WORDS[r.kind].color}
                        style={{ width: `${(r.totalBytes / h.usage!.totalBytes) * 100}%` }}
                      />
                    ) : null,
                  )}
                </span>
                <span className="shrink-0 text-zinc-700 tabular-nums">{formatBytes(h.usage.totalBytes)}</span>
                <span className="shrink-0 text-zinc-500 tabular-nums">{formatBytes(h.usage.reclaimableBytes)} free-able</span>
              </>
            ) : (
              <span className="truncate text-zinc-500">{h.error}</span>
            )}
          </Link>
        ))}
      </div>
    </div>
  );
}
