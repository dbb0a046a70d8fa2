'use client';

import { useQueryState } from '../../ui/use-query-state';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ContainerSummary } from '@/server/contracts/containers';
import type { EngineSummary } from '@/server/contracts/engines';
import { shortImageId, type ImageDetail } from '@/server/contracts/images';
import { ApiRequestError, errorMessage } from '../../api';
import { formatAgo, formatBytes, formatDateTime } from '../../format';
import { useEngines } from '../../hosts/use-engines';
import { PageBody } from '../../layout/page-header';
import { useLiveQuery } from '../../realtime/use-live';
import { useNow } from '../../use-now';
import { ErrorAlert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { buttonClass } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { Skeleton } from '../../ui/skeleton';
import { Spinner } from '../../ui/spinner';
import { tabPanelProps, Tabs, useTabsId } from '../../ui/tabs';
import { Toaster } from '../../ui/toast';
import { ImageActions } from '../image-actions';
import { imagesHref } from '../links';
import { ConfigTab } from './config-tab';
import { ContainersTab } from './containers-tab';
import { CopyText } from './copy-text';
import { FamilyTab } from './family-tab';
import { familySize, imageLabel, sharingFigures, sizeText } from './image-view';
import { LayersTab } from './layers-tab';

const InspectTab = dynamic(() => import('../../containers/inspect-tab').then((m) => m.InspectTab), {
  ssr: false,
  loading: () => <Spinner label="Loading" />,
});

const TABS = ['layers', 'family', 'config', 'containers', 'inspect'] as const;
type TabId = (typeof TABS)[number];
const TAB_LABELS: Record<TabId, string> = {
  layers: 'Layers',
  family: 'Family',
  config: 'Config',
  containers: 'Containers',
  inspect: 'Inspect',
};

function Breadcrumb({ hostId, hostName, name }: { hostId: string; hostName: string; name: string }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-1 text-xs text-zinc-500">
      <Link href={imagesHref()} className="hover:text-sky-700 hover:underline">
        Images
      </Link>
      <span aria-hidden> / </span>
      <Link href={imagesHref(hostId)} className="hover:text-sky-700 hover:underline">
        {hostName}
      </Link>
      <span aria-hidden> / </span>
      <span className="text-zinc-700">{name}</span>
    </nav>
  );
}

function PageSkeleton() {
  return (
    <PageBody>
      <div role="status" aria-label="Loading image" className="space-y-3">
        <Skeleton className="h-3 w-48" />
        <Skeleton className="h-6 w-72" />
        <Skeleton className="h-8 w-full max-w-3xl" />
        <Skeleton className="h-10 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    </PageBody>
  );
}

function NotFound({ hostId, id, engine, error }: { hostId: string; id: string; engine: EngineSummary | undefined; error: unknown }) {
  const status = error instanceof ApiRequestError ? error.status : 0;
  const hostName = engine?.name ?? hostId;
  const offline = engine && engine.status !== 'online';
  return (
    <PageBody>
      <title>{`No image ${id} · Wharf`}</title>
      <Breadcrumb hostId={hostId} hostName={hostName} name={id} />
      {offline ? (
        <ErrorAlert testId="engine-offline" title={`The engine ${engine.name} is ${engine.status}`}>
          {engine.lastError ?? 'It does not answer.'} Image details come from the engine, so they cannot be shown until it is back. Wharf
          keeps retrying on its own.
        </ErrorAlert>
      ) : status === 404 || status === 400 ? (
        <div data-testid="image-not-found">
          <EmptyState
            title={`No image ${id} on ${hostName}`}
            action={
              <Link href={imagesHref(hostId)} className={buttonClass('secondary')}>
                Images on {hostName}
              </Link>
            }
          >
            {status === 400 ? errorMessage(error) : 'It may have been removed, or the id or reference is mistyped.'}
          </EmptyState>
        </div>
      ) : (
        <ErrorAlert title="The image could not be loaded">{errorMessage(error)}</ErrorAlert>
      )}
    </PageBody>
  );
}

