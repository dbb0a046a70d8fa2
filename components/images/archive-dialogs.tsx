'use client';

import type { ImageSummary } from '@/server/contracts/images';

// Save (download a tar), load (upload a tar) and import (a rootfs tar as a new image): filled in by their owner.

export function SaveImagesDialog(_props: { hostId: string; images: ImageSummary[]; open: boolean; onClose: () => void }) {
  return null;
}

export function LoadImageDialog(_props: { hostId: string; open: boolean; onClose: () => void }) {
  return null;
}

export function ImportImageDialog(_props: { hostId: string; open: boolean; onClose: () => void }) {
  return null;
}
