'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../api';
import { useCurrentUser } from '../auth/use-auth';
import { formatAgo, formatDateTime } from '../format';
import { queryKeys } from '../query-keys';
import { PageBody, PageHeader } from '../layout/page-header';
import { useNow } from '../use-now';
import { ErrorAlert } from '../ui/alert';
import { Button, buttonClass } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { Input, Select } from '../ui/field';
import { Spinner } from '../ui/spinner';
import { tabPanelProps, Tabs, useTabsId } from '../ui/tabs';
import { freshIds, newEntriesLabel } from './audit-live';
import { AuditTable } from './audit-table';
import { RetentionLine } from './retention';
import {
  auditParams,
  filterKey,
  TIME_RANGES,
  useAuditFacets,
  useAuditFilters,
  useAuditLive,
  useAuditLog,
  useSigninFailures,
  type AuditFilters,
} from './use-audit';

/** Typing in the search box changes the URL (and the query) once the typing pauses. */
function SearchBox({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => onChange(text), 300);
    return () => clearTimeout(t);
  }, [text, value, onChange]);
  return (
    <Input
      id={id}
      type="search"
      placeholder="Search target or detail…"
      value={text}
      onChange={(e) => setText(e.target.value)}
      className="h-7 text-xs w-52!"
    />
  );
}

