import Link from 'next/link';
import type { ReactNode } from 'react';
import { ENGINE_KIND_LABELS } from '@/server/contracts/engine-kinds';
import type { EngineCounts, EngineSummary } from '@/server/contracts/engines';
import { formatAgo, formatBytes, formatDateTime, imageCountText } from '../format';
import { Card } from '../ui/card';
import { cn } from '../ui/cn';
import { StatusBadge } from './status-badge';
import { apiVersionText, ComponentVersionText, ListOrNone } from './versions';

const COUNTS: Array<{ key: keyof Omit<EngineCounts, 'other' | 'total' | 'imageTags'>; label: string; accent: string }> = [
  { key: 'running', label: 'running', accent: 'text-emerald-700' },
  { key: 'paused', label: 'paused', accent: 'text-amber-700' },
  { key: 'stopped', label: 'stopped', accent: 'text-zinc-900' },
  { key: 'created', label: 'created', accent: 'text-zinc-900' },
  { key: 'images', label: 'image ids', accent: 'text-zinc-900' },
];

/** The one way hosts count images (card, host page, create form): by id, with the tags beside. */
export function imagesTitle(c: EngineCounts): string {
  return imageCountText(c.images, c.imageTags);
}

function CountsRow({ counts }: { counts: EngineCounts }) {
  return (
    <div className="grid grid-cols-5 divide-x divide-zinc-100 border-y border-zinc-100 bg-zinc-50/60">
      {COUNTS.map(({ key, label, accent }) => {
        const n = counts[key];
        return (
          <div key={key} className="px-2 py-1.5 text-center" title={key === 'images' ? imagesTitle(counts) : undefined}>
            <div
              data-testid={`count-${key}`}
              className={cn('text-base font-semibold leading-5 tabular-nums', n > 0 ? accent : 'text-zinc-400')}
            >
              {n}
            </div>
            <div className="text-[11px] text-zinc-500">{label}</div>
          </div>
        );
      })}
    </div>
  );
}

const SPAN = { 2: 'col-span-2', 3: 'col-span-3', 4: 'col-span-4', 6: 'col-span-6' } as const;

/** A spec-sheet cell: small label above its value, cut off with the full text on hover. */
function Spec({
  label,
  span,
  mono = false,
  wrap = false,
  title,
  children,
}: {
  label: string;
  span: keyof typeof SPAN;
  mono?: boolean;
  wrap?: boolean;
  title?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn('min-w-0', SPAN[span])}>
      <dt className="text-[11px] leading-4 text-zinc-500">{label}</dt>
      <dd className={cn('leading-4 text-zinc-900', mono && 'font-mono text-[12px]', wrap ? 'break-words' : 'truncate')} title={title}>
        {children}
      </dd>
    </div>
  );
}

