'use client';

import type { Operation } from '@/server/contracts/images';
import { formatBytes } from '../format';
import { Badge, type Tone } from '../ui/badge';
import { cn } from '../ui/cn';

// Small pieces the build page and the load/import dialogs show an operation with.

const STATE: Record<Operation['state'], { tone: Tone; label: string }> = {
  running: { tone: 'sky', label: 'running' },
  succeeded: { tone: 'green', label: 'succeeded' },
  failed: { tone: 'red', label: 'failed' },
  cancelled: { tone: 'zinc', label: 'cancelled' },
};

export function OperationStateBadge({ state }: { state: Operation['state'] }) {
  const s = STATE[state];
  return (
    <Badge tone={s.tone} dot pulse={state === 'running'} data-testid="operation-state" data-state={state}>
      {s.label}
    </Badge>
  );
}

/** "0.4 s", "12 s", "3 min 05 s". */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

export function operationDuration(op: Operation, now: number): string {
  const end = op.endedAt ? Date.parse(op.endedAt) : now;
  return formatDuration(Math.max(0, end - Date.parse(op.startedAt)));
}

/** A bar of bytes moved (known total) or a moving stripe (unknown), with the figures. */
export function BytesBar({ label, current, total, testId }: { label: string; current: number; total: number | null; testId?: string }) {
  const pct = total ? Math.min(100, Math.round((current / total) * 100)) : null;
  return (
    <div data-testid={testId}>
      <div className="mb-1 flex items-baseline justify-between gap-2 text-xs text-zinc-600">
        <span>{label}</span>
        <span className="tabular-nums">
          {formatBytes(current) === '—' ? '0 B' : formatBytes(current)}
          {total ? ` of ${formatBytes(total)} · ${pct}%` : ''}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        className="h-1.5 overflow-hidden rounded-full bg-zinc-200"
      >
        <div
          className={cn('h-full rounded-full bg-sky-600 transition-[width]', pct === null && 'w-1/3 animate-pulse')}
          style={pct === null ? undefined : { width: `${pct}%` }}
        />
      </div>
    </div>
  );
}
