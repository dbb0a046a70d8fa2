import type { PullProgress } from '@/server/contracts/container-create';
import { formatBytes } from '../../format';
import { cn } from '../../ui/cn';

/** The image pull of a create in progress: overall bar, then one line per layer. */
export function PullProgressView({ progress }: { progress: PullProgress | null }) {
  if (!progress) return null;
  const pct = progress.fraction === null ? null : Math.round(progress.fraction * 100);
  return (
    <div className="rounded-md border border-sky-200 bg-sky-50/60 px-3 py-2" data-testid="pull-progress">
      <div className="mb-1 flex items-baseline justify-between gap-2 text-xs">
        <span className="font-medium text-sky-900">
          Pulling <span className="font-mono">{progress.image}</span> — {progress.status}
        </span>
        <span className="text-sky-800 tabular-nums">{pct === null ? '…' : `${pct}%`}</span>
      </div>
      <div
        role="progressbar"
        aria-label={`Pulling ${progress.image}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        className="h-1.5 overflow-hidden rounded-full bg-sky-100"
      >
        <div
          className={cn('h-full rounded-full bg-sky-600 transition-[width]', pct === null && 'w-1/3 animate-pulse')}
          style={pct === null ? undefined : { width: `${pct}%` }}
        />
      </div>
      {progress.layers.length > 0 && (
        <ul className="mt-1.5 max-h-40 space-y-0.5 overflow-auto font-mono text-[11px] text-zinc-700" data-testid="pull-layers">
          {progress.layers.map((l) => (
            <li key={l.id} className="flex items-center gap-2">
              <span className="w-24 shrink-0 text-zinc-500">{l.id}</span>
              <span className="w-32 shrink-0 truncate">{l.status}</span>
              {l.total > 0 && (
                <>
                  <span className="h-1 w-24 shrink-0 overflow-hidden rounded bg-zinc-200">
                    <span className="block h-full bg-sky-500" style={{ width: `${Math.min(100, (l.current / l.total) * 100)}%` }} />
                  </span>
                  <span className="text-zinc-500">
                    {formatBytes(l.current)} / {formatBytes(l.total)}
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