function Toolbar({ f, signin }: { f: AuditFilters; signin: boolean }) {
  const id = useId();
  const facets = useAuditFacets().data;
  const families = [...new Set((facets?.actions ?? []).map((a) => a.split('.')[0] + '.'))];
  const active = !!(f.user || f.host || f.action || f.result || f.range || f.q);
  return (
    <div
      className="mb-2 flex flex-wrap items-center gap-2 rounded-lg border border-zinc-200 bg-white px-2 py-1.5 shadow-xs"
      data-testid="audit-filters"
    >
      <label htmlFor={`${id}-user`} className="sr-only">
        User
      </label>
      <Select id={`${id}-user`} value={f.user} onChange={(e) => f.set({ user: e.target.value })} className="h-7 text-xs w-36!">
        <option value="">All users</option>
        {facets?.users.map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
        {f.user && !facets?.users.includes(f.user) && <option value={f.user}>{f.user}</option>}
      </Select>
      {!signin && (
        <>
          <label htmlFor={`${id}-host`} className="sr-only">
            Host
          </label>
          <Select id={`${id}-host`} value={f.host} onChange={(e) => f.set({ host: e.target.value })} className="h-7 text-xs w-36!">
            <option value="">All hosts</option>
            {facets?.hosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </Select>
          <label htmlFor={`${id}-action`} className="sr-only">
            Action
          </label>
          <Select
            id={`${id}-action`}
            value={f.action}
            onChange={(e) => f.set({ action: e.target.value })}
            className="h-7 font-mono text-xs w-44!"
          >
            <option value="">All actions</option>
            {families.map((fam) => (
              <optgroup key={fam} label={fam.slice(0, -1)}>
                <option value={fam}>{fam}*</option>
                {facets?.actions
                  .filter((a) => a.startsWith(fam))
                  .map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
              </optgroup>
            ))}
          </Select>
          <label htmlFor={`${id}-result`} className="sr-only">
            Result
          </label>
          <Select id={`${id}-result`} value={f.result} onChange={(e) => f.set({ result: e.target.value })} className="h-7 text-xs w-28!">
            <option value="">Any result</option>
            <option value="ok">ok</option>
            <option value="error">error</option>
          </Select>
        </>
      )}
      <label htmlFor={`${id}-range`} className="sr-only">
        Time range
      </label>
      <Select id={`${id}-range`} value={f.range} onChange={(e) => f.set({ range: e.target.value })} className="h-7 text-xs w-36!">
        {TIME_RANGES.map((r) => (
          <option key={r.id} value={r.id}>
            {r.label}
          </option>
        ))}
      </Select>
      {!signin && (
        <>
          <label htmlFor={`${id}-q`} className="sr-only">
            Search
          </label>
          <SearchBox id={`${id}-q`} value={f.q} onChange={(q) => f.set({ q })} />
        </>
      )}
      {active && (
        <Button size="sm" variant="ghost" onClick={() => f.set({ user: '', host: '', action: '', result: '', range: '', q: '' })}>
          Clear filters
        </Button>
      )}
    </div>
  );
}

/** The part of an audit infinite query the footer reads (the activity log and failed sign-ins share it). */
interface PagedLog {
  data: { pages: Array<{ entries: unknown[]; total: number }> } | undefined;
  hasNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
  isFetchingNextPage: boolean;
  isError: boolean;
  error: unknown;
}

function Footer({ log }: { log: PagedLog }) {
  const pages = log.data?.pages ?? [];
  const shown = pages.reduce((n, p) => n + p.entries.length, 0);
  return (
    <div className="mt-2 flex items-center gap-3 text-xs text-zinc-500">
      <span data-testid="audit-count">
        {shown} of {pages[0]?.total ?? shown} shown
      </span>
      {log.hasNextPage ? (
        <Button size="sm" onClick={() => void log.fetchNextPage()} pending={log.isFetchingNextPage}>
          Load more
        </Button>
      ) : (
        <span>· that is everything</span>
      )}
      {log.isError ? <span className="text-red-700">{errorMessage(log.error)}</span> : null}
    </div>
  );
}

/** How long rows that came in live stay highlighted. */
const FRESH_MS = 4000;

/** The ids of rows a refetch brought in above the previous top row, for a moment (not on the first load or a filter change). */
function useFreshRows(filters: string, entries: ReadonlyArray<{ id: number }>, placeholder: boolean): ReadonlySet<number> {
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set());
  const last = useRef<{ filters: string; top: number | undefined } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const top = entries[0]?.id;
  useEffect(() => {
    if (placeholder) return;
    const before = last.current;
    last.current = { filters, top };
    if (before?.filters !== filters) {
      setFresh(new Set());
      return;
    }
    const ids = freshIds(entries, before.top);
    if (!ids.length) return;
    setFresh((s) => new Set([...s, ...ids]));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setFresh(new Set()), FRESH_MS);
  }, [filters, top, entries, placeholder]);
  useEffect(() => () => clearTimeout(timer.current), []);
  return fresh;
}

function Activity({ f }: { f: AuditFilters }) {
  const log = useAuditLog(f);
  const live = useAuditLive(f, log);
  const now = useNow(30_000);
  const entries = useMemo(() => log.data?.pages.flatMap((p) => p.entries) ?? [], [log.data]);
  const fresh = useFreshRows(filterKey(f), entries, log.isPlaceholderData);
  const top = useRef<HTMLDivElement>(null);
  if (log.isPending)
    return (
      <div className="flex items-center gap-2 py-10 text-zinc-500">
        <Spinner /> Loading the audit log…
      </div>
    );
  if (log.isError && entries.length === 0)
    return <ErrorAlert title="The audit log could not be loaded">{errorMessage(log.error)}</ErrorAlert>;
  if (entries.length === 0)
    return (
      <EmptyState title="Nothing recorded">
        No entry matches these filters. Changes, shells opened and downloads are listed here.
      </EmptyState>
    );
  return (
    <div ref={top} className="scroll-mt-4">
      {/* Sticky: whoever paged down (the only time it shows) sees it where they are. */}
      {live.fresh > 0 && (
        <div
          role="status"
          className="sticky top-2 z-10 mb-2 flex w-fit items-center gap-2 rounded-md border border-sky-200 bg-sky-50 px-2 py-1 text-xs text-sky-900 shadow-sm"
          data-testid="audit-fresh"
        >
          {newEntriesLabel(live.fresh)} above
          <Button
            size="sm"
            onClick={() => {
              live.show();
              top.current?.scrollIntoView({ block: 'start' });
            }}
          >
            Show
          </Button>
        </div>
      )}
      <AuditTable entries={entries} now={now} fresh={fresh} />
      <Footer log={log} />
    </div>
  );
}

function SigninFailures({ f }: { f: AuditFilters }) {
  const log = useSigninFailures(f);
  const now = useNow(30_000);
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];
  if (log.isPending)
    return (
      <div className="flex items-center gap-2 py-10 text-zinc-500">
        <Spinner /> Loading failed sign-ins…
      </div>
    );
  if (log.isError && entries.length === 0)
    return <ErrorAlert title="Failed sign-ins could not be loaded">{errorMessage(log.error)}</ErrorAlert>;
  if (entries.length === 0)
    return <EmptyState title="No failed sign-ins">Wrong passwords and unknown user names tried at sign-in are listed here.</EmptyState>;
  return (
    <>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-xs">
        <table className="w-full min-w-[640px] text-xs" data-testid="signin-failures-table">
          <thead className="bg-zinc-50 text-left text-[11px] uppercase tracking-wide text-zinc-500">
            <tr className="border-b border-zinc-200">
              <th scope="col" className="w-40 px-2 py-1.5 font-medium">
                Time
              </th>
              <th scope="col" className="w-48 px-2 py-1.5 font-medium">
                Username tried
              </th>
              <th scope="col" className="w-48 px-2 py-1.5 font-medium">
                Client IP
              </th>
              <th scope="col" className="px-2 py-1.5 font-medium">
                Why
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {entries.map((e) => (
              <tr key={e.id} data-testid="signin-failure-row">
                <td className="whitespace-nowrap px-2 py-1 font-mono text-[12px] text-zinc-700" title={`${e.at} · ${formatAgo(e.at, now)}`}>
                  {formatDateTime(e.at)}
                </td>
                <td className="max-w-48 truncate px-2 py-1 font-mono text-[12px]">{e.username}</td>
                <td className="px-2 py-1 font-mono text-[12px]">{e.clientIp}</td>
                <td className="px-2 py-1 text-zinc-600">{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Footer log={log} />
    </>
  );
}

export function AuditLog() {
  const f = useAuditFilters();
  const tabsId = useTabsId();
  const user = useCurrentUser();
  const qc = useQueryClient();
  const params = auditParams(f);
  const exportHref = (format: 'csv' | 'json') => `/api/audit/export?${new URLSearchParams([...params, ['format', format]])}`;
  return (
    <PageBody>
      <PageHeader
        title="Audit log"
        subtitle="Who did what, where and when, newest first: every change, shell opened and file downloaded, failed attempts too."
        actions={
          <>
            <Button size="sm" onClick={() => void qc.invalidateQueries({ queryKey: queryKeys.audit.all })}>
              Refresh
            </Button>
            {f.tab === 'activity' && (
              <>
                <a className={buttonClass('secondary', 'sm')} href={exportHref('csv')} download data-testid="audit-export-csv">
                  Export CSV
                </a>
                <a className={buttonClass('secondary', 'sm')} href={exportHref('json')} download data-testid="audit-export-json">
                  Export JSON
                </a>
              </>
            )}
          </>
        }
      />
      <Tabs
        idBase={tabsId}
        label="Audit log"
        value={f.tab}
        onChange={(tab) => f.set({ tab: tab === 'signin' ? 'signin' : '' })}
        tabs={[
          { id: 'activity', label: 'Activity' },
          { id: 'signin', label: 'Sign-in failures' },
        ]}
        className="mb-2"
      />
      <div {...tabPanelProps(tabsId, f.tab)}>
        <Toolbar f={f} signin={f.tab === 'signin'} />
        {f.tab === 'signin' ? <SigninFailures f={f} /> : <Activity f={f} />}
      </div>
      <RetentionLine admin={user?.role === 'admin'} />
    </PageBody>
  );
}
