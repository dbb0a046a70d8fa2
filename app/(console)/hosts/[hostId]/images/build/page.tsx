import type { Metadata } from 'next';
import { Suspense } from 'react';
import { RequireRight } from '@/components/auth/require-right';
import { BuildPage } from '@/components/images/build/build-page';

export const metadata: Metadata = { title: 'Build an image' };

export default async function BuildRoute({ params }: { params: Promise<{ hostId: string }> }) {
  const host = decodeURIComponent((await params).hostId);
  return (
    <RequireRight right="images.manage" hostId={host} doing="to build images">
      <Suspense>
        <BuildPage hostId={host} />
      </Suspense>
    </RequireRight>
  );
}
