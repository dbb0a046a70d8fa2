import Link from 'next/link';
import type { DeletedContainer } from '@/server/contracts/containers';
import { formatAgo, formatDateTime } from '../../format';
import { containerHref, deletedDetail, shortId } from '../container-model';
import { StateBadge } from '../state-badge';

/** The row of a removed container: what Wharf last saw of it, who removed it and when. */
export function DeletedRow({ d, hostName, now }: { d: DeletedContainer; hostName: string; now: number }) {
  return (
    <tr
      data-testid="container-row"
      data-name={d.name}
      data-state="deleted"
      data-host-id={d.hostId}
      data-id={d.id}
      className="h-[34px] hover:bg-zinc-50"
    >
      <td className="border-b border-zinc-100" />
      <td className="truncate border-b border-zinc-100 px-2 max-lg:leading-4">
        <Link
          href={containerHref(d.hostId, d.id)}
          className="font-medium text-zinc-600 hover:text-sky-700 hover:underline"
          title={`${d.name} · ${d.id}`}
        >
          {d.name}
        </Link>
        <span className="ml-1.5 font-mono text-[11px] text-zinc-400">{shortId(d.id)}</span>
        <div className="truncate text-[11px] text-zinc-500 lg:hidden" data-testid="row-details">
          {hostName} · {d.image} · {d.deletedBy ? `by ${d.deletedBy}` : 'outside Wharf'} · {formatAgo(d.deletedAt, now)}
        </div>
      </td>
      <td className="truncate border-b border-zinc-100 px-2 text-zinc-700 max-lg:hidden">{hostName}</td>
      <td className="truncate border-b border-zinc-100 px-2 font-mono text-[12px] text-zinc-600 max-lg:hidden" title={d.image}>
        {d.image}
      </td>
      <td className="border-b border-zinc-100 px-2">
        <span className="flex min-w-0 items-center gap-1.5">
          <StateBadge state="deleted" />
          <span className="truncate text-xs text-zinc-500" data-testid="state-detail">
            {d.exitCode != null ? `exited (${d.exitCode})` : 'exit code unknown'}
          </span>
        </span>
      </td>
      <td className="truncate border-b border-zinc-100 px-2 text-xs max-lg:hidden" data-testid="deleted-by">
        {d.deletedBy ? (
          <span className="text-zinc-700">by {d.deletedBy}</span>
        ) : (
          <span className="text-amber-700" title="Removed with the docker CLI or another tool">
            outside Wharf
          </span>
        )}
      </td>
      <td
        className="truncate border-b border-zinc-100 px-2 text-xs text-zinc-500 max-lg:hidden"
        title={`${deletedDetail(d, now)} · ${formatDateTime(d.deletedAt)}`}
      >
        {formatAgo(d.deletedAt, now)}
      </td>
      <td className="border-b border-zinc-100" />
    </tr>
  );
}
