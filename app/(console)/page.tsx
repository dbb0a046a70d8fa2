import type { Metadata } from 'next';
import { HostsOverview } from '@/components/hosts/hosts-overview';

export const metadata: Metadata = { title: 'Hosts' };

export default function HostsPage() {
  return <HostsOverview />;
}
