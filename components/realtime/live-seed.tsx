'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { InitialView } from '@/server/contracts/live';
import { RenderedAt } from '../use-now';
import { liveViewsFor } from './use-live';

/**
 * Puts the snapshots the server rendered the page from into the live views before anything below
 * renders, so the HTML and the first client render agree; the views then subscribe as usual.
 */
export function LiveSeed({ views, children }: { views: InitialView[]; children: ReactNode }) {
  const qc = useQueryClient();
  useState(() => {
    const live = liveViewsFor(qc);
    for (const v of views) live.seed(v.spec, v.snapshot);
    return null;
  });
  return <RenderedAt.Provider value={views[0]?.at ?? null}>{children}</RenderedAt.Provider>;
}
