import type { Metadata } from 'next';
import { ContainerForm } from '@/components/containers/container-form';

export const metadata: Metadata = { title: 'New container' };

export default async function NewContainerPage({ searchParams }: { searchParams: Promise<{ host?: string | string[] }> }) {
  const { host } = await searchParams;
  return <ContainerForm mode={{ kind: 'create' }} initialHost={typeof host === 'string' ? host : undefined} />;
}
