'use client';

import { errorMessage } from '../api';
import { formatAgo, formatDateTime } from '../format';
import { PageBody, PageHeader } from '../layout/page-header';
import { useNow } from '../use-now';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { Spinner } from '../ui/spinner';
import { useAuditLog } from './use-audit';

export function AuditLog() {
  const log = useAuditLog();
  const now = useNow(30_000);
  const entries = log.data?.pages.flat() ?? [];

  return (
    <PageBody>
      <PageHeader
        title="Audit log"
        subtitle="Who changed what, newest first. Sign-ins and every change to engines are recorded, failed attempts too."
        actions={
          <Button size="sm" onClick={() => void log.refetch()} pending={log.isRefetching && !log.isFetchingNextPage}>
            Refresh
          </Button>
        }
      />
      {log.isPending ? (
        <div className="flex items-center gap-2 py-10 text-zinc-500">
          <Spinner /> Loading the audit log…
        </div>
      ) : log.isError && entries.length === 0 ? (
        <ErrorAlert title="The audit log could not be loaded">{errorMessage(log.error)}</ErrorAlert>
      ) : entries.length === 0 ? (
        <EmptyState title="Nothing recorded yet">Sign-ins and changes to engines will be listed here.</EmptyState>
      ) : (
        <>
          <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-xs">
            <table className="w-full min-w-[760px] text-xs" data-testid="audit-table">
              <thead className="bg-zinc-50 text-left text-[11px] uppercase tracking-wide text-zinc-500">
                <tr className="border-b border-zinc-200">
                  <th scope="col" className="w-40 px-3 py-1.5 font-medium">
                    Time
                  </th>
                  <th scope="col" className="w-32 px-3 py-1.5 font-medium">
                    User
                  </th>
                  <th scope="col" className="w-36 px-3 py-1.5 font-medium">
                    Action
                  </th>
                  <th scope="col" className="w-48 px-3 py-1.5 font-medium">
                    Target
                  </th>
                  <th scope="col" className="w-16 px-3 py-1.5 font-medium">
                    Result
                  </th>
                  <th scope="col" className="px-3 py-1.5 font-medium">
                    Detail
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {entries.map((e) => (
                  <tr
                    key={e.id}
                    className="align-top hover:bg-zinc-50"
                    data-testid="audit-row"
                    data-action={e.action}
                    data-result={e.result}
                  >
                    <td
                      className="px-3 py-1 whitespace-nowrap font-mono text-[12px] text-zinc-700"
                      title={`${e.at} · ${formatAgo(e.at, now)}`}
                    >
                      {formatDateTime(e.at)}
                    </td>
                    <td className="max-w-32 truncate px-3 py-1" title={e.username ?? undefined}>
                      {e.username ?? <span className="text-zinc-400">—</span>}
                    </td>
                    <td className="px-3 py-1 font-mono text-[12px]">{e.action}</td>
                    <td className="max-w-48 truncate px-3 py-1 font-mono text-[12px] text-zinc-700" title={e.target ?? undefined}>
                      {e.target ?? <span className="text-zinc-400">—</span>}
                    </td>
                    <td className="px-3 py-1">
                      <Badge tone={e.result === 'ok' ? 'green' : 'red'}>{e.result}</Badge>
                    </td>
                    <td className={`px-3 py-1 break-words ${e.result === 'error' ? 'text-red-700' : 'text-zinc-600'}`}>
                      {e.detail ?? <span className="text-zinc-400">—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="mt-3 flex items-center gap-3 text-xs text-zinc-500">
            <span>
              {entries.length} entr{entries.length === 1 ? 'y' : 'ies'} shown
            </span>
            {log.hasNextPage ? (
              <Button size="sm" onClick={() => void log.fetchNextPage()} pending={log.isFetchingNextPage}>
                Load more
              </Button>
            ) : (
              <span>· that is everything</span>
            )}
            {log.isError && <span className="text-red-700">{errorMessage(log.error)}</span>}
          </div>
        </>
      )}
    </PageBody>
  );
}
