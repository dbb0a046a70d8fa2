'use client';

import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs`, for "5 min ago" labels that stay true. */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
