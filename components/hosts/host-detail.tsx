'use client';

import Link from 'next/link';
import { useState } from 'react';
import { ENGINE_KIND_LABELS } from '@/server/contracts/engine-kinds';
import type { EngineDetail, HostInfo } from '@/server/contracts/engines';
import { ApiRequestError, errorMessage } from '../api';
import { useCanManageEngines } from '../auth/use-auth';
import { formatAgo, formatBytes, formatDateTime } from '../format';
import { PageBody } from '../layout/page-header';
import { useRealtime } from '../realtime/realtime-provider';
import { useNow } from '../use-now';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button, buttonClass } from '../ui/button';
import { Section } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { KeyValue, KeyValueList, Missing } from '../ui/key-value';
import { Spinner } from '../ui/spinner';
import { EngineDialog } from './engine-dialog';
import { imagesTitle } from './host-card';
import { RawJsonView } from './raw-json-view';
import { RemoveEngineDialog } from './remove-engine-dialog';
import { StatusBadge } from './status-badge';
import { useEngine } from './use-engines';
import { ListOrNone } from './versions';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

function Commit({ version, commit }: { version: string | null; commit: string | null }) {
  return (
    <span className="font-mono text-[12px]">
      {version ?? <Missing>unknown</Missing>}
      {commit && (
        <span className="break-all text-zinc-500" title="commit">
          {' '}
          · {commit}
        </span>
      )}
    </span>
  );
}

function YesNo({ value }: { value: boolean }) {
  return value ? <Badge tone="sky">enabled</Badge> : <span className="text-zinc-500">disabled</span>;
}

function EngineSection({ info, rawVersion }: { info: HostInfo; rawVersion: Json | null }) {
  const v = rawVersion ?? {};
  return (
    <Section title="Engine" id="engine">
      <KeyValueList>
        <KeyValue label="Docker" mono wrap>
          <span data-testid="docker-version">{info.dockerVersion}</span>
          {typeof v.GitCommit === 'string' && <span className="text-zinc-500"> · {v.GitCommit}</span>}
        </KeyValue>
        <KeyValue label="API version" mono>
          <span data-testid="api-version">{info.apiVersion}</span>
        </KeyValue>
        <KeyValue label="Minimum API" mono>
          {info.minApiVersion ?? <Missing>unknown</Missing>}
        </KeyValue>
        <KeyValue label="Negotiated API" mono>
          <span data-testid="negotiated-api-version">{info.negotiatedApiVersion}</span>
          {info.negotiatedApiVersion !== info.apiVersion && (
            <span className="font-sans text-zinc-500"> (Wharf speaks an older API than the engine’s newest)</span>
          )}
        </KeyValue>
        <KeyValue label="containerd" wrap>
          <Commit {...info.containerd} />
        </KeyValue>
        <KeyValue label="runc" wrap>
          <Commit {...info.runc} />
        </KeyValue>
        <KeyValue label="docker-init" wrap>
          <Commit {...info.init} />
        </KeyValue>
        {typeof v.GoVersion === 'string' && (
          <KeyValue label="Go" mono>
            {v.GoVersion}
          </KeyValue>
        )}
        {typeof v.BuildTime === 'string' && (
          <KeyValue label="Built" mono wrap>
            {v.BuildTime}
          </KeyValue>
        )}
      </KeyValueList>
    </Section>
  );
}

function SystemSection({ info }: { info: HostInfo }) {
  return (
    <Section title="System" id="system">
      <KeyValueList>
        <KeyValue label="Hostname" mono>
          {info.hostname || <Missing>unknown</Missing>}
        </KeyValue>
        <KeyValue label="OS" wrap>
          {info.os} <span className="text-zinc-500">({info.osType})</span>
        </KeyValue>
        <KeyValue label="Kernel" mono wrap>
          {info.kernel}
        </KeyValue>
        <KeyValue label="Architecture" mono>
          {info.architecture}
        </KeyValue>
        <KeyValue label="CPUs">{info.cpus}</KeyValue>
        <KeyValue label="Memory" title={`${info.memoryBytes.toLocaleString()} bytes`}>
          {formatBytes(info.memoryBytes)}
        </KeyValue>
        <KeyValue label="Root dir" mono wrap>
          {info.dockerRootDir ?? <Missing>unknown</Missing>}
        </KeyValue>
      </KeyValueList>
    </Section>
  );
}

