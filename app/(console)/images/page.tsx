import type { Metadata } from 'next';
import { ImageList } from '@/components/images/list/image-list';
import { LiveSeed } from '@/components/realtime/live-seed';
import { initialViews } from '@/server/live-ssr';

export const metadata: Metadata = { title: 'Images' };
export const dynamic = 'force-dynamic';

export default async function ImagesPage() {
  // The rows come with the HTML, from the same snapshot a subscription gets; the socket takes over.
  const views = await initialViews([{ kind: 'hosts' }, { kind: 'images' }]);
  return (
    <LiveSeed views={views}>
      <ImageList />
    </LiveSeed>
  );
}
