import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ContainerPage } from '@/components/containers/container-page';

export const metadata: Metadata = { title: 'Container' };

export default async function ContainerRoute({ params }: { params: Promise<{ hostId: string; id: string }> }) {
  const { hostId, id } = await params;
  return (
    <Suspense>
      <ContainerPage hostId={decodeURIComponent(hostId)} id={decodeURIComponent(id)} />
    </Suspense>
  );
}
