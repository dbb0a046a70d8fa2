import type { Metadata } from 'next';
import { RequireRight } from '@/components/auth/require-right';
import { DeployPage, type DeployQuery } from '@/components/deploy/deploy-page';

export const metadata: Metadata = { title: 'Deploy' };

type Query = Record<keyof DeployQuery, string | string[] | undefined>;

export default async function Page({ searchParams }: { searchParams: Promise<Partial<Query>> }) {
  const q = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === 'string' && v ? v : undefined);
  return (
    <RequireRight right="containers.manage" doing="to deploy">
      <DeployPage query={{ ref: one(q.ref), host: one(q.host), image: one(q.image), template: one(q.template) }} />
    </RequireRight>
  );
}
