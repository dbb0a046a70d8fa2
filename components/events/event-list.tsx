'use client';

import { cn } from '../ui/cn';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Fragment, useDeferredValue, useMemo, useState } from 'react';
import type { EngineSummary } from '@/server/contracts/engines';
import { compareEventsDesc, eventCursor, type EventPage, type WharfEvent } from '@/server/contracts/events';
import { api, errorMessage } from '../api';
import { useHydrated } from '../containers/use-hydrated';
import { useEngines } from '../hosts/use-engines';
import { useLiveQuery } from '../realtime/use-live';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Input, Select } from '../ui/field';
import { Skeleton } from '../ui/skeleton';
import { useQueryState } from '../ui/use-query-state';
import {
  actorHref,
  detailPairs,
  EVENT_TYPES,
  formatEventTime,
  matchesEvent,
  mergePages,
  shortActorId,
  TYPE_TONE,
  type EventFilters,
} from './event-model';

/** Rows put on screen at a time; more come with "Load older" (from memory first, then from the store). */
const PAGE = 200;

interface Older {
  /** The filters and host the pages were read for: others make them void. */
  scope: string;
  events: WharfEvent[];
  /** The cursor of the next page; null once the store has nothing older. */
  next: string | null;
}

/**
 * Engine events of every host (or one) from Wharf's store, live: the newest come over the socket, older
 * pages from GET /api/events. Paused, the table holds still and counts what arrives; nothing is dropped.
 */
