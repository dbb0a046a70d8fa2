import { redirect } from 'next/navigation';

/** One list serves every host: this address opens it filtered to the host. */
export default async function HostContainersPage({ params }: { params: Promise<{ hostId: string }> }) {
  const { hostId } = await params;
  redirect(`/containers?host=${encodeURIComponent(hostId)}`);
}
