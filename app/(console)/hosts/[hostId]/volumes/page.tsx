import type { Metadata } from 'next';
import { LiveSeed } from '@/components/realtime/live-seed';
import { VolumeList } from '@/components/volumes/volume-list';
import { initialViews } from '@/server/live-ssr';

export const metadata: Metadata = { title: 'Volumes' };
export const dynamic = 'force-dynamic';

export default async function HostVolumesPage({ params }: { params: Promise<{ hostId: string }> }) {
  const { hostId } = await params;
  const views = await initialViews([{ kind: 'hosts' }, { kind: 'volumes', hostId }]);
  return (
    <LiveSeed views={views}>
      <VolumeList hostId={hostId} />
    </LiveSeed>
  );
}