/** One image on one host: header, then its layers, family, config, containers and raw inspect, followed live. */
export function ImagePage({ hostId, id }: { hostId: string; id: string }) {
  const detail = useLiveQuery<ImageDetail>({ kind: 'image', hostId, id });
  const containers = useLiveQuery<ContainerSummary[]>({ kind: 'containers', hostId });
  const engines = useEngines();
  const engine = engines.data?.find((e) => e.id === hostId);
  const query = useQueryState();
  const tabParam = query.get('tab');
  const tab: TabId = TABS.includes(tabParam as TabId) ? (tabParam as TabId) : 'layers';
  const setTab = (t: TabId) => query.set({ tab: t === 'layers' ? '' : t });
  const tabsId = useTabsId();
  const now = useNow(15_000);

  if (detail.isPending) return <PageSkeleton />;
  // A view that never loaded: unknown image (or offline engine). One that loaded and then failed keeps its
  // last data: the image was removed while open, and the page says so above what it last saw.
  if (!detail.data)
    return (
      <>
        <Toaster />
        <NotFound hostId={hostId} id={id} engine={engine} error={detail.error} />
      </>
    );
  const d = detail.data;
  const img = d.summary;
  const removed = detail.isError;
  const users = (containers.data ?? []).filter((c) => c.imageId === img.id);
  const name = imageLabel(img);
  const panel = tabPanelProps(tabsId, tab);
  const tabs = TABS.map((t) => ({
    id: t,
    label: TAB_LABELS[t],
    badge:
      t === 'layers' ? (
        <Count n={d.layers.length} />
      ) : t === 'family' ? (
        <Count n={familySize(d.family)} />
      ) : t === 'containers' ? (
        <Count n={containers.data ? users.length : null} />
      ) : undefined,
  }));

  return (
    <PageBody>
      <Toaster />
      <title>{`${name} · Wharf`}</title>
      <Breadcrumb hostId={hostId} hostName={engine?.name ?? d.hostName} name={name} />
      <Header d={d} engine={engine} now={now} removed={removed} inUse={users.length} />
      {removed && (
        <div
          role="status"
          className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900"
          data-testid="image-removed"
        >
          <strong>This image is no longer on {engine?.name ?? d.hostName}.</strong>{' '}
          {detail.error instanceof ApiRequestError && detail.error.status === 404
            ? 'It was removed while this page was open. What you see is what Wharf last saw of it.'
            : `${errorMessage(detail.error)}. What you see is what Wharf last saw of it.`}{' '}
          <Link href={imagesHref(hostId)} className="font-medium underline hover:text-amber-700">
            Images on {engine?.name ?? d.hostName}
          </Link>
        </div>
      )}
      {engine && engine.status !== 'online' && (
        <ErrorAlert className="mb-3" testId="engine-offline" title={`The engine ${engine.name} is ${engine.status}`}>
          {engine.lastError ?? 'It does not answer.'} What you see is the last known state.
        </ErrorAlert>
      )}
      <Tabs tabs={tabs} value={tab} onChange={setTab} label="Image" idBase={tabsId} className="mb-3" />
      <div {...panel} className="outline-none">
        {tab === 'layers' && <LayersTab d={d} now={now} />}
        {tab === 'family' && <FamilyTab d={d} now={now} />}
        {tab === 'config' && <ConfigTab d={d} now={now} />}
        {tab === 'containers' && <ContainersTab containers={users} loading={containers.isPending} now={now} />}
        {tab === 'inspect' && (
          <InspectTab raw={d.raw} note="`docker image inspect` as the engine sent it, with secret-looking env values masked." />
        )}
      </div>
    </PageBody>
  );
}

function Count({ n }: { n: number | null }) {
  if (n === null) return null;
  return <span className="rounded-full bg-zinc-100 px-1.5 text-[11px] font-medium tabular-nums text-zinc-600">{n}</span>;
}

function Figure({ label, children, title, testId }: { label: string; children: ReactNode; title?: string; testId?: string }) {
  return (
    <span title={title} data-testid={testId}>
      <span className="text-zinc-500">{label}</span> <span className="font-medium tabular-nums text-zinc-800">{children}</span>
    </span>
  );
}

function Header({
  d,
  engine,
  now,
  removed,
  inUse,
}: {
  d: ImageDetail;
  engine: EngineSummary | undefined;
  now: number;
  removed: boolean;
  inUse: number;
}) {
  const img = d.summary;
  const { shared, own } = sharingFigures(d.layers);
  const platform = [d.config.os, d.config.architecture, d.config.variant].filter(Boolean).join('/');
  return (
    <div className="mb-3 space-y-1.5" data-testid="image-header" data-image-id={img.id}>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <h1 className="truncate font-mono text-lg font-semibold tracking-tight text-zinc-900" data-testid="image-name">
          {img.tags[0] ?? <span className="text-zinc-500">&lt;none&gt;</span>}
        </h1>
        {img.tags.slice(1).map((t) => (
          <span key={t} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[12px] text-zinc-700" data-testid="image-tag">
            {t}
          </span>
        ))}
        {img.dangling && <Badge tone="amber">dangling</Badge>}
        {removed ? <Badge tone="red">removed</Badge> : inUse > 0 ? <Badge tone="green">in use by {inUse}</Badge> : <Badge>unused</Badge>}
        {!removed && (
          <div className="ml-auto">
            <ImageActions image={img} variant="page" />
          </div>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-0.5 text-xs">
        <span className="text-zinc-500">
          on{' '}
          <Link href={`/hosts/${encodeURIComponent(img.hostId)}`} className="font-medium text-zinc-700 hover:text-sky-700 hover:underline">
            {engine?.name ?? d.hostName}
          </Link>
        </span>
        <CopyText value={img.id} what="image id">
          <span data-testid="image-short-id">{shortImageId(img.id)}</span>
        </CopyText>
        <Figure label="size" title={`${img.size} bytes`} testId="image-size">
          {formatBytes(img.size)}
        </Figure>
        <Figure label="shared" title="Bytes of layers another image on this host also holds" testId="image-shared">
          {shared === null ? 'unknown' : sizeText(shared)}
        </Figure>
        <Figure label="own" title="Bytes of layers no other image on this host holds" testId="image-own">
          {own === null ? 'unknown' : sizeText(own)}
        </Figure>
        <Figure label="layers">{d.layers.length}</Figure>
        <span className="text-zinc-500" title={formatDateTime(img.created)}>
          created <span className="text-zinc-800">{formatAgo(img.created, now)}</span>
        </span>
        {platform && <span className="font-mono text-[12px] text-zinc-700">{platform}</span>}
      </div>
      {img.digests.length > 0 && (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-0.5 text-xs" data-testid="image-digests">
          <span className="text-zinc-500">{img.digests.length === 1 ? 'digest' : 'digests'}</span>
          {img.digests.map((dg) => {
            const at = dg.indexOf('@');
            return (
              <CopyText key={dg} value={dg} what="digest" className="text-[11px]">
                {dg.slice(0, at + 1)}
                {dg.slice(at + 1, at + 20)}…
              </CopyText>
            );
          })}
        </div>
      )}
    </div>
  );
}
