import type { Metadata } from 'next';
import { DiskPage } from '@/components/disk/disk-page';

export const metadata: Metadata = { title: 'Disk' };
export const dynamic = 'force-dynamic';

export default async function HostDiskPage({ params }: { params: Promise<{ hostId: string }> }) {
  const { hostId } = await params;
  return <DiskPage hostId={hostId} />;
}
