import type { ReactNode } from 'react';
import type { Operation, OperationKind, OperationState } from '@/server/contracts/images';
import { formatBytes } from '../format';
import { Bar, TransferProgressView, TransferTotal } from '../images/transfer-progress';
import { Badge, type Tone } from '../ui/badge';

// Pieces of an operation as the tray and the transfer dialogs show it.

const STATE_TONE: Record<OperationState, Tone> = { running: 'sky', succeeded: 'green', failed: 'red', cancelled: 'zinc' };

export function OperationStateBadge({ state }: { state: OperationState }) {
  return (
    <Badge tone={STATE_TONE[state]} dot pulse={state === 'running'} data-testid="operation-state" data-state={state}>
      {state}
    </Badge>
  );
}

const path = (d: string) => <path d={d} strokeLinecap="round" strokeLinejoin="round" />;
const ICONS: Record<OperationKind, ReactNode> = {
  pull: path('M8 2.5v8M4.5 7 8 10.5 11.5 7M3 13.5h10'),
  push: path('M8 10.5v-8M4.5 6 8 2.5 11.5 6M3 13.5h10'),
  build: path('M2.5 13.5h11M4 13.5V7l4-3 4 3v6.5M6.5 13.5v-3h3v3'),
  load: path('M8 2.5v7M5 6.5l3 3 3-3M2.5 10v3.5h11V10'),
  import: path('M8 2.5v7M5 6.5l3 3 3-3M2.5 10v3.5h11V10'),
  save: path('M8 9.5v-7M5 5.5l3-3 3 3M2.5 10v3.5h11V10'),
  export: path('M8 9.5v-7M5 5.5l3-3 3 3M2.5 10v3.5h11V10'),
  prune: path('M3 4.5h10M6 4.5V3h4v1.5M4.5 4.5l.75 9h5.5l.75-9'),
  commit: path('M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM2 8h3.5M10.5 8H14'),
  'update-check': path('M13 8a5 5 0 1 1-1.5-3.5M13 2.5v2.5h-2.5'),
  update: path('M8 13.5v-8M4.5 9 8 5.5 11.5 9M3 2.5h10'),
  deploy: path('M3 8.5 8 13.5l5-5M8 13.5V4M4.5 2.5h7'),
};

export function KindIcon({ kind, className }: { kind: OperationKind; className?: string }) {
  return (
    <svg
      viewBox="0 0 16 16"
      className={className ?? 'size-4'}
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      aria-label={kind}
      role="img"
    >
      {ICONS[kind]}
    </svg>
  );
}

/** "0.4 s", "12 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms / 1000);
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** How long it ran, or has been running (with `now`). */
export function operationDuration(op: Operation, now: number): string {
  const end = op.endedAt ? Date.parse(op.endedAt) : now;
  return formatDuration(end - Date.parse(op.startedAt));
}

/**
 * Where it stands: a transfer's layers (or only its total when `compact`), bytes moved, or the latest
 * status line. Nothing once it ended without a transfer to show.
 */
export function OperationProgress({ op, compact = false }: { op: Operation; compact?: boolean }) {
  if (op.transfer && (op.transfer.layers.length > 0 || op.state === 'running')) {
    return compact ? <TransferTotal progress={op.transfer} /> : <TransferProgressView progress={op.transfer} />;
  }
  if (op.state !== 'running') return null;
  if (op.bytes) {
    const pct = op.bytes.total ? Math.min(100, (op.bytes.current / op.bytes.total) * 100) : null;
    return (
      <div>
        <div className="mb-1 flex justify-between text-xs text-zinc-600">
          <span className="truncate">{op.status}</span>
          <span className="tabular-nums">
            {formatBytes(op.bytes.current)}
            {op.bytes.total ? ` of ${formatBytes(op.bytes.total)}` : ''}
          </span>
        </div>
        <Bar percent={pct} label={op.title} />
      </div>
    );
  }
  return (
    <p className="truncate font-mono text-[11px] text-zinc-600" title={op.status}>
      {op.status}
    </p>
  );
}
