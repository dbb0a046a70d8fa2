import type { Metadata } from 'next';
import { EventList } from '@/components/events/event-list';
import { LiveSeed } from '@/components/realtime/live-seed';
import { initialViews } from '@/server/live-ssr';

export const metadata: Metadata = { title: 'Events' };
export const dynamic = 'force-dynamic';

export default async function HostEventsPage({ params }: { params: Promise<{ hostId: string }> }) {
  const { hostId } = await params;
  const views = await initialViews([{ kind: 'hosts' }, { kind: 'events', hostId }]);
  return (
    <LiveSeed views={views}>
      <EventList hostId={hostId} />
    </LiveSeed>
  );
}
