'use client';

import { cn } from '../ui/cn';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useMemo, useState } from 'react';
import type { ContainerSummary } from '@/server/contracts/containers';
import type { NetworkSummary } from '@/server/contracts/networks';
import { errorMessage } from '../api';
import { useCurrentUser } from '../auth/use-auth';
import { containerHref } from '../containers/container-model';
import { formatAgo } from '../format';
import { useEngines } from '../hosts/use-engines';
import { useLiveQuery } from '../realtime/use-live';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { Input, Select } from '../ui/field';
import { Menu } from '../ui/menu';
import { Skeleton } from '../ui/skeleton';
import { Toaster } from '../ui/toast';
import { useNow } from '../use-now';
import { NetworkDetail, NetworkFlags } from './network-detail';
import { networksHref } from './use-networks';

const CreateNetworkDialog = dynamic(() => import('./create-network-dialog').then((m) => m.CreateNetworkDialog), { ssr: false });
// The Disk page's prune dialog, for networks: one preview and one result, wherever a prune starts.
const PruneKindDialog = dynamic(() => import('../disk/prune-kind-dialog').then((m) => m.PruneKindDialog), { ssr: false });

const matches = (n: NetworkSummary, q: string) =>
  !q ||
  n.name.toLowerCase().includes(q) ||
  n.driver.includes(q) ||
  n.id.startsWith(q) ||
  n.ipam.some((p) => p.subnet.includes(q)) ||
  n.containers.some((e) => e.name.toLowerCase().includes(q) || e.ipv4?.startsWith(q));

