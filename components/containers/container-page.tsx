'use client';

import { useQueryState } from '../ui/use-query-state';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { CONTAINER_ACTIONS, type ContainerDetail, type DeletedContainer } from '@/server/contracts/containers';
import type { EngineSummary } from '@/server/contracts/engines';
import { ApiRequestError, errorMessage } from '../api';
import { formatAgo, formatDateTime } from '../format';
import { useEngines } from '../hosts/use-engines';
import { PageBody } from '../layout/page-header';
import { useNow } from '../use-now';
import { ErrorAlert } from '../ui/alert';
import { Button, buttonClass } from '../ui/button';
import { Section } from '../ui/card';
import { cn } from '../ui/cn';
import { EmptyState } from '../ui/empty-state';
import { KeyValue, KeyValueList, Missing } from '../ui/key-value';
import { Menu, MENU_BUTTON, type MenuItem } from '../ui/menu';
import { Skeleton } from '../ui/skeleton';
import { Spinner } from '../ui/spinner';
import { tabPanelProps, Tabs, useTabsId } from '../ui/tabs';
import { useCan } from '../auth/use-can';
import { Toaster } from '../ui/toast';
import { ACTION_LABELS, actionApplies, mainAction, useActionRunner } from './container-actions';
import { containerKey, shortId, stateDetail, terminalHref } from './container-model';
import { OverviewTab } from './overview-tab';
import { RevealButton, useRevealed, withRevealed } from './reveal-secrets';
import { usePendingActions } from './pending-actions';
import { StateBadge } from './state-badge';
import { UpdateStatus } from './update-status';
import { containerApi, useContainerDetail, useDeletedContainers, useDeletedRecord } from './use-containers';

// Only the default tab (Overview) comes with the page; each other tab and the commit dialog load when opened
// (uPlot with Stats, the log viewer with Logs, …), so the first screen does not wait for them.
const StatsTab = dynamic(() => import('./stats-tab').then((m) => m.StatsTab), {
  ssr: false,
  loading: () => <Spinner label="Loading charts" />,
});
const LogsTab = dynamic(() => import('./logs-tab').then((m) => m.LogsTab), { ssr: false, loading: () => <Spinner label="Loading logs" /> });
const ProcessesTab = dynamic(() => import('./processes-tab').then((m) => m.ProcessesTab), {
  ssr: false,
  loading: () => <Spinner label="Loading processes" />,
});
const FilesTab = dynamic(() => import('./files-tab').then((m) => m.FilesTab), {
  ssr: false,
  loading: () => <Spinner label="Loading files" />,
});
const InspectTab = dynamic(() => import('./inspect-tab').then((m) => m.InspectTab), {
  ssr: false,
  loading: () => <Spinner label="Loading" />,
});
const CommitDialog = dynamic(() => import('./commit-dialog').then((m) => m.CommitDialog), { ssr: false });

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'logs', label: 'Logs' },
  { id: 'stats', label: 'Stats' },
  { id: 'processes', label: 'Processes' },
  { id: 'files', label: 'Files' },
  { id: 'inspect', label: 'Inspect' },
] as const;
type TabId = (typeof TABS)[number]['id'];

function Breadcrumb({ hostId, hostName, name }: { hostId: string; hostName: string; name: string }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-1 text-xs text-zinc-500">
      <Link href="/containers" className="hover:text-sky-700 hover:underline">
        Containers
      </Link>
      <span aria-hidden> / </span>
      <Link href={`/containers?host=${encodeURIComponent(hostId)}`} className="hover:text-sky-700 hover:underline">
        {hostName}
      </Link>
      <span aria-hidden> / </span>
      <span className="text-zinc-700">{name}</span>
    </nav>
  );
}

