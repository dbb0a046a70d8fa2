import type { Metadata } from 'next';
import { HostsOverview } from '@/components/hosts/hosts-overview';
import { LiveSeed } from '@/components/realtime/live-seed';
import { initialViews } from '@/server/live-ssr';

export const metadata: Metadata = { title: 'Hosts' };
export const dynamic = 'force-dynamic';

export default async function HostsPage() {
  return (
    <LiveSeed views={await initialViews([{ kind: 'hosts' }])}>
      <HostsOverview />
    </LiveSeed>
  );
}
