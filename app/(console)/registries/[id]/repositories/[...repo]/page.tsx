import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TagList } from '@/components/registries/browse/tag-list';

export const metadata: Metadata = { title: 'Repository' };

export default async function RepositoryPage({ params }: { params: Promise<{ id: string; repo: string[] }> }) {
  const { id, repo } = await params;
  return (
    <Suspense>
      <TagList id={id} repo={repo.map(decodeURIComponent).join('/')} />
    </Suspense>
  );
}
