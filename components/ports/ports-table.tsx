'use client';

import { cn } from '../ui/cn';
import Link from 'next/link';
import { useDeferredValue, useMemo, useState } from 'react';
import type { ContainerSummary } from '@/server/contracts/containers';
import { matchesPortQuery, publishedPorts, type PortRow } from '@/server/contracts/ports';
import { errorMessage } from '../api';
import { containerHref, portUrl } from '../containers/container-model';
import { StateBadge } from '../containers/state-badge';
import { useEngines } from '../hosts/use-engines';
import { useLiveQuery } from '../realtime/use-live';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Checkbox, Input } from '../ui/field';
import { Skeleton } from '../ui/skeleton';
import { useQueryState } from '../ui/use-query-state';

const address = (r: PortRow) =>
  r.allInterfaces ? `*:${r.hostPort}` : `${r.hostIps.map((ip) => (ip.includes(':') ? `[${ip}]` : ip)).join(', ')}:${r.hostPort}`;

function FlagBadges({ r }: { r: PortRow }) {
  if (!r.flags.length) return null;
  const others = r.conflictsWith.join(', ');
  return (
    <span className="inline-flex flex-wrap gap-1">
      {r.flags.includes('bound-twice') && (
        <Badge tone="red" data-testid="flag-bound-twice">
          <span title={`Also wanted by ${others}`}>bound twice · {others}</span>
        </Badge>
      )}
      {r.flags.includes('all-and-specific') && (
        <Badge tone="amber" data-testid="flag-all-and-specific">
          <span title="One binding is on all interfaces (0.0.0.0 / ::), another on a specific address, for the same port">
            all interfaces next to a specific address
          </span>
        </Badge>
      )}
    </span>
  );
}

/**
 * Every published port of every host in one table, from the live container summaries (no engine call):
 * "what is on 8080 anywhere?" is a search away; conflicting bindings are flagged.
 */
