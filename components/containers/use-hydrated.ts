'use client';

import { useSyncExternalStore } from 'react';

const noop = () => () => undefined;

/**
 * False in the server HTML and during hydration, true after: controls that only work with
 * JavaScript are shown once they can react, so an early click is never silently lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}
