'use client';

import type { ImageSummary } from '@/server/contracts/images';

/** Push an image (optionally under a new name) with per-layer progress (filled in by its owner). */
export function PushDialog(_props: { image: ImageSummary; open: boolean; onClose: () => void }) {
  return null;
}
