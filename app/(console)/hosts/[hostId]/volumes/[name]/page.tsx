import type { Metadata } from 'next';
import { LiveSeed } from '@/components/realtime/live-seed';
import { VolumePage } from '@/components/volumes/volume-page';
import { initialViews } from '@/server/live-ssr';

export const metadata: Metadata = { title: 'Volume' };
export const dynamic = 'force-dynamic';

export default async function VolumeRoute({ params }: { params: Promise<{ hostId: string; name: string }> }) {
  const { hostId, name } = await params;
  const views = await initialViews([{ kind: 'hosts' }, { kind: 'volumes', hostId }]);
  return (
    <LiveSeed views={views}>
      <VolumePage hostId={hostId} name={decodeURIComponent(name)} />
    </LiveSeed>
  );
}
