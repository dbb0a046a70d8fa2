import type { Metadata } from 'next';
import { EventList } from '@/components/events/event-list';
import { LiveSeed } from '@/components/realtime/live-seed';
import { initialViews } from '@/server/live-ssr';

export const metadata: Metadata = { title: 'Events' };
export const dynamic = 'force-dynamic';

export default async function EventsPage() {
  // The newest events come with the HTML, from the same snapshot a subscription gets; the socket takes over.
  const views = await initialViews([{ kind: 'hosts' }, { kind: 'events' }]);
  return (
    <LiveSeed views={views}>
      <EventList />
    </LiveSeed>
  );
}
