import type { EngineSummary } from '@/server/contracts/engines';
import { formatBytes } from '../format';
import { cn } from '../ui/cn';

function Stat({
  label,
  value,
  testId,
  tone,
  title,
}: {
  label: string;
  value: string | number;
  testId: string;
  tone?: string;
  title?: string;
}) {
  return (
    <div className="min-w-0 px-3 py-1.5" title={title}>
      <div className="truncate text-[11px] uppercase tracking-wide text-zinc-500">{label}</div>
      <div className={cn('text-[15px] font-semibold tabular-nums leading-5', tone ?? 'text-zinc-900')} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

/** Fleet totals; container and image counts come from the hosts that are online right now. */
export function TotalsStrip({ engines }: { engines: EngineSummary[] }) {
  const online = engines.filter((e) => e.status === 'online');
  const offline = engines.filter((e) => e.status === 'offline').length;
  const sum = (pick: (e: EngineSummary) => number) => online.reduce((n, e) => n + pick(e), 0);
  const running = sum((e) => e.counts?.running ?? 0);
  const paused = sum((e) => e.counts?.paused ?? 0);
  const stopped = sum((e) => e.counts?.stopped ?? 0);
  const created = sum((e) => e.counts?.created ?? 0);
  const images = sum((e) => e.counts?.images ?? 0);
  const cpus = sum((e) => e.info?.cpus ?? 0);
  const memory = sum((e) => e.info?.memoryBytes ?? 0);
  const onlineTitle = 'Counted over the hosts that are online now';

  return (
    <div
      className="mb-3 grid grid-cols-2 divide-zinc-100 rounded-lg border border-zinc-200 bg-white shadow-xs sm:grid-cols-4 sm:divide-x lg:grid-cols-8"
      data-testid="totals"
    >
      <Stat
        label="Hosts online"
        value={`${online.length} / ${engines.length}`}
        testId="total-hosts"
        tone={offline > 0 ? 'text-red-700' : online.length === engines.length ? 'text-emerald-700' : undefined}
        title={offline > 0 ? `${offline} offline` : undefined}
      />
      <Stat
        label="Running"
        value={running}
        testId="total-running"
        tone={running > 0 ? 'text-emerald-700' : undefined}
        title={onlineTitle}
      />
      <Stat label="Paused" value={paused} testId="total-paused" tone={paused > 0 ? 'text-amber-700' : undefined} title={onlineTitle} />
      <Stat label="Stopped" value={stopped} testId="total-stopped" title={onlineTitle} />
      <Stat label="Created" value={created} testId="total-created" title={onlineTitle} />
      <Stat
        label="Image ids"
        value={images}
        testId="total-images"
        title={`${onlineTitle}: images by id (an image with several tags counts once)`}
      />
      <Stat label="CPUs" value={cpus} testId="total-cpus" title={onlineTitle} />
      <Stat label="Memory" value={formatBytes(memory)} testId="total-memory" title={onlineTitle} />
    </div>
  );
}
