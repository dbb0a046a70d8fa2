'use client';

import Link from 'next/link';
import type { ContainerSummary } from '@/server/contracts/containers';
import { containerHref, shortId } from '../../containers/container-model';
import { StateBadge } from '../../containers/state-badge';
import { formatAgo, formatDateTime } from '../../format';
import { Section } from '../../ui/card';
import { Spinner } from '../../ui/spinner';

const ORDER: Record<string, number> = { running: 0, restarting: 1, paused: 2, created: 3, exited: 4, dead: 5 };

/** The containers made from this image, live from the host's containers view. */
export function ContainersTab({ containers, loading, now }: { containers: ContainerSummary[]; loading: boolean; now: number }) {
  const rows = [...containers].sort((a, b) => (ORDER[a.state] ?? 9) - (ORDER[b.state] ?? 9) || a.name.localeCompare(b.name));
  return (
    <Section title={`Containers using it · ${containers.length}`} bodyClassName="p-0">
      {loading ? (
        <div className="px-3 py-2">
          <Spinner label="Loading containers" />
        </div>
      ) : rows.length === 0 ? (
        <p className="px-3 py-2 text-zinc-500">No container on this host uses this image.</p>
      ) : (
        <table className="w-full text-xs" data-testid="image-containers">
          <thead>
            <tr className="border-b border-zinc-200 text-left text-zinc-500">
              <th className="px-3 py-1 font-medium">Name</th>
              <th className="py-1 pr-3 font-medium">State</th>
              <th className="py-1 pr-3 font-medium">Status</th>
              <th className="py-1 pr-3 font-medium">Image as given</th>
              <th className="py-1 pr-3 font-medium">Command</th>
              <th className="py-1 pr-3 font-medium">Created</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {rows.map((c) => (
              <tr key={c.id} data-testid="image-container" data-name={c.name} className="hover:bg-zinc-50">
                <td className="px-3 py-1">
                  <Link href={containerHref(c.hostId, c.id)} className="font-medium text-sky-800 hover:underline">
                    {c.name}
                  </Link>{' '}
                  <span className="font-mono text-[11px] text-zinc-400">{shortId(c.id)}</span>
                </td>
                <td className="py-1 pr-3">
                  <StateBadge state={c.state} />
                </td>
                <td className="py-1 pr-3 text-zinc-600">{c.status}</td>
                <td className="py-1 pr-3 font-mono text-[12px] text-zinc-700">{c.image}</td>
                <td className="max-w-[24rem] truncate py-1 pr-3 font-mono text-[12px] text-zinc-600" title={c.command}>
                  {c.command}
                </td>
                <td className="py-1 pr-3 whitespace-nowrap text-zinc-600" title={formatDateTime(c.created)}>
                  {formatAgo(c.created, now)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
