'use client';

import type { ContainerState } from '@/server/contracts/containers';
import { errorMessage } from '../api';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { Skeleton } from '../ui/skeleton';
import { useContainerTop } from './use-containers';

export function ProcessesTab({ hostId, id, state }: { hostId: string; id: string; state: ContainerState }) {
  const running = state === 'running' || state === 'paused' || state === 'restarting';
  const top = useContainerTop(hostId, id, running);
  if (!running) return <EmptyState title="No processes">The container is {state}; processes exist only while it runs.</EmptyState>;
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-2">
        <Button size="sm" onClick={() => void top.refetch()} pending={top.isFetching}>
          Refresh
        </Button>
        <span className="text-xs text-zinc-500">
          {top.data
            ? `${top.data.processes.length} process${top.data.processes.length === 1 ? '' : 'es'} · as \`docker top\` shows them`
            : ''}
        </span>
      </div>
      {top.isError && <ErrorAlert title="Processes could not be listed">{errorMessage(top.error)}</ErrorAlert>}
      {top.isPending && (
        <div className="space-y-2 rounded-lg border border-zinc-200 bg-white p-3">
          <Skeleton className="h-3 w-1/2" />
          <Skeleton className="h-3 w-2/3" />
        </div>
      )}
      {top.data && (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-xs">
          <table className="w-full text-xs" data-testid="process-table">
            <thead className="bg-zinc-50 text-left text-zinc-500">
              <tr>
                {top.data.titles.map((t) => (
                  <th key={t} className="border-b border-zinc-200 px-2.5 py-1.5 font-medium whitespace-nowrap">
                    {t}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {top.data.processes.map((p, i) => (
                <tr key={i} className="hover:bg-zinc-50">
                  {p.map((cell, j) => (
                    <td key={j} className={`px-2.5 py-1 font-mono text-[12px] ${j === p.length - 1 ? 'break-all' : 'whitespace-nowrap'}`}>
                      {cell}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
