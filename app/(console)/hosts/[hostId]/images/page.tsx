import type { Metadata } from 'next';
import { ImageList } from '@/components/images/list/image-list';
import { LiveSeed } from '@/components/realtime/live-seed';
import { initialViews } from '@/server/live-ssr';

export const metadata: Metadata = { title: 'Images' };
export const dynamic = 'force-dynamic';

export default async function HostImagesPage({ params }: { params: Promise<{ hostId: string }> }) {
  const { hostId } = await params;
  const views = await initialViews([{ kind: 'hosts' }, { kind: 'images', hostId }]);
  return (
    <LiveSeed views={views}>
      <ImageList hostId={hostId} />
    </LiveSeed>
  );
}
