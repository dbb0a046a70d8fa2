import type { Metadata } from 'next';
import { HostDetail } from '@/components/hosts/host-detail';

export const metadata: Metadata = { title: 'Host' };

export default async function HostPage({ params }: { params: Promise<{ hostId: string }> }) {
  const { hostId } = await params;
  return <HostDetail hostId={hostId} />;
}
