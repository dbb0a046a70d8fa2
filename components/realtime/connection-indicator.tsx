'use client';

import { cn } from '../ui/cn';
import { useRealtime, type RealtimeState } from './realtime-provider';

const LOOK: Record<RealtimeState, { label: string; dot: string; hint: string }> = {
  connected: { label: 'Live', dot: 'bg-emerald-400', hint: 'Live updates are on' },
  connecting: { label: 'Connecting…', dot: 'bg-amber-400 animate-pulse', hint: 'Opening the live connection' },
  reconnecting: {
    label: 'Reconnecting…',
    dot: 'bg-amber-400 animate-pulse',
    hint: 'Live connection lost; retrying. Data may be out of date.',
  },
  offline: { label: 'Offline', dot: 'bg-red-400', hint: 'No live connection. Reload the page to retry.' },
};

/** Whether the socket is up, so nobody trusts a stale screen without knowing it. */
export function ConnectionIndicator({ className, labelClassName }: { className?: string; labelClassName?: string }) {
  const { state } = useRealtime();
  const look = LOOK[state];
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="realtime-status"
      data-state={state}
      title={look.hint}
      className={cn('flex items-center gap-2 text-xs', className)}
    >
      <span aria-hidden className={cn('size-2 rounded-full', look.dot)} />
      <span className={labelClassName}>{look.label}</span>
    </div>
  );
}