function DeletedView({ rec, hostName, now }: { rec: DeletedContainer; hostName: string; now: number }) {
  return (
    <PageBody>
      <title>{`${rec.name} (deleted) · Wharf`}</title>
      <Breadcrumb hostId={rec.hostId} hostName={hostName} name={rec.name} />
      <div className="mb-3 flex items-center gap-2.5" data-testid="container-header" data-state="deleted">
        <h1 className="text-lg font-semibold tracking-tight text-zinc-900">{rec.name}</h1>
        <StateBadge state="deleted" />
        <span className="text-zinc-500">deleted {formatAgo(rec.deletedAt, now)}</span>
      </div>
      <div className="mb-3 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-zinc-700" data-testid="deleted-record">
        This container no longer exists on <strong>{hostName}</strong>. It was removed{' '}
        {rec.deletedBy ? (
          <>
            by <strong>{rec.deletedBy}</strong> in Wharf
          </>
        ) : (
          <strong>outside Wharf</strong>
        )}{' '}
        at {formatDateTime(rec.deletedAt)}. This is what Wharf last saw of it.
      </div>
      <Section title="Last known" className="max-w-3xl">
        <KeyValueList>
          <KeyValue label="ID" mono>
            {rec.id}
          </KeyValue>
          <KeyValue label="Image" mono>
            {rec.image}
          </KeyValue>
          <KeyValue label="Command" mono wrap>
            {rec.command || <Missing />}
          </KeyValue>
          <KeyValue label="Exit code" mono>
            {rec.exitCode ?? <Missing>unknown</Missing>}
          </KeyValue>
          <KeyValue label="Created">{formatDateTime(rec.created)}</KeyValue>
          <KeyValue label="Finished">{formatDateTime(rec.finishedAt)}</KeyValue>
          <KeyValue label="Deleted">
            {formatDateTime(rec.deletedAt)} <span className="text-zinc-500">by {rec.deletedBy ?? 'someone outside Wharf'}</span>
          </KeyValue>
          <KeyValue label="Compose project">{rec.composeProject ?? <Missing />}</KeyValue>
          <KeyValue label="Labels" mono wrap>
            {Object.keys(rec.labels).length ? Object.entries(rec.labels).map(([k, v]) => <div key={k}>{`${k}=${v}`}</div>) : <Missing />}
          </KeyValue>
        </KeyValueList>
      </Section>
      <Link href="/containers?state=deleted" className={cn(buttonClass('secondary'), 'mt-3')}>
        All deleted containers
      </Link>
    </PageBody>
  );
}

function HeaderSkeleton() {
  return (
    <PageBody>
      <div role="status" aria-label="Loading container" className="space-y-3">
        <Skeleton className="h-3 w-48" />
        <Skeleton className="h-6 w-72" />
        <Skeleton className="h-8 w-full max-w-3xl" />
        <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
          <Skeleton className="h-40" />
          <Skeleton className="h-40" />
        </div>
      </div>
    </PageBody>
  );
}

function NotFound({ hostId, id, engine, error }: { hostId: string; id: string; engine: EngineSummary | undefined; error: unknown }) {
  const gone = error instanceof ApiRequestError && error.status === 404;
  // The live history's total moves when a record arrives: the lookup is read again then.
  const live = useDeletedContainers(gone);
  const deleted = useDeletedRecord(hostId, id, live.data?.total ?? 0, gone && !!live.data);
  const now = useNow();
  const rec = deleted.data;
  if (gone && (live.isPending || deleted.isPending)) return <HeaderSkeleton />;
  if (rec) return <DeletedView rec={rec} hostName={engine?.name ?? hostId} now={now} />;
  const offline = engine && engine.status !== 'online';
  return (
    <PageBody>
      <Breadcrumb hostId={hostId} hostName={engine?.name ?? hostId} name={id} />
      {offline ? (
        <ErrorAlert testId="engine-offline" title={`The engine ${engine.name} is ${engine.status}`}>
          {engine.lastError ?? 'It does not answer.'} Container details come from the engine, so they cannot be shown until it is back.
          Wharf keeps retrying on its own.
        </ErrorAlert>
      ) : gone ? (
        <EmptyState
          title="No such container"
          action={
            <Link href="/containers" className={buttonClass('secondary')}>
              Back to containers
            </Link>
          }
        >
          {errorMessage(error)}. It may have been removed before Wharf saw it.
        </EmptyState>
      ) : (
        <ErrorAlert title="The container could not be loaded">{errorMessage(error)}</ErrorAlert>
      )}
    </PageBody>
  );
}

