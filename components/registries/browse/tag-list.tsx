'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { errorMessage } from '../../api';
import { formatAgo, formatBytes } from '../../format';
import { PageBody } from '../../layout/page-header';
import { ErrorAlert } from '../../ui/alert';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { cn } from '../../ui/cn';
import { Skeleton } from '../../ui/skeleton';
import { useNow } from '../../use-now';
import { useRegistries } from '../use-registries';
import { RegistryCrumbs } from './registry-header';
import { TagDetail } from './tag-detail';
import { useTagDetails, useTags } from './use-browse';

const PAGE = 25;

/** A repository's tags, a page at a time, with digest, size and created read for the visible page; `?tag=` opens one. */
export function TagList({ id, repo }: { id: string; repo: string }) {
  const registry = useRegistries().data?.find((r) => r.id === id);
  const router = useRouter();
  const pathname = usePathname();
  const selected = useSearchParams().get('tag');
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useTags(id, repo, PAGE, cursor);
  const names = page.data?.tags.map((t) => t.name) ?? [];
  const details = useTagDetails(id, repo, names, page.data?.source === 'registry');
  const now = useNow(60_000);
  const rows = (page.data?.tags ?? []).map((t) => {
    const d = details.data?.find((x) => x.name === t.name);
    return { ...t, digest: t.digest ?? d?.digest ?? null, size: t.size ?? d?.size ?? null, created: t.created ?? d?.created ?? null, d };
  });
  const open = (tag: string | null) => router.replace(tag ? `${pathname}?tag=${encodeURIComponent(tag)}` : pathname, { scroll: false });

  return (
    <PageBody>
      <RegistryCrumbs registry={registry} id={id} repo={repo} />
      <div className="grid grid-cols-1 items-start gap-3 xl:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs">
          <div className="flex items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 text-xs text-zinc-500">
            <span data-testid="tag-count">
              Page {cursors.length} · {rows.length} tag{rows.length === 1 ? '' : 's'}
              {page.data?.source === 'hub' && ' · from Docker Hub’s API'}
              {(page.isFetching || details.isFetching) && ' · reading…'}
            </span>
            <span className="flex-1" />
            <Button size="sm" variant="ghost" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              ‹ Previous
            </Button>
            <Button
              size="sm"
              variant="ghost"
              disabled={!page.data?.next}
              onClick={() => setCursors((c) => [...c, page.data?.next ?? null])}
            >
              Next ›
            </Button>
          </div>
          {page.error ? (
            <div className="p-3">
              <ErrorAlert testId="browse-error">{errorMessage(page.error)}</ErrorAlert>
            </div>
          ) : !page.data ? (
            <Skeleton className="m-3 h-40" />
          ) : rows.length === 0 ? (
            <p className="px-3 py-6 text-center text-zinc-500">This repository has no tags.</p>
          ) : (
            <table className="w-full border-separate border-spacing-0 text-[13px]" data-testid="tag-table">
              <thead className="text-left text-xs text-zinc-500">
                <tr>
                  <th className="border-b border-zinc-200 px-3 py-1.5 font-medium">Tag</th>
                  <th className="border-b border-zinc-200 px-3 py-1.5 font-medium">Digest</th>
                  <th className="border-b border-zinc-200 px-3 py-1.5 text-right font-medium">Size</th>
                  <th className="border-b border-zinc-200 px-3 py-1.5 font-medium">Created</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((t) => (
                  <tr
                    key={t.name}
                    data-testid="tag-row"
                    data-tag={t.name}
                    aria-selected={selected === t.name}
                    className={cn('cursor-pointer hover:bg-zinc-50', selected === t.name && 'bg-sky-50 hover:bg-sky-50')}
                    onClick={() => open(t.name)}
                  >
                    <td className="border-b border-zinc-100 px-3 py-1.5">
                      <button type="button" className="font-mono text-[12px] text-sky-800 hover:underline" onClick={() => open(t.name)}>
                        {t.name}
                      </button>
                      {t.d?.platforms && (
                        <Badge tone="zinc" className="ml-1.5">
                          {t.d.platforms.length} platforms
                        </Badge>
                      )}
                    </td>
                    <td
                      className="border-b border-zinc-100 px-3 py-1.5 font-mono text-[12px] text-zinc-600"
                      title={t.digest ?? t.d?.error ?? ''}
                    >
                      {t.digest ? (
                        t.digest.replace(/^sha256:/, '').slice(0, 12)
                      ) : t.d?.error ? (
                        <span className="font-sans text-red-700">unreadable</span>
                      ) : (
                        '…'
                      )}
                    </td>
                    <td className="border-b border-zinc-100 px-3 py-1.5 text-right tabular-nums">
                      {t.size === null ? '…' : formatBytes(t.size)}
                    </td>
                    <td className="border-b border-zinc-100 px-3 py-1.5 text-zinc-500" title={t.created ?? ''}>
                      {t.created ? formatAgo(t.created, now) : '…'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="min-w-0">
          {selected ? (
            <TagDetail
              key={selected}
              registryId={id}
              repo={repo}
              tag={selected}
              sameDigestTags={(digest) => rows.filter((r) => r.digest === digest).map((r) => r.name)}
              onDeleted={() => open(null)}
            />
          ) : (
            <p className="rounded-lg border border-dashed border-zinc-300 px-3 py-8 text-center text-zinc-500">
              Pick a tag to see its manifest, layers and config.
            </p>
          )}
        </div>
      </div>
    </PageBody>
  );
}