/** One engine at a glance: who it is, whether it answers, what it runs, what it holds. */
export function HostCard({ engine, now }: { engine: EngineSummary; now: number }) {
  const { info, counts, status } = engine;
  const offline = status === 'offline';
  const otherCount = counts?.other ?? 0;

  return (
    <Card
      data-testid="host-card"
      data-host-name={engine.name}
      data-status={status}
      data-host-id={engine.id}
      className={cn('flex min-w-0 flex-col overflow-hidden', offline && 'border-red-200')}
    >
      <header className="flex items-start justify-between gap-2 px-3 pt-2.5 pb-2">
        <div className="min-w-0">
          <Link
            href={`/hosts/${engine.id}`}
            className="block truncate text-[14px] font-semibold text-zinc-900 hover:text-sky-700 hover:underline"
            title={engine.name}
          >
            {engine.name}
          </Link>
          <div className="mt-0.5 flex min-w-0 items-center gap-1.5 text-xs text-zinc-500">
            <span className="shrink-0 rounded bg-zinc-100 px-1.5 text-[11px] font-medium leading-4 text-zinc-600">
              {ENGINE_KIND_LABELS[engine.kind]}
            </span>
            {/* Empty for non-admins, who are not told where engines are. */}
            {engine.address && (
              <span className="truncate font-mono text-[12px]" title={engine.address} data-testid="host-address">
                {engine.address}
              </span>
            )}
          </div>
        </div>
        <StatusBadge status={status} />
      </header>

      {offline && (
        <div className="mx-3 mb-2 rounded-md border border-red-100 bg-red-50 px-2 py-1.5 text-xs">
          {engine.lastError && (
            <p className="break-words text-red-700" data-testid="host-error">
              {engine.lastError}
            </p>
          )}
          <p className="mt-0.5 text-red-600/80" title={formatDateTime(engine.statusSince)}>
            offline since {formatAgo(engine.statusSince, now)}
            {info && engine.lastSeen && <> · last seen {formatAgo(engine.lastSeen, now)}</>}
          </p>
        </div>
      )}

      {!info ? (
        <p className="border-t border-zinc-100 px-3 py-4 text-center text-xs text-zinc-500">
          {status === 'connecting' ? 'Connecting to the engine…' : 'Wharf has not reached this engine yet, so nothing is known about it.'}
        </p>
      ) : (
        <div className={cn('flex flex-1 flex-col', offline && 'opacity-55 grayscale')}>
          {offline && <p className="sr-only">Last known information:</p>}
          {counts && <CountsRow counts={counts} />}
          {otherCount > 0 && (
            <p className="border-b border-zinc-100 px-3 py-0.5 text-[11px] text-zinc-500">+ {otherCount} restarting, removing or dead</p>
          )}
          <dl className="grid grid-cols-6 gap-x-3 gap-y-1.5 px-3 py-2.5 text-xs">
            <Spec label="Docker" span={2}>
              <span className="font-mono text-[12px] font-medium" data-testid="docker-version">
                {info.dockerVersion}
              </span>
            </Spec>
            <Spec label="API" span={2} wrap>
              <span className="font-mono text-[12px]" data-testid="api-version">
                {apiVersionText(info)}
              </span>
            </Spec>
            <Spec label="Architecture" span={2} mono>
              {info.architecture}
            </Spec>
            <Spec label="OS" span={4} title={`${info.os} (${info.osType})`}>
              {info.os}
            </Spec>
            <Spec label="CPUs · memory" span={2}>
              {info.cpus} · {formatBytes(info.memoryBytes)}
            </Spec>
            <Spec label="Kernel" span={4} mono title={info.kernel}>
              {info.kernel}
            </Spec>
            <Spec label="Default runtime" span={2} mono>
              {info.defaultRuntime}
            </Spec>
            <Spec
              label="Storage"
              span={2}
              title={info.backingFilesystem ? `${info.storageDriver} on ${info.backingFilesystem}` : info.storageDriver}
            >
              {info.storageDriver}
              {info.backingFilesystem && <span className="text-zinc-500"> · {info.backingFilesystem}</span>}
            </Spec>
            <Spec label="Logging" span={2}>
              {info.loggingDriver}
            </Spec>
            <Spec label="Cgroup" span={2}>
              {info.cgroupDriver}
              {info.cgroupVersion && <span className="text-zinc-500"> · v{info.cgroupVersion}</span>}
            </Spec>
            <Spec label="containerd" span={2}>
              <ComponentVersionText c={info.containerd} />
            </Spec>
            <Spec label="runc" span={2}>
              <ComponentVersionText c={info.runc} />
            </Spec>
            <Spec label="docker-init" span={2}>
              <ComponentVersionText c={info.init} />
            </Spec>
            <Spec label="Registry mirrors" span={2}>
              <ListOrNone items={info.registryMirrors} />
            </Spec>
            <Spec label="Insecure registries" span={4}>
              <ListOrNone items={info.insecureRegistries} />
            </Spec>
          </dl>
        </div>
      )}
      <footer className="mt-auto flex justify-end border-t border-zinc-100 px-3 py-1.5">
        <Link href={`/containers?host=${encodeURIComponent(engine.id)}`} className="text-xs font-medium text-sky-700 hover:underline">
          Containers →
        </Link>
      </footer>
    </Card>
  );
}
