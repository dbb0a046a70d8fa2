import type { Metadata } from 'next';
import { LiveSeed } from '@/components/realtime/live-seed';
import { VolumeList } from '@/components/volumes/volume-list';
import { initialViews } from '@/server/live-ssr';

export const metadata: Metadata = { title: 'Volumes' };
export const dynamic = 'force-dynamic';

export default async function VolumesPage() {
  // The rows come with the HTML, from the same snapshot a subscription gets; the socket takes over.
  const views = await initialViews([{ kind: 'hosts' }, { kind: 'volumes' }]);
  return (
    <LiveSeed views={views}>
      <VolumeList />
    </LiveSeed>
  );
}
