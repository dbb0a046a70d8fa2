'use client';

import { createContext, useContext, useEffect, useState } from 'react';

/**
 * When the server read the data a page was rendered from (LiveSeed provides it). The first render of
 * a "5s ago" label uses it on the server and in hydration alike, so the HTML and the browser agree
 * (a second apart they would not: a hydration error); the clock takes over right after.
 */
export const RenderedAt = createContext<number | null>(null);

/** The current time, re-read every `intervalMs`, for "5 min ago" labels that stay true. */
export function useNow(intervalMs = 15_000): number {
  const renderedAt = useContext(RenderedAt);
  const [now, setNow] = useState(() => renderedAt ?? Date.now());
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
