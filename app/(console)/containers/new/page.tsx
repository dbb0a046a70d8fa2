import type { Metadata } from 'next';
import { RequireRight } from '@/components/auth/require-right';
import { ContainerForm } from '@/components/containers/container-form';

export const metadata: Metadata = { title: 'New container' };

type Query = { host?: string | string[]; image?: string | string[] };

export default async function NewContainerPage({ searchParams }: { searchParams: Promise<Query> }) {
  const { host, image } = await searchParams;
  // `?image=` comes from an image's "Run": the form opens with it filled in.
  return (
    <RequireRight right="containers.manage" doing="to create containers">
      <ContainerForm
        mode={{ kind: 'create' }}
        initialHost={typeof host === 'string' ? host : undefined}
        initial={typeof image === 'string' && image ? { image } : undefined}
      />
    </RequireRight>
  );
}
