'use client';

import { useSyncExternalStore, type ReactNode } from 'react';
import { cn } from './cn';

export interface Toast {
  id: number;
  tone: 'error' | 'success' | 'info';
  title: string;
  message?: ReactNode;
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

/** Shows a toast; errors stay longer than confirmations so there is time to read the engine's words. */
export function toast(t: Omit<Toast, 'id'>): number {
  const id = nextId++;
  // One error at a time: the newest refusal replaces older ones, so the words on screen are current.
  const kept = t.tone === 'error' ? toasts.filter((x) => x.tone !== 'error') : toasts;
  toasts = [...kept.slice(-4), { ...t, id }];
  emit();
  setTimeout(() => dismissToast(id), t.tone === 'error' ? 15_000 : 4_000);
  return id;
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}
const snapshot = () => toasts;
const NONE: Toast[] = [];
const serverSnapshot = (): Toast[] => NONE;

/** Where toasts appear; render once per page that raises them. Errors are role=alert with data-testid="action-error". */
export function Toaster() {
  const list = useSyncExternalStore(subscribe, snapshot, serverSnapshot);
  return (
    <div className="pointer-events-none fixed right-4 bottom-4 z-[60] flex w-[min(26rem,calc(100vw-2rem))] flex-col gap-2">
      {list.map((t) => (
        <div
          key={t.id}
          role={t.tone === 'error' ? 'alert' : 'status'}
          data-testid={t.tone === 'error' ? 'action-error' : 'toast'}
          className={cn(
            'pointer-events-auto flex items-start gap-2 rounded-md border px-3 py-2 text-[13px] shadow-lg',
            t.tone === 'error'
              ? 'border-red-200 bg-red-50 text-red-900'
              : t.tone === 'success'
                ? 'border-emerald-200 bg-emerald-50 text-emerald-900'
                : 'border-zinc-200 bg-white text-zinc-900',
          )}
        >
          <div className="min-w-0 flex-1">
            <p className="font-semibold">{t.title}</p>
            {t.message && <div className="mt-0.5 break-words">{t.message}</div>}
          </div>
          <button
            type="button"
            aria-label="Dismiss"
            onClick={() => dismissToast(t.id)}
            className="-mr-1 rounded p-0.5 opacity-60 hover:opacity-100"
          >
            <svg viewBox="0 0 16 16" className="size-3.5" aria-hidden>
              <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
            </svg>
          </button>
        </div>
      ))}
    </div>
  );
}
