'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { RegistrySummary } from '@/server/contracts/registries';
import { registryHref } from './links';

/** Breadcrumbs Registries › name › repository, with the registry's address and user. */
export function RegistryCrumbs({
  registry,
  id,
  repo,
  actions,
}: {
  registry: RegistrySummary | undefined;
  id: string;
  repo?: string;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-3 flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
      <div className="min-w-0">
        <nav aria-label="Breadcrumb" className="text-xs text-zinc-500">
          <Link href="/registries" className="hover:text-zinc-900 hover:underline">
            Registries
          </Link>
          {repo && (
            <>
              <span className="px-1">›</span>
              <Link href={registryHref(id)} className="hover:text-zinc-900 hover:underline">
                {registry?.name ?? id}
              </Link>
            </>
          )}
        </nav>
        <h1 className="truncate text-lg font-semibold tracking-tight text-zinc-900" data-testid="browse-title">
          {repo ?? registry?.name ?? 'Registry'}
        </h1>
        {registry && (
          <div className="text-zinc-500">
            <span className="font-mono text-[12px]">{registry.address}</span>
            {' · '}
            {registry.username ? `as ${registry.username}` : 'anonymous'}
          </div>
        )}
      </div>
      {actions && <div className="flex items-center gap-2">{actions}</div>}
    </div>
  );
}
