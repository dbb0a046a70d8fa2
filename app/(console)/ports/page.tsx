import type { Metadata } from 'next';
import { PortsTable } from '@/components/ports/ports-table';
import { LiveSeed } from '@/components/realtime/live-seed';
import { initialViews } from '@/server/live-ssr';

export const metadata: Metadata = { title: 'Ports' };
export const dynamic = 'force-dynamic';

export default async function PortsPage() {
  // The table is derived from the containers view: the same snapshot a subscription gets.
  const views = await initialViews([{ kind: 'hosts' }, { kind: 'containers' }]);
  return (
    <LiveSeed views={views}>
      <PortsTable />
    </LiveSeed>
  );
}