export function PortsTable() {
  const qs = useQueryState();
  const [search, setSearch] = useState(qs.get('q'));
  const [conflictsOnly, setConflictsOnly] = useState(qs.get('conflicts') === '1');
  const q = useDeferredValue(search);
  const engines = useEngines();
  const containers = useLiveQuery<ContainerSummary[]>({ kind: 'containers' });
  const engineById = useMemo(() => new Map((engines.data ?? []).map((e) => [e.id, e])), [engines.data]);
  const all = useMemo(() => publishedPorts(containers.data ?? []), [containers.data]);
  const rows = all.filter((r) => (!conflictsOnly || r.flags.length) && matchesPortQuery(r, q, engineById.get(r.hostId)?.name ?? r.hostId));
  const conflicts = all.filter((r) => r.flags.length).length;

  return (
    <div className="flex h-full flex-col px-5 py-4 max-sm:px-3">
      <title>Ports · Wharf</title>
      <div className="mb-2 flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold tracking-tight text-zinc-900">Published ports</h1>
        <span className="text-xs text-zinc-500" data-testid="port-count">
          {containers.data ? `${rows.length} shown · ${all.length} on ${engineById.size} host${engineById.size === 1 ? '' : 's'}` : ''}
          {conflicts > 0 && <span className="ml-2 font-medium text-red-700">{conflicts} flagged</span>}
        </span>
      </div>
      <div className="mb-2 flex flex-wrap items-center gap-3">
        <Input
          type="search"
          aria-label="Search ports"
          placeholder="Port number, container or host — e.g. 8080"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            qs.set({ q: e.target.value.trim() });
          }}
          className="h-7 w-80! text-xs"
        />
        <Checkbox
          label="Only flagged"
          checked={conflictsOnly}
          onChange={(e) => {
            setConflictsOnly(e.target.checked);
            qs.set({ conflicts: e.target.checked ? '1' : '' });
          }}
        />
      </div>
      {containers.error ? (
        <ErrorAlert title="Containers could not be loaded">{errorMessage(containers.error)}</ErrorAlert>
      ) : (
        <div className="min-h-0 flex-1 overflow-auto rounded-lg border border-zinc-200 bg-white shadow-xs" data-testid="ports-table">
          {/* Below 1024 px: address, container and state; the container port, host and flags fold under the container. */}
          <table className="w-full border-separate lg:min-w-[900px] border-spacing-0 text-[13px]">
            <thead className="sticky top-0 z-10 bg-zinc-50 text-left text-xs text-zinc-500">
              <tr>
                {['Host address', '', 'Container port', 'Container', 'Host', 'State', 'Flags'].map((h, i) => (
                  <th
                    key={i}
                    className={cn('border-b border-zinc-200 px-2 py-1.5 font-medium', [1, 2, 4, 6].includes(i) && 'max-lg:hidden')}
                  >
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {containers.isPending &&
                Array.from({ length: 5 }, (_, i) => (
                  <tr key={i} aria-hidden>
                    <td colSpan={7} className="border-b border-zinc-100 px-2 py-2.5">
                      <Skeleton className="h-3 w-2/3" />
                    </td>
                  </tr>
                ))}
              {!containers.isPending && rows.length === 0 && (
                <tr>
                  <td colSpan={7} className="px-4 py-12 text-center text-zinc-500" data-testid="empty-state">
                    {q.trim() ? `Nothing is published on ${q.trim()}.` : 'No container publishes a port.'}
                  </td>
                </tr>
              )}
              {rows.map((r) => {
                const engine = engineById.get(r.hostId);
                const url = r.active
                  ? portUrl(
                      {
                        hostIp: r.allInterfaces ? null : r.hostIps[0]!,
                        hostPort: r.hostPort,
                        containerPort: r.containerPort,
                        protocol: r.protocol,
                      },
                      engine,
                    )
                  : null;
                return (
                  <tr
                    key={r.key}
                    className={r.flags.length ? 'bg-red-50/40' : 'hover:bg-zinc-50'}
                    data-testid="port-row"
                    data-port={r.hostPort}
                    data-container={r.containerName}
                  >
                    <td className="border-b border-zinc-100 px-2 py-1.5 font-mono text-[12px]">
                      {url ? (
                        <a
                          href={url}
                          target="_blank"
                          rel="noreferrer"
                          className="text-sky-700 hover:underline"
                          data-testid="port-link"
                          title={`Open ${url}`}
                        >
                          {address(r)}
                        </a>
                      ) : (
                        <span
                          className={r.active ? 'text-zinc-800' : 'text-zinc-500'}
                          title={r.active ? undefined : 'Not running: the port is only asked for'}
                        >
                          {address(r)}
                        </span>
                      )}
                    </td>
                    <td className="border-b border-zinc-100 px-1 text-zinc-400 max-lg:hidden">→</td>
                    <td className="border-b border-zinc-100 px-2 py-1.5 font-mono text-[12px] text-zinc-700 max-lg:hidden">
                      {r.containerPort}/{r.protocol}
                    </td>
                    <td className="border-b border-zinc-100 px-2 py-1.5">
                      <Link
                        href={containerHref(r.hostId, r.containerId)}
                        className="font-medium [overflow-wrap:anywhere] text-sky-700 hover:underline"
                      >
                        {r.containerName}
                      </Link>
                      <div className="text-[11px] text-zinc-500 lg:hidden" data-testid="row-details">
                        →{' '}
                        <span className="font-mono">
                          {r.containerPort}/{r.protocol}
                        </span>{' '}
                        · {engine?.name ?? r.hostId}
                        {r.flags.length > 0 && (
                          <div className="mt-0.5">
                            <FlagBadges r={r} />
                          </div>
                        )}
                      </div>
                    </td>
                    <td className="border-b border-zinc-100 px-2 py-1.5 text-zinc-700 max-lg:hidden">{engine?.name ?? r.hostId}</td>
                    <td className="border-b border-zinc-100 px-2 py-1.5">
                      <StateBadge state={r.state} />
                    </td>
                    <td className="border-b border-zinc-100 px-2 py-1.5 max-lg:hidden">
                      <FlagBadges r={r} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
