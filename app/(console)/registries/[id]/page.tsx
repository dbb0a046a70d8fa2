import type { Metadata } from 'next';
import { RepositoryList } from '@/components/registries/browse/repository-list';

export const metadata: Metadata = { title: 'Registry' };

export default async function RegistryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RepositoryList id={id} />;
}
