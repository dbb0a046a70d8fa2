import type { Metadata } from 'next';
import { Suspense } from 'react';
import { BuildPage } from '@/components/images/build/build-page';

export const metadata: Metadata = { title: 'Build an image' };

export default async function BuildRoute({ params }: { params: Promise<{ hostId: string }> }) {
  const { hostId } = await params;
  return (
    <Suspense>
      <BuildPage hostId={decodeURIComponent(hostId)} />
    </Suspense>
  );
}