function StorageSection({ info, rawInfo }: { info: HostInfo; rawInfo: Json | null }) {
  const driverStatus = Array.isArray(rawInfo?.DriverStatus) ? (rawInfo.DriverStatus as unknown[]) : [];
  const pairs = driverStatus.filter(Array.isArray).map((p) => (p as unknown[]).map((x) => String(x ?? '')));
  return (
    <Section title="Storage & runtime" id="storage">
      <KeyValueList>
        <KeyValue label="Storage driver" mono>
          {info.storageDriver}
        </KeyValue>
        {pairs.map(([k, val], i) => (
          <KeyValue key={`${k}-${i}`} label={<span className="pl-3">{k}</span>} mono wrap>
            {val || <Missing>—</Missing>}
          </KeyValue>
        ))}
        <KeyValue label="Logging driver" mono>
          {info.loggingDriver}
        </KeyValue>
        <KeyValue label="Cgroup driver" mono>
          {info.cgroupDriver}
          {info.cgroupVersion && <span className="text-zinc-500"> · version {info.cgroupVersion}</span>}
        </KeyValue>
        <KeyValue label="Runtimes" mono wrap>
          {info.runtimes.length ? (
            <ul>
              {info.runtimes.map((r) => (
                <li key={r} className="break-all">
                  {r}
                  {r === info.defaultRuntime && <span className="font-sans text-zinc-500"> (default)</span>}
                </li>
              ))}
            </ul>
          ) : (
            <Missing />
          )}
        </KeyValue>
        <KeyValue label="Security" mono wrap>
          {info.securityOptions.length ? (
            <ul>
              {info.securityOptions.map((s) => (
                <li key={s} className="break-all">
                  {s}
                </li>
              ))}
            </ul>
          ) : (
            <Missing />
          )}
        </KeyValue>
        <KeyValue label="Live restore">
          <YesNo value={info.liveRestore} />
        </KeyValue>
        <KeyValue label="Experimental">
          <YesNo value={info.experimental} />
        </KeyValue>
      </KeyValueList>
    </Section>
  );
}

