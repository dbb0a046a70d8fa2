import type { LayerPhase, LayerProgress, TransferProgress } from '@/server/contracts/images';
import { formatBytes } from '../format';
import { cn } from '../ui/cn';

// One bar per layer of a pull or push, and the total: used by the pull and push dialogs, the
// activity tray (collapsed to the total) and the container form's pull.

const PHASE: Record<LayerPhase, { label: string; bar: string; text: string }> = {
  waiting: { label: 'Waiting', bar: 'bg-zinc-300', text: 'text-zinc-500' },
  preparing: { label: 'Preparing', bar: 'bg-zinc-300', text: 'text-zinc-500' },
  downloading: { label: 'Downloading', bar: 'bg-sky-500', text: 'text-sky-800' },
  pushing: { label: 'Pushing', bar: 'bg-sky-500', text: 'text-sky-800' },
  verifying: { label: 'Verifying', bar: 'bg-sky-400', text: 'text-sky-800' },
  downloaded: { label: 'Downloaded', bar: 'bg-sky-400', text: 'text-sky-800' },
  extracting: { label: 'Extracting', bar: 'bg-indigo-500', text: 'text-indigo-800' },
  exists: { label: 'Already exists', bar: 'bg-zinc-400', text: 'text-zinc-600' },
  complete: { label: 'Complete', bar: 'bg-emerald-500', text: 'text-emerald-700' },
  pushed: { label: 'Pushed', bar: 'bg-emerald-500', text: 'text-emerald-700' },
  other: { label: '', bar: 'bg-zinc-300', text: 'text-zinc-600' },
};

const FINISHED = new Set<LayerPhase>(['complete', 'pushed', 'exists']);

/** How full a layer's bar is: its bytes in a transfer phase, full once its bytes have all moved. */
function layerPercent(l: LayerProgress): number | null {
  if (FINISHED.has(l.phase) || l.phase === 'verifying' || l.phase === 'downloaded') return 100;
  if (l.total > 0 && (l.phase === 'downloading' || l.phase === 'pushing' || l.phase === 'extracting'))
    return Math.min(100, (l.current / l.total) * 100);
  if (l.phase === 'waiting' || l.phase === 'preparing') return 0;
  // Extraction counted in seconds, or words Wharf does not know: moving, amount unknown.
  return null;
}

/** Bytes moved and known in all, over the layers that said their size. */
export function transferBytes(p: TransferProgress): { current: number; total: number } {
  let current = 0;
  let total = 0;
  for (const l of p.layers) {
    if (l.total <= 0 || l.phase === 'exists') continue;
    total += l.total;
    current += FINISHED.has(l.phase) || l.phase === 'verifying' || l.phase === 'downloaded' ? l.total : Math.min(l.current, l.total);
  }
  return { current, total };
}

export function Bar({
  percent,
  className,
  barClass,
  label,
}: {
  percent: number | null;
  className?: string;
  barClass?: string;
  label: string;
}) {
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent === null ? undefined : Math.round(percent)}
      className={cn('h-1.5 overflow-hidden rounded-full bg-zinc-200/80', className)}
    >
      <div
        className={cn(
          'h-full rounded-full transition-[width] duration-200',
          barClass ?? 'bg-sky-600',
          percent === null && 'w-1/3 animate-pulse',
        )}
        style={percent === null ? undefined : { width: `${percent}%` }}
      />
    </div>
  );
}

/** The total of a transfer in one line: a bar, the percentage, bytes and layers done. */
export function TransferTotal({ progress, className }: { progress: TransferProgress; className?: string }) {
  const pct = progress.fraction === null ? null : progress.fraction * 100;
  const bytes = transferBytes(progress);
  const done = progress.layers.filter((l) => FINISHED.has(l.phase)).length;
  return (
    <div className={className} data-testid="transfer-total">
      <div className="mb-1 flex items-baseline justify-between gap-2 text-xs text-zinc-600">
        <span className="min-w-0 truncate" title={progress.status}>
          {progress.layers.length ? `${done} of ${progress.layers.length} layers done` : progress.status}
          {bytes.total > 0 && (
            <span className="text-zinc-500">
              {' · '}
              {formatBytes(bytes.current)} of {formatBytes(bytes.total)}
            </span>
          )}
        </span>
        <span className="font-medium tabular-nums text-zinc-800">{pct === null ? '…' : `${Math.floor(pct)}%`}</span>
      </div>
      <Bar percent={pct} label={`Total of ${progress.image}`} barClass={pct === 100 ? 'bg-emerald-500' : 'bg-sky-600'} />
    </div>
  );
}

function LayerRow({ layer }: { layer: LayerProgress }) {
  const p = PHASE[layer.phase];
  const pct = layerPercent(layer);
  const label = p.label || layer.status;
  const shortId = layer.id.length > 19 ? `${layer.id.slice(0, 19)}…` : layer.id;
  const showBytes = layer.total > 0 && layer.phase !== 'exists';
  return (
    <li
      className="grid grid-cols-[7.5rem_6.5rem_minmax(4rem,1fr)_8.5rem] items-center gap-2 py-0.5 max-sm:grid-cols-[6rem_5.5rem_1fr]"
      data-testid="layer-row"
      data-layer={layer.id}
      data-phase={layer.phase}
    >
      <span className="truncate font-mono text-[11px] text-zinc-500" title={layer.id}>
        {shortId}
      </span>
      <span className={cn('truncate text-xs font-medium', p.text)} title={layer.status}>
        {label}
      </span>
      <Bar percent={pct} label={`Layer ${layer.id}: ${layer.status}`} barClass={p.bar} />
      <span className="truncate text-right text-[11px] tabular-nums text-zinc-500 max-sm:hidden">
        {showBytes
          ? FINISHED.has(layer.phase)
            ? formatBytes(layer.total)
            : `${formatBytes(layer.current)} / ${formatBytes(layer.total)}`
          : ''}
      </span>
    </li>
  );
}

/** The total, then one bar per layer, in the order the engine named them. */
export function TransferProgressView({
  progress,
  className,
  maxHeight = 'max-h-64',
}: {
  progress: TransferProgress;
  className?: string;
  maxHeight?: string;
}) {
  return (
    <div className={cn('space-y-2', className)} data-testid="transfer-progress">
      <TransferTotal progress={progress} />
      {progress.layers.length > 0 && (
        <ul
          className={cn('overflow-auto rounded-md border border-zinc-200 bg-zinc-50/60 px-2 py-1', maxHeight)}
          data-testid="transfer-layers"
        >
          {progress.layers.map((l) => (
            <LayerRow key={l.id} layer={l} />
          ))}
        </ul>
      )}
      {progress.layers.length > 0 && progress.status && (
        <p className="truncate font-mono text-[11px] text-zinc-500" title={progress.status}>
          {progress.status}
        </p>
      )}
    </div>
  );
}
