'use client';

import { useSyncExternalStore } from 'react';

/** Which containers have an action in flight ("stopping…"), so every view can show a spinner. */
let pending = new Map<string, string>();
const listeners = new Set<() => void>();

export function setPending(keys: string[], label: string | null): void {
  pending = new Map(pending);
  for (const k of keys) {
    if (label) pending.set(k, label);
    else pending.delete(k);
  }
  listeners.forEach((l) => l());
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const empty = new Map<string, string>();

export function usePendingActions(): Map<string, string> {
  return useSyncExternalStore(
    subscribe,
    () => pending,
    () => empty,
  );
}

export const ACTION_PROGRESS: Record<string, string> = {
  start: 'starting',
  stop: 'stopping',
  restart: 'restarting',
  kill: 'killing',
  pause: 'pausing',
  unpause: 'resuming',
  rename: 'renaming',
  remove: 'removing',
};
