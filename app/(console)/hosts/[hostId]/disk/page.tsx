import type { Metadata } from 'next';
import { DiskPage } from '@/components/disk/disk-page';
import { LiveSeed } from '@/components/realtime/live-seed';
import { initialViews } from '@/server/live-ssr';

export const metadata: Metadata = { title: 'Disk' };
export const dynamic = 'force-dynamic';

export default async function HostDiskPage({ params }: { params: Promise<{ hostId: string }> }) {
  const { hostId } = await params;
  // The host's name comes with the HTML; the usage is asked for once the page runs (cached ~30 s on the server).
  const views = await initialViews([{ kind: 'hosts' }]);
  return (
    <LiveSeed views={views}>
      <DiskPage hostId={hostId} />
    </LiveSeed>
  );
}