/** The networks of every host (or one), live from the engines' network events; a network opens in a dialog. */
export function NetworkList({ hostId }: { hostId?: string }) {
  const now = useNow(30_000);
  const router = useRouter();
  const user = useCurrentUser();
  const engines = useEngines();
  const networks = useLiveQuery<NetworkSummary[]>(hostId ? { kind: 'networks', hostId } : { kind: 'networks' });
  const containers = useLiveQuery<ContainerSummary[]>(hostId ? { kind: 'containers', hostId } : { kind: 'containers' });
  const [host, setHost] = useState('');
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<{ kind: 'create' | 'prune'; hostId: string } | null>(null);
  const [selected, setSelected] = useState<{ hostId: string; id: string } | null>(null);
  const q = useDeferredValue(search.trim().toLowerCase());
  const shownHost = hostId ?? host;

  const engineList = useMemo(() => engines.data ?? [], [engines.data]);
  const hostName = (id: string) => engineList.find((e) => e.id === id)?.name ?? id;
  const online = engineList.filter((e) => e.status === 'online');
  const canManage = (id: string) =>
    !!user && user.role !== 'viewer' && !user.token?.readOnly && (user.role === 'admin' || user.hosts === 'all' || user.hosts.includes(id));
  const rows = useMemo(
    () =>
      (networks.data ?? [])
        .filter((n) => (!shownHost || n.hostId === shownHost) && matches(n, q))
        .sort((a, b) => Number(b.predefined) - Number(a.predefined) || a.name.localeCompare(b.name) || a.hostId.localeCompare(b.hostId)),
    [networks.data, shownHost, q],
  );
  const current = selected && networks.data?.find((n) => n.hostId === selected.hostId && n.id === selected.id);
  const target = shownHost || (online.length === 1 ? online[0]!.id : '');
  const listVersion = (id: string) =>
    (networks.data ?? [])
      .filter((n) => n.hostId === id)
      .map((n) => `${n.id}:${n.containers.length}`)
      .join(',');
  const title = hostId ? `Networks · ${hostName(hostId)}` : 'Networks';
  const hostAction = (label: string, kind: 'create' | 'prune', primary = false) =>
    target || online.length < 2 ? (
      <Button
        size="sm"
        variant={primary ? 'primary' : 'secondary'}
        disabled={!target || !canManage(target)}
        onClick={() => setOpen({ kind, hostId: target })}
      >
        {label}
      </Button>
    ) : (
      <Menu
        label={`${label} on which host?`}
        trigger={<span>{label} ▾</span>}
        items={online.filter((e) => canManage(e.id)).map((e) => ({ label: e.name, onSelect: () => setOpen({ kind, hostId: e.id }) }))}
      />
    );

  return (
    <div className="flex h-full flex-col px-5 py-4 max-sm:px-3">
      <Toaster />
      <title>{`${title} · Wharf`}</title>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <div className="flex min-w-0 items-baseline gap-3">
          <h1 className="text-lg font-semibold tracking-tight text-zinc-900">
            Networks
            {hostId && <span className="font-normal text-zinc-500"> on {hostName(hostId)}</span>}
          </h1>
          <span className="text-xs text-zinc-500" data-testid="network-count">
            {networks.data ? `${rows.length} shown` : ''}
          </span>
        </div>
        <div className="flex items-center gap-1.5">
          {hostAction('Create network', 'create', true)}
          {hostAction('Prune', 'prune')}
        </div>
      </div>
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <Input
          type="search"
          aria-label="Search networks"
          placeholder="Search name, subnet, container…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          className="h-7 w-72! text-xs"
        />
        <Select
          aria-label="Host"
          value={shownHost}
          onChange={(e) => (hostId ? router.push(networksHref(e.target.value || undefined)) : setHost(e.target.value))}
          className="h-7 w-48! text-xs"
        >
          <option value="">All hosts</option>
          {engineList.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </Select>
      </div>

      {networks.error ? (
        <ErrorAlert title="Networks could not be loaded">{errorMessage(networks.error)}</ErrorAlert>
      ) : (
        <div className="min-h-0 flex-1 overflow-auto rounded-lg border border-zinc-200 bg-white shadow-xs" data-testid="network-table">
          {/* Below 1024 px: name and containers; driver, subnet, host and age fold under the name. */}
          <table className="w-full border-separate lg:min-w-[980px] border-spacing-0 text-[13px]">
            <thead className="sticky top-0 z-10 bg-zinc-50 text-left text-xs text-zinc-500">
              <tr>
                {['Name', 'Driver', 'Scope', 'Subnet / gateway', 'Containers', ...(hostId ? [] : ['Host']), 'Created'].map((h) => (
                  <th
                    key={h}
                    className={cn(
                      'border-b border-zinc-200 px-2 py-1.5 font-medium',
                      h !== 'Name' && h !== 'Containers' && 'max-lg:hidden',
                    )}
                  >
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {networks.isPending &&
                Array.from({ length: 5 }, (_, i) => (
                  <tr key={i} aria-hidden>
                    <td colSpan={7} className="border-b border-zinc-100 px-2 py-2.5">
                      <Skeleton className="h-3 w-2/3" />
                    </td>
                  </tr>
                ))}
              {!networks.isPending && rows.length === 0 && (
                <tr>
                  <td colSpan={7} className="px-4 py-12 text-center text-zinc-500" data-testid="empty-state">
                    {q ? 'No network matches the search.' : 'No networks.'}
                  </td>
                </tr>
              )}
              {rows.map((n) => (
                <tr key={`${n.hostId}/${n.id}`} className="align-top hover:bg-zinc-50" data-testid="network-row" data-name={n.name}>
                  <td className="border-b border-zinc-100 px-2 py-1.5">
                    <button
                      type="button"
                      className="text-left font-medium [overflow-wrap:anywhere] text-sky-700 hover:underline"
                      onClick={() => setSelected({ hostId: n.hostId, id: n.id })}
                    >
                      {n.name}
                    </button>
                    <span className="ml-1.5 inline-flex flex-wrap gap-1 align-middle">
                      <NetworkFlags n={n} />
                    </span>
                    <div className="text-[11px] break-all text-zinc-500 lg:hidden" data-testid="row-details">
                      {[n.driver, n.scope, ...n.ipam.map((p) => p.subnet), hostId ? '' : hostName(n.hostId), formatAgo(n.created, now)]
                        .filter(Boolean)
                        .join(' · ')}
                    </div>
                  </td>
                  <td className="border-b border-zinc-100 px-2 py-1.5 text-zinc-700 max-lg:hidden">{n.driver}</td>
                  <td className="border-b border-zinc-100 px-2 py-1.5 text-zinc-600 max-lg:hidden">{n.scope}</td>
                  <td className="border-b border-zinc-100 px-2 py-1.5 font-mono text-[12px] text-zinc-700 max-lg:hidden">
                    {n.ipam.length ? (
                      n.ipam.map((p) => (
                        <div key={p.subnet}>
                          {p.subnet}
                          {p.gateway && <span className="text-zinc-500"> → {p.gateway}</span>}
                        </div>
                      ))
                    ) : (
                      <span className="text-zinc-400">—</span>
                    )}
                  </td>
                  <td className="border-b border-zinc-100 px-2 py-1.5 text-[12px] max-lg:w-[45%] max-lg:max-w-0">
                    {n.containers.length === 0 ? (
                      <span className="text-zinc-400">none</span>
                    ) : (
                      <div className="flex flex-col gap-0.5">
                        {n.containers.slice(0, 3).map((e) => (
                          <span key={e.containerId} className="truncate">
                            <Link href={containerHref(n.hostId, e.containerId)} className="text-sky-700 hover:underline">
                              {e.name}
                            </Link>{' '}
                            <span className="font-mono text-zinc-600">{e.ipv4 ?? e.ipv6 ?? ''}</span>
                            {e.aliases.length > 0 && <span className="text-zinc-500"> ({e.aliases.join(', ')})</span>}
                          </span>
                        ))}
                        {n.containers.length > 3 && (
                          <button
                            type="button"
                            className="text-left text-zinc-500 hover:underline"
                            onClick={() => setSelected({ hostId: n.hostId, id: n.id })}
                          >
                            +{n.containers.length - 3} more
                          </button>
                        )}
                      </div>
                    )}
                  </td>
                  {!hostId && (
                    <td className="border-b border-zinc-100 px-2 py-1.5 max-lg:hidden">
                      <Link href={networksHref(n.hostId)} className="text-zinc-700 hover:underline">
                        {hostName(n.hostId)}
                      </Link>
                    </td>
                  )}
                  <td className="border-b border-zinc-100 px-2 py-1.5 text-zinc-500 max-lg:hidden" title={n.created}>
                    {formatAgo(n.created, now)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {current && (
        <NetworkDetail
          n={current}
          hostName={hostName(current.hostId)}
          containers={containers.data ?? []}
          canManage={canManage(current.hostId)}
          onClose={() => setSelected(null)}
        />
      )}
      {open?.kind === 'create' && (
        <CreateNetworkDialog hostId={open.hostId} hosts={online.filter((e) => canManage(e.id))} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'prune' && (
        <PruneKindDialog
          kind="networks"
          hostId={open.hostId}
          hostName={hostName(open.hostId)}
          listVersion={listVersion(open.hostId)}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}