export function ContainerPage({ hostId, id }: { hostId: string; id: string }) {
  const detail = useContainerDetail(hostId, id);
  const engines = useEngines();
  const engine = engines.data?.find((e) => e.id === hostId);
  const query = useQueryState();
  const tabParam = query.get('tab');
  const tab: TabId = TABS.some((t) => t.id === tabParam) ? (tabParam as TabId) : 'overview';
  const setTab = (t: TabId) => query.set({ tab: t === 'overview' ? '' : t });
  const tabsId = useTabsId();
  const now = useNow(5_000);
  // Also keeps the revealed values while tabs change (each tab reads them by the full id).
  const revealed = useRevealed(hostId, detail.data?.id ?? id);

  if (detail.isPending) return <HeaderSkeleton />;
  if (detail.isError || !detail.data)
    return (
      <>
        <Toaster />
        <NotFound hostId={hostId} id={id} engine={engine} error={detail.error} />
      </>
    );
  const c = detail.data;
  const panel = tabPanelProps(tabsId, tab);

  return (
    <PageBody>
      <Toaster />
      <title>{`${c.name} · Wharf`}</title>
      <Breadcrumb hostId={hostId} hostName={engine?.name ?? c.hostName} name={c.name} />
      <Header c={c} engine={engine} now={now} refreshing={detail.isFetching} />
      {engine && engine.status !== 'online' && (
        <ErrorAlert className="mb-3" testId="engine-offline" title={`The engine ${engine.name} is ${engine.status}`}>
          {engine.lastError ?? 'It does not answer.'} What you see is the last known state; actions, logs and stats come back when the
          engine does.
        </ErrorAlert>
      )}
      <Tabs tabs={[...TABS]} value={tab} onChange={setTab} label="Container" idBase={tabsId} className="mb-3" />
      <div {...panel} className="outline-none">
        {tab === 'overview' && <OverviewTab c={c} engine={engine} now={now} />}
        {tab === 'logs' && <LogsTab hostId={hostId} id={c.id} state={c.state} />}
        {tab === 'stats' && <StatsTab hostId={hostId} id={c.id} state={c.state} limited={c.memoryLimit > 0} />}
        {tab === 'processes' && <ProcessesTab hostId={hostId} id={c.id} state={c.state} />}
        {tab === 'files' && <FilesTab hostId={hostId} id={c.id} />}
        {tab === 'inspect' && (
          <InspectTab
            raw={withRevealed(c.raw, revealed)}
            note={
              revealed ? '`docker inspect`, env values revealed.' : '`docker inspect` with env values and secret-looking arguments masked.'
            }
            actions={<RevealButton hostId={hostId} id={c.id} />}
          />
        )}
      </div>
    </PageBody>
  );
}

const EXPORT_HINT = "Download the container's filesystem as a .tar (docker export)";

/** Starts a download as the Export link does (a menu's items are buttons, not links). */
function download(href: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = '';
  a.click();
}

