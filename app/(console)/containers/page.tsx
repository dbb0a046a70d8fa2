import type { Metadata } from 'next';
import { ContainerList } from '@/components/containers/container-list';
import { LiveSeed } from '@/components/realtime/live-seed';
import { initialViews } from '@/server/live-ssr';

export const metadata: Metadata = { title: 'Containers' };
export const dynamic = 'force-dynamic';

export default async function ContainersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // The first screen of rows comes with the HTML, from the same snapshot a subscription would get.
  // No Suspense boundary: the page is rendered per request, so the rows are in the HTML itself.
  // Unfiltered, the list opens sorted by name: the first rows by name are enough; a filtered URL gets all.
  const filtered = Object.keys(await searchParams).length > 0;
  const views = await initialViews([{ kind: 'hosts' }, { kind: 'containers' }], { firstScreen: !filtered });
  return (
    <LiveSeed views={views}>
      <ContainerList />
    </LiveSeed>
  );
}
