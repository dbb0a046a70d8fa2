import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ImagePage } from '@/components/images/detail/image-page';

export const metadata: Metadata = { title: 'Image' };

/** One image: `id` is the 64 hex of its id (see components/images/links.ts), or a short id or a reference. */
export default async function ImageRoute({ params }: { params: Promise<{ hostId: string; id: string }> }) {
  const { hostId, id } = await params;
  return (
    <Suspense>
      <ImagePage hostId={decodeURIComponent(hostId)} id={decodeURIComponent(id)} />
    </Suspense>
  );
}