function Header({
  c,
  engine,
  now,
  refreshing,
}: {
  c: ContainerDetail;
  engine: EngineSummary | undefined;
  now: number;
  refreshing: boolean;
}) {
  const pending = usePendingActions().get(containerKey(c));
  const [committing, setCommitting] = useState(false);
  const runner = useActionRunner();
  const target = { hostId: c.hostId, id: c.id, name: c.name };
  const running = c.state === 'running';
  const base = containerApi(c.hostId, c.id);
  const canManage = useCan('containers.manage', c.hostId);
  const canExec = useCan('exec', c.hostId);
  const canDownload = useCan('files.read', c.hostId);
  const router = useRouter();
  const editHref = `/hosts/${encodeURIComponent(c.hostId)}/containers/${encodeURIComponent(c.id)}/edit`;
  const exportHref = `${base}/export`;
  // Below 768 px only the state's main action (and the terminal) keep a button; the rest are under More.
  const main = mainAction(c.state);
  const more: MenuItem[] = [
    ...(canManage
      ? CONTAINER_ACTIONS.filter((a) => a !== main).map((a) => ({
          label: ACTION_LABELS[a],
          onSelect: () => runner.run([target], a),
          muted: !actionApplies(a, c.state),
          danger: a === 'kill' || a === 'remove',
          pending: runner.running === a,
          disabled: runner.running !== null,
          separatorBefore: a === 'rename',
        }))
      : []),
    ...(canManage
      ? [
          { label: 'Edit & recreate', onSelect: () => router.push(editHref), separatorBefore: true },
          { label: 'Commit', onSelect: () => setCommitting(true) },
        ]
      : []),
    ...(canDownload ? [{ label: 'Export', onSelect: () => download(exportHref), hint: EXPORT_HINT }] : []),
  ];
  return (
    <div className="mb-3 space-y-2" data-testid="container-header" data-state={c.state}>
      <div className="flex flex-wrap items-center gap-x-2.5 gap-y-1">
        <h1 className="truncate text-lg font-semibold tracking-tight text-zinc-900" data-testid="container-name">
          {c.name}
        </h1>
        <StateBadge state={c.state} />
        <span className="text-zinc-500" data-testid="state-detail">
          {stateDetail(c, now)}
        </span>
        {pending && (
          <span className="inline-flex items-center gap-1 text-xs text-sky-700">
            <Spinner /> {pending}…
          </span>
        )}
        {refreshing && !pending && <Spinner className="text-zinc-300" />}
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-0.5 text-xs text-zinc-500">
        <span>
          on{' '}
          <Link href={`/hosts/${encodeURIComponent(c.hostId)}`} className="font-medium text-zinc-700 hover:text-sky-700 hover:underline">
            {engine?.name ?? c.hostName}
          </Link>
        </span>
        <span className="font-mono text-[12px] text-zinc-700" title={c.imageId}>
          {c.image}
        </span>
        {running && <UpdateStatus hostId={c.hostId} id={c.id} name={c.name} />}
        <span className="font-mono text-[11px]" title={c.id}>
          {shortId(c.id)}
        </span>
        <span title={formatDateTime(c.created)}>created {formatAgo(c.created, now)}</span>
        {c.composeProject && <span>compose project {c.composeProject}</span>}
      </div>
      <div className="flex flex-wrap items-center gap-1.5" data-testid="container-action-bar">
        {canManage && (
          <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Container actions">
            {CONTAINER_ACTIONS.map((a) => {
              const applies = actionApplies(a, c.state);
              return (
                <Button
                  key={a}
                  size="sm"
                  variant={applies && (a === 'start' || a === 'unpause') ? 'primary' : 'secondary'}
                  className={cn(
                    !applies && 'text-zinc-400!',
                    (a === 'kill' || a === 'remove') && applies && 'text-red-700!',
                    a !== main && 'max-md:hidden',
                  )}
                  pending={runner.running === a}
                  disabled={runner.running !== null}
                  title={applies ? undefined : `The container is ${c.state}; the engine may refuse`}
                  onClick={() => runner.run([target], a)}
                >
                  {ACTION_LABELS[a]}
                </Button>
              );
            })}
          </div>
        )}
        {canManage && <span className="mx-1 h-5 w-px bg-zinc-300 max-md:hidden" aria-hidden />}
        {running && canExec ? (
          <Link href={terminalHref(c.hostId, c.id)} className={buttonClass('secondary', 'sm')}>
            Open terminal
          </Link>
        ) : null}
        {canManage && (
          <>
            <Link href={editHref} className={buttonClass('secondary', 'sm', 'max-md:hidden')}>
              Edit & recreate
            </Link>
            <Button size="sm" className="max-md:hidden" onClick={() => setCommitting(true)}>
              Commit
            </Button>
          </>
        )}
        {canDownload && (
          <a href={exportHref} download className={buttonClass('secondary', 'sm', 'max-md:hidden')} title={EXPORT_HINT}>
            Export
          </a>
        )}
        {more.length > 0 && (
          <Menu label="More actions" items={more} align="end" className={cn(MENU_BUTTON, 'md:hidden')} trigger={<span>More ▾</span>} />
        )}
      </div>
      {runner.dialog}
      {committing && <CommitDialog hostId={c.hostId} id={c.id} name={c.name} onClose={() => setCommitting(false)} />}
    </div>
  );
}