function RegistriesSection({ info, rawInfo }: { info: HostInfo; rawInfo: Json | null }) {
  const indexConfigs = Object.values(obj(obj(rawInfo?.RegistryConfig).IndexConfigs)).map(obj);
  return (
    <Section title="Registries" id="registries">
      <KeyValueList>
        <KeyValue label="Mirrors" mono wrap>
          <ListOrNone items={info.registryMirrors} />
        </KeyValue>
        <KeyValue label="Insecure" mono wrap>
          <ListOrNone items={info.insecureRegistries} />
        </KeyValue>
      </KeyValueList>
      {indexConfigs.length > 0 && (
        <table className="mt-2 w-full text-xs">
          <caption className="mb-1 text-left text-zinc-500">Index configs</caption>
          <thead>
            <tr className="border-b border-zinc-200 text-left text-zinc-500">
              <th className="py-1 pr-2 font-medium">Name</th>
              <th className="py-1 pr-2 font-medium">Secure</th>
              <th className="py-1 pr-2 font-medium">Official</th>
              <th className="py-1 font-medium">Mirrors</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {indexConfigs.map((c) => {
              const mirrors = Array.isArray(c.Mirrors) ? (c.Mirrors as unknown[]).map(String) : [];
              return (
                <tr key={String(c.Name)}>
                  <td className="py-1 pr-2 font-mono text-[12px] break-all">{String(c.Name ?? '')}</td>
                  <td className="py-1 pr-2">{c.Secure === false ? <Badge tone="amber">insecure</Badge> : 'yes'}</td>
                  <td className="py-1 pr-2">{c.Official === true ? 'yes' : 'no'}</td>
                  <td className="py-1 font-mono text-[12px] break-all">{mirrors.length ? mirrors.join(', ') : <Missing />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function CountsSection({ engine }: { engine: EngineDetail }) {
  const c = engine.counts;
  const socketUp = useRealtime().state === 'connected';
  const live = engine.status === 'online' && socketUp;
  const cells: Array<[string, number | undefined, string, string?, string?]> = [
    ['running', c?.running, 'text-emerald-700'],
    ['paused', c?.paused, 'text-amber-700'],
    ['stopped', c?.stopped, 'text-zinc-900'],
    ['created', c?.created, 'text-zinc-900'],
    ['other', c?.other, 'text-zinc-900', 'restarting, removing or dead'],
    ['total', c?.total, 'text-zinc-900', 'all containers'],
    ['images', c?.images, 'text-zinc-900', c ? imagesTitle(c) : undefined, 'image ids'],
  ];
  return (
    <section
      aria-labelledby="counts-title"
      className="flex flex-wrap items-stretch overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs"
    >
      <div className="flex min-w-40 flex-col justify-center border-r border-zinc-100 px-3 py-1.5">
        <h2 id="counts-title" className="text-xs font-semibold uppercase tracking-wide text-zinc-500">
          Containers & images
        </h2>
        <span className={`text-[11px] ${live ? 'text-emerald-700' : 'text-zinc-500'}`}>{live ? '● live' : 'last known'}</span>
      </div>
      {!c ? (
        <p className="px-3 py-3 text-zinc-500">Not known yet.</p>
      ) : (
        <div className="grid flex-1 grid-cols-4 divide-x divide-zinc-100 sm:grid-cols-7">
          {cells.map(([key, n, tone, hint, label = key]) => (
            <div key={key} className="px-2 py-1.5 text-center" title={hint}>
              <div data-testid={`count-${key}`} className={`text-base font-semibold tabular-nums ${n ? tone : 'text-zinc-400'}`}>
                {n}
              </div>
              <div className="text-[11px] text-zinc-500">{label}</div>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

function Collapsible({ title, summary, children, testId }: { title: string; summary: string; children: React.ReactNode; testId: string }) {
  return (
    <details className="group rounded-lg border border-zinc-200 bg-white shadow-xs" data-testid={testId}>
      <summary className="flex cursor-pointer list-none items-center gap-2 px-3 py-2 select-none [&::-webkit-details-marker]:hidden">
        <svg viewBox="0 0 16 16" className="size-3.5 text-zinc-500 transition-transform group-open:rotate-90" aria-hidden>
          <path d="M6 4l4 4-4 4" stroke="currentColor" strokeWidth="1.6" fill="none" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <h2 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{title}</h2>
        <span className="text-xs text-zinc-400">{summary}</span>
      </summary>
      <div className="border-t border-zinc-100 px-3 py-3">{children}</div>
    </details>
  );
}

export function HostDetail({ hostId }: { hostId: string }) {
  const query = useEngine(hostId);
  const canManage = useCanManageEngines();
  const now = useNow();
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [removed, setRemoved] = useState(false);
  const engine = query.data;

  if (removed) {
    return (
      <PageBody>
        <p className="py-10 text-zinc-500">Engine removed. Back to Hosts…</p>
      </PageBody>
    );
  }
  if (query.isPending) {
    return (
      <PageBody>
        <div className="flex items-center gap-2 py-10 text-zinc-500">
          <Spinner /> Loading engine…
        </div>
      </PageBody>
    );
  }
  if (query.isError || !engine) {
    const gone = query.error instanceof ApiRequestError && query.error.status === 404;
    return (
      <PageBody>
        {gone ? (
          <EmptyState
            title="This engine does not exist"
            action={
              <Link href="/" className={buttonClass('secondary')}>
                Back to Hosts
              </Link>
            }
          >
            It may have been removed. {errorMessage(query.error)}.
          </EmptyState>
        ) : (
          <ErrorAlert title="The engine could not be loaded">{errorMessage(query.error)}</ErrorAlert>
        )}
      </PageBody>
    );
  }

  const { info } = engine;
  const offline = engine.status === 'offline';

  return (
    <PageBody>
      <title>{`${engine.name} · Wharf`}</title>
      <nav aria-label="Breadcrumb" className="mb-1 text-xs text-zinc-500">
        <Link href="/" className="hover:text-sky-700 hover:underline">
          Hosts
        </Link>
        <span aria-hidden> / </span>
        <span className="text-zinc-700">{engine.name}</span>
      </nav>

      <div
        className="mb-3 flex flex-wrap items-start justify-between gap-x-4 gap-y-2"
        data-testid="host-header"
        data-status={engine.status}
      >
        <div className="min-w-0">
          <div className="flex items-center gap-2.5">
            <h1 className="truncate text-lg font-semibold tracking-tight">{engine.name}</h1>
            <StatusBadge status={engine.status} />
          </div>
          <div className="mt-0.5 flex min-w-0 flex-wrap items-center gap-x-2 text-xs text-zinc-500">
            <span className="rounded bg-zinc-200/70 px-1.5 text-[11px] font-medium leading-4 text-zinc-700">
              {ENGINE_KIND_LABELS[engine.kind]}
            </span>
            <span className="font-mono text-[12px] break-all text-zinc-700" data-testid="host-address">
              {engine.address}
            </span>
            <span title={formatDateTime(engine.statusSince)}>
              · {engine.status} since {formatAgo(engine.statusSince, now)}
            </span>
            {engine.lastSeen && <span title={formatDateTime(engine.lastSeen)}>· last heard {formatAgo(engine.lastSeen, now)}</span>}
            <span className="font-mono text-[11px] text-zinc-400">· id {engine.id}</span>
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link href={`/containers?host=${encodeURIComponent(engine.id)}`} className={buttonClass('secondary')}>
            Containers →
          </Link>
          <Link href={`/hosts/${encodeURIComponent(engine.id)}/networks`} className={buttonClass('secondary')}>
            Networks →
          </Link>
          <Link href={`/hosts/${encodeURIComponent(engine.id)}/volumes`} className={buttonClass('secondary')}>
            Volumes →
          </Link>
          <Link href={`/hosts/${encodeURIComponent(engine.id)}/disk`} className={buttonClass('secondary')}>
            Disk →
          </Link>
          {canManage && (
            <>
              <Button onClick={() => setEditing(true)}>Edit</Button>
              <Button variant="secondary" className="text-red-700 hover:bg-red-50" onClick={() => setRemoving(true)}>
                Remove
              </Button>
            </>
          )}
        </div>
      </div>

      {offline && (
        <ErrorAlert className="mb-3" testId="host-offline" title={`Offline since ${formatDateTime(engine.statusSince)}`}>
          {engine.lastError ?? 'The engine does not answer.'}
          {info && <span className="text-red-700/80"> Showing what Wharf last knew; it retries on its own.</span>}
        </ErrorAlert>
      )}

      {!info ? (
        <EmptyState title={engine.status === 'connecting' ? 'Connecting…' : 'Nothing known about this engine yet'}>
          Wharf has not talked to this engine successfully since it was added or Wharf started. Details appear as soon as it answers.
        </EmptyState>
      ) : (
        <div className={offline ? 'opacity-70' : undefined}>
          <CountsSection engine={engine} />
          {/* Columns, not a grid: sections of different heights stack without gaps (masonry). */}
          <div className="mt-3 columns-1 gap-3 lg:columns-2 2xl:columns-3 [&>*]:mb-3 [&>*]:break-inside-avoid">
            <EngineSection info={info} rawVersion={engine.rawVersion} />
            <SystemSection info={info} />
            <StorageSection info={info} rawInfo={engine.rawInfo} />
            <RegistriesSection info={info} rawInfo={engine.rawInfo} />
          </div>
          <div className="space-y-3">
            {engine.rawInfo && (
              <Collapsible
                title="All of docker info"
                summary={`${Object.keys(engine.rawInfo).length} keys, as the engine reported them`}
                testId="raw-info"
              >
                <RawJsonView data={engine.rawInfo} label="docker info" />
              </Collapsible>
            )}
            {engine.rawVersion && (
              <Collapsible title="docker version" summary="as the engine reported it" testId="raw-version">
                <RawJsonView data={engine.rawVersion} label="docker version" />
              </Collapsible>
            )}
          </div>
        </div>
      )}

      {editing && <EngineDialog engine={engine} onClose={() => setEditing(false)} />}
      {removing && <RemoveEngineDialog engine={engine} onClose={() => setRemoving(false)} onRemoved={() => setRemoved(true)} />}
    </PageBody>
  );
}
