import type { Metadata } from 'next';
import { NetworkList } from '@/components/networks/network-list';
import { LiveSeed } from '@/components/realtime/live-seed';
import { initialViews } from '@/server/live-ssr';

export const metadata: Metadata = { title: 'Networks' };
export const dynamic = 'force-dynamic';

export default async function HostNetworksPage({ params }: { params: Promise<{ hostId: string }> }) {
  const { hostId } = await params;
  const views = await initialViews([{ kind: 'hosts' }, { kind: 'networks', hostId }]);
  return (
    <LiveSeed views={views}>
      <NetworkList hostId={hostId} />
    </LiveSeed>
  );
}
