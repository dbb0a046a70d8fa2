'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import { errorMessage } from '../api';
import { useCanManageEngines } from '../auth/use-auth';
import { PageBody, PageHeader } from '../layout/page-header';
import { useRealtime } from '../realtime/realtime-provider';
import { DiskSummaryStrip } from '../disk/disk-summary';
import { useNow } from '../use-now';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { Spinner } from '../ui/spinner';
import { HostCard } from './host-card';
import { TotalsStrip } from './totals-strip';
import { useEngines } from './use-engines';

// The add-engine form loads when it is opened, not with the overview.
const EngineDialog = dynamic(() => import('./engine-dialog').then((m) => m.EngineDialog), { ssr: false });

const PlusIcon = () => (
  <svg viewBox="0 0 16 16" className="size-3.5" aria-hidden>
    <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
  </svg>
);

export function HostsOverview() {
  const engines = useEngines();
  const canManage = useCanManageEngines();
  const [adding, setAdding] = useState(false);
  const now = useNow();
  const realtime = useRealtime();
  const list = engines.data ?? [];

  const addButton = canManage ? (
    <Button variant="primary" onClick={() => setAdding(true)}>
      <PlusIcon />
      Add engine
    </Button>
  ) : null;

  return (
    <PageBody>
      <PageHeader
        title="Hosts"
        subtitle={
          engines.data ? (
            <>
              {list.length} engine{list.length === 1 ? '' : 's'}
              {realtime.state === 'connected' ? (
                ' · updates live'
              ) : (
                <span className="text-amber-700"> · live updates paused until Wharf reconnects</span>
              )}
            </>
          ) : undefined
        }
        actions={list.length > 0 ? addButton : null}
      />

      {engines.isPending ? (
        <div className="flex items-center gap-2 py-10 text-zinc-500">
          <Spinner /> Loading engines…
        </div>
      ) : engines.isError ? (
        <ErrorAlert title="The engines could not be loaded">
          {errorMessage(engines.error)}{' '}
          <button type="button" className="underline" onClick={() => void engines.refetch()}>
            Try again
          </button>
        </ErrorAlert>
      ) : list.length === 0 ? (
        <EmptyState
          title="No Docker engines yet"
          icon={
            <svg viewBox="0 0 32 32" className="size-9" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden>
              <rect x="4" y="6" width="24" height="8" rx="2" />
              <rect x="4" y="18" width="24" height="8" rx="2" />
              <path d="M8 10h.01M8 22h.01" strokeWidth="2.5" strokeLinecap="round" />
            </svg>
          }
          action={addButton}
        >
          Wharf watches Docker engines: add one by its local socket (<span className="font-mono text-[12px]">/var/run/docker.sock</span>),
          over TCP with TLS client certificates, or over SSH. Each engine then shows up here with its versions, resources and container
          counts, kept up to date live.
          {!canManage && <> Ask an administrator to add one.</>}
        </EmptyState>
      ) : (
        <>
          <TotalsStrip engines={list} />
          <DiskSummaryStrip />
          <div className="grid grid-cols-1 items-start gap-3 md:grid-cols-2 xl:grid-cols-3" data-testid="host-grid">
            {list.map((engine) => (
              <HostCard key={engine.id} engine={engine} now={now} />
            ))}
          </div>
        </>
      )}

      {adding && <EngineDialog onClose={() => setAdding(false)} />}
    </PageBody>
  );
}
