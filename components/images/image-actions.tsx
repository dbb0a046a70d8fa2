'use client';

import type { ImageSummary } from '@/server/contracts/images';

/** Tag, untag, push, save, remove for one image: a row's menu or the image page's header. */
export function ImageActions(_props: { image: ImageSummary; variant: 'row' | 'page' }) {
  return null;
}