export function EventList({ hostId }: { hostId?: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const query = useQueryState();
  const engines = useEngines();
  const live = useLiveQuery<WharfEvent[]>(hostId ? { kind: 'events', hostId } : { kind: 'events' });
  const host = hostId ?? query.get('host');
  const type = query.get('type');
  const action = query.get('action');
  const name = useDeferredValue(query.get('name').trim());
  const filters: EventFilters = useMemo(() => ({ host, type, action, name }), [host, type, action, name]);
  const scope = JSON.stringify(filters);
  const [older, setOlder] = useState<Older | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [limit, setLimit] = useState(PAGE);
  /** Paused: the newest event shown at that moment (null: none was). */
  const [paused, setPaused] = useState<{ at: WharfEvent | null } | null>(null);
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set());

  const engineList = useMemo(() => engines.data ?? [], [engines.data]);
  const hostName = (id: string) => engineList.find((e) => e.id === id)?.name ?? id;
  const olderEvents = older?.scope === scope ? older.events : null;
  const all = useMemo(() => mergePages(live.data ?? [], olderEvents ?? []), [live.data, olderEvents]);
  const matching = useMemo(() => all.filter((e) => matchesEvent(e, filters)), [all, filters]);
  const shown = paused ? matching.filter((e) => !paused.at || compareEventsDesc(e, paused.at) >= 0) : matching;
  const fresh = matching.length - shown.length;
  const rows = shown.slice(0, limit);
  const exhausted = older?.scope === scope && older.next === null;
  const actions = useMemo(() => [...new Set(all.map((e) => e.action))].sort(), [all]);

  const setFilter = (patch: Partial<Record<'host' | 'type' | 'action' | 'name', string>>) => {
    query.set(patch);
    setLimit(PAGE);
  };

  const loadOlder = async () => {
    if (rows.length < shown.length) return setLimit((l) => l + PAGE);
    // From the oldest event in memory (any filter): the store's pages continue exactly there.
    const cursor = older?.scope === scope ? older.next : all.length ? eventCursor(all.at(-1)!) : null;
    const params = new URLSearchParams({ limit: String(PAGE) });
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    if (cursor) params.set('before', cursor);
    setLoading(true);
    setLoadError(null);
    try {
      const page = await api<EventPage>(`/api/events?${params}`);
      setOlder({ scope, events: [...(olderEvents ?? []), ...page.events], next: page.next });
      setLimit((l) => l + page.events.length);
    } catch (err) {
      setLoadError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  const toggle = (id: number) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const title = hostId ? `Events · ${hostName(hostId)}` : 'Events';

  return (
    <div className="flex h-full min-h-[560px] flex-col px-5 py-4 max-sm:px-3">
      <title>{`${title} · Wharf`}</title>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <div className="flex min-w-0 items-baseline gap-3">
          <h1 className="text-lg font-semibold tracking-tight text-zinc-900">
            Events
            {hostId && <span className="font-normal text-zinc-500"> on {hostName(hostId)}</span>}
          </h1>
          <span className="text-xs text-zinc-500" data-testid="event-count">
            {live.data
              ? `${rows.length} shown${shown.length > rows.length ? ` of ${shown.length}` : ''} · kept by Wharf beyond the engine's last 256`
              : ''}
          </span>
        </div>
        <div className="flex items-center gap-2">
          {paused ? (
            <>
              <button
                type="button"
                onClick={() => setPaused(null)}
                className="rounded-full bg-sky-600 px-2.5 py-0.5 text-xs font-medium text-white hover:bg-sky-700 disabled:opacity-50"
                data-testid="events-new"
                disabled={!fresh}
                title="Resume and show them"
              >
                {fresh} new
              </button>
              <Button size="sm" variant="primary" onClick={() => setPaused(null)} data-testid="events-resume">
                Resume
              </Button>
            </>
          ) : (
            <>
              <Badge tone="green" dot pulse>
                Live
              </Badge>
              <Button size="sm" onClick={() => setPaused({ at: all[0] ?? null })} disabled={!hydrated} data-testid="events-pause">
                Pause
              </Button>
            </>
          )}
        </div>
      </div>

      <div className="mb-2 flex flex-wrap items-center gap-2 rounded-lg border border-zinc-200 bg-white px-2 py-1.5 shadow-xs">
        <HostSelect
          value={filters.host}
          engines={engineList}
          disabled={!hydrated}
          onChange={(h) =>
            hostId
              ? router.push(`${h ? `/hosts/${encodeURIComponent(h)}/events` : '/events'}${window.location.search}`)
              : setFilter({ host: h })
          }
        />
        <Select
          aria-label="Type"
          className="h-7 w-32! text-xs"
          value={filters.type}
          disabled={!hydrated}
          onChange={(e) => setFilter({ type: e.target.value })}
        >
          <option value="">All types</option>
          {EVENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
        <Input
          aria-label="Action"
          placeholder="Action (e.g. die)"
          className="h-7 w-40! text-xs"
          list="event-actions"
          defaultValue={query.get('action')}
          disabled={!hydrated}
          onChange={(e) => setFilter({ action: e.target.value.trim() })}
        />
        <datalist id="event-actions">
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <Input
          aria-label="Name"
          type="search"
          placeholder="Name or id"
          className="h-7 w-56! text-xs"
          defaultValue={query.get('name')}
          disabled={!hydrated}
          onChange={(e) => setFilter({ name: e.target.value })}
        />
        {paused && (
          <span className="ml-auto text-xs text-amber-800" data-testid="events-paused">
            Paused{paused.at ? ` at ${formatEventTime(paused.at)}` : ''}: new events are kept and counted.
          </span>
        )}
      </div>

      {live.error ? (
        <ErrorAlert title="Events could not be loaded">{errorMessage(live.error)}</ErrorAlert>
      ) : (
        <div className="min-h-0 flex-1 overflow-auto rounded-lg border border-zinc-200 bg-white shadow-xs" data-testid="event-table">
          {/* Below 1024 px the host and type fold under the actor; the time wraps. */}
          <table className="w-full table-fixed border-separate border-spacing-0 text-[13px] lg:min-w-[980px]">
            <colgroup>
              <col className="w-36 max-lg:w-[4.75rem]" />
              {!hostId && <col className="w-28 max-lg:hidden" />}
              <col className="w-24 max-lg:hidden" />
              <col className="w-32 max-lg:w-[5.5rem]" />
              <col className="w-[26%] max-lg:w-[38%]" />
              <col />
            </colgroup>
            <thead className="sticky top-0 z-10 bg-zinc-50 text-left text-xs text-zinc-500">
              <tr>
                {['Time', ...(hostId ? [] : ['Host']), 'Type', 'Action', 'Actor', 'Details'].map((h) => (
                  <th
                    key={h}
                    className={cn('border-b border-zinc-200 px-2 py-1.5 font-medium', (h === 'Host' || h === 'Type') && 'max-lg:hidden')}
                  >
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {live.isPending &&
                Array.from({ length: 8 }, (_, i) => (
                  <tr key={i} aria-hidden>
                    {Array.from({ length: hostId ? 5 : 6 }, (_, j) => (
                      <td key={j} className={cn('border-b border-zinc-100 px-2 py-2.5', j > 0 && j < (hostId ? 2 : 3) && 'max-lg:hidden')}>
                        <Skeleton className="h-3 w-3/4" />
                      </td>
                    ))}
                  </tr>
                ))}
              {!live.isPending && rows.length === 0 && (
                <tr>
                  <td colSpan={hostId ? 5 : 6} className="px-4 py-12 text-center text-zinc-500" data-testid="empty-state">
                    {all.length ? 'No event matches these filters. Load older events to search further back.' : 'No events stored yet.'}
                  </td>
                </tr>
              )}
              {rows.map((e) => (
                <EventRow
                  key={e.id}
                  e={e}
                  showHost={!hostId}
                  hostName={hostName(e.hostId)}
                  open={open.has(e.id)}
                  onToggle={() => toggle(e.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="mt-2 flex items-center gap-3 text-xs text-zinc-500">
        {exhausted && rows.length >= shown.length ? (
          <span data-testid="events-end">
            That is every stored event{filters.type || filters.action || filters.name ? ' that matches' : ''}.
          </span>
        ) : (
          <Button size="sm" onClick={() => void loadOlder()} pending={loading} disabled={!live.data} data-testid="events-older">
            Load older
          </Button>
        )}
        {loadError && <span className="text-red-700">{loadError}</span>}
      </div>
    </div>
  );
}

function HostSelect({
  value,
  engines,
  disabled,
  onChange,
}: {
  value: string;
  engines: readonly EngineSummary[];
  disabled: boolean;
  onChange: (hostId: string) => void;
}) {
  return (
    <Select aria-label="Host" className="h-7 w-36! text-xs" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
      <option value="">All hosts</option>
      {engines.map((e) => (
        <option key={e.id} value={e.id}>
          {e.name}
        </option>
      ))}
    </Select>
  );
}

function EventRow({
  e,
  showHost,
  hostName,
  open,
  onToggle,
}: {
  e: WharfEvent;
  showHost: boolean;
  hostName: string;
  open: boolean;
  onToggle: () => void;
}) {
  const href = actorHref(e);
  const pairs = detailPairs(e);
  const cell = 'border-b border-zinc-100 px-2 py-1 align-top';
  return (
    <Fragment>
      <tr className="hover:bg-zinc-50" data-testid="event-row" data-type={e.type} data-action={e.action} data-name={e.actorName}>
        {/* Local time: the server's zone may differ from the browser's, which re-renders it. */}
        <td
          className={`${cell} whitespace-nowrap font-mono text-[12px] text-zinc-700 max-lg:whitespace-normal max-lg:break-all`}
          title={`${e.time} (${e.timeNano} ns)`}
          suppressHydrationWarning
        >
          {formatEventTime(e)}
        </td>
        {showHost && (
          <td className={`${cell} truncate max-lg:hidden`} title={hostName}>
            <Link href={`/hosts/${encodeURIComponent(e.hostId)}/events`} className="text-zinc-700 hover:underline">
              {hostName}
            </Link>
          </td>
        )}
        <td className={`${cell} max-lg:hidden`}>
          <Badge tone={TYPE_TONE[e.type] ?? 'zinc'}>{e.type}</Badge>
        </td>
        <td className={`${cell} truncate font-mono text-[12px] text-zinc-900`} title={e.action}>
          {e.action}
        </td>
        <td className={`${cell} truncate`} title={`${e.actorName} ${e.actorId}`}>
          {e.actorName &&
            (href ? (
              <Link href={href} className="font-medium text-sky-800 hover:underline">
                {e.actorName.replace(/^\//, '')}
              </Link>
            ) : (
              <span className="font-medium text-zinc-900">{e.actorName}</span>
            ))}{' '}
          {e.actorId && e.actorId !== e.actorName && (
            <span className="font-mono text-[11px] text-zinc-500">
              {!e.actorName && href ? (
                <Link href={href} className="hover:underline">
                  {shortActorId(e.actorId)}
                </Link>
              ) : (
                shortActorId(e.actorId)
              )}
            </span>
          )}
          <div className="truncate text-[11px] text-zinc-500 lg:hidden" data-testid="row-details">
            {e.type}
            {showHost ? ` · ${hostName}` : ''}
          </div>
        </td>
        <td className={cell}>
          {pairs.length > 0 && (
            <button
              type="button"
              onClick={onToggle}
              aria-expanded={open}
              className="flex w-full min-w-0 items-start gap-1 text-left text-[12px] text-zinc-600 hover:text-zinc-900"
            >
              <span aria-hidden className="w-3 shrink-0 text-zinc-400">
                {open ? '▾' : '▸'}
              </span>
              <span className="truncate font-mono">{pairs.map(([k, v]) => `${k}=${v}`).join('  ')}</span>
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={showHost ? 6 : 5} className="border-b border-zinc-100 bg-zinc-50 px-8 py-1.5">
            <dl
              className="grid grid-cols-[minmax(8rem,max-content)_1fr] gap-x-4 gap-y-0.5 font-mono text-[12px]"
              data-testid="event-details"
            >
              <dt className="text-zinc-500">id</dt>
              <dd className="break-all text-zinc-800">{e.actorId}</dd>
              {pairs.map(([k, v]) => (
                <Fragment key={k}>
                  <dt className="break-all text-zinc-500">{k}</dt>
                  <dd className="break-all text-zinc-800">{v}</dd>
                </Fragment>
              ))}
            </dl>
          </td>
        </tr>
      )}
    </Fragment>
  );
}
