import type { Metadata } from 'next';
import { EditContainer } from '@/components/containers/edit-container';

export const metadata: Metadata = { title: 'Edit & recreate' };

export default async function EditContainerPage({ params }: { params: Promise<{ hostId: string; id: string }> }) {
  const { hostId, id } = await params;
  return <EditContainer hostId={decodeURIComponent(hostId)} id={decodeURIComponent(id)} />;
}
