import type { Metadata } from 'next';
import { RequireRight } from '@/components/auth/require-right';
import { EditContainer } from '@/components/containers/edit-container';

export const metadata: Metadata = { title: 'Edit & recreate' };

export default async function EditContainerPage({ params }: { params: Promise<{ hostId: string; id: string }> }) {
  const { hostId, id } = await params;
  const host = decodeURIComponent(hostId);
  return (
    <RequireRight right="containers.manage" hostId={host} doing="to edit and recreate containers">
      <EditContainer hostId={host} id={decodeURIComponent(id)} />
    </RequireRight>
  );
}
