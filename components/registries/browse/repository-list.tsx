'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { REPO_NAME } from '@/server/contracts/registry-browse';
import { errorMessage } from '../../api';
import { PageBody } from '../../layout/page-header';
import { ErrorAlert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Input } from '../../ui/field';
import { Skeleton } from '../../ui/skeleton';
import { useDebounced } from '../../ui/use-debounced';
import { useRegistries } from '../use-registries';
import { repositoryHref } from './links';
import { RegistryCrumbs } from './registry-header';
import { useRepositories } from './use-browse';

const PAGE = 50;

/** Go straight to a repository by name: the only way in where the catalog is refused (Docker Hub, robot accounts). */
function OpenByName({ id, hub }: { id: string; hub: boolean }) {
  const router = useRouter();
  const [name, setName] = useState('');
  const trimmed = name.trim().toLowerCase();
  const valid = REPO_NAME.test(trimmed);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (valid) router.push(repositoryHref(id, trimmed));
  }
  return (
    <form onSubmit={submit} className="flex items-center gap-2" role="search">
      <label htmlFor="open-repo" className="text-xs text-zinc-500">
        Repository
      </label>
      <Input
        id="open-repo"
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder={hub ? 'library/nginx' : 'team/app'}
        spellCheck={false}
        className="w-64 font-mono text-[12px]"
        aria-invalid={!!trimmed && !valid}
      />
      <Button type="submit" disabled={!valid}>
        Open
      </Button>
    </form>
  );
}

/** A registry's repositories, a page of the catalog at a time (n/last), or a name box where the catalog is refused. */
export function RepositoryList({ id }: { id: string }) {
  const registry = useRegistries().data?.find((r) => r.id === id);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [find, setFind] = useState('');
  const prefix = useDebounced(find.trim().toLowerCase(), 250);
  const last = cursors[cursors.length - 1] ?? null;
  const page = useRepositories(id, PAGE, last, prefix);
  const data = page.data;
  const shown = data?.catalog === 'allowed' ? data.repositories : [];

  return (
    <PageBody>
      <RegistryCrumbs registry={registry} id={id} actions={<OpenByName id={id} hub={registry?.address === 'docker.io'} />} />
      {page.error ? (
        <ErrorAlert testId="browse-error">{errorMessage(page.error)}</ErrorAlert>
      ) : !data ? (
        <Skeleton className="h-48 w-full" />
      ) : data.catalog === 'refused' ? (
        <div
          className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900"
          data-testid="catalog-refused"
          role="status"
        >
          <p className="font-medium">This registry does not list its repositories.</p>
          <p>{data.reason}</p>
          <p className="mt-1 text-amber-800">Type a repository name above to browse its tags.</p>
        </div>
      ) : (
        <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs">
          <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-3 py-1.5">
            <span className="w-56">
              <Input
                value={find}
                onChange={(e) => {
                  setFind(e.target.value);
                  setCursors([null]);
                }}
                placeholder="Name starts with…"
                aria-label="Find repositories by the start of their name"
                spellCheck={false}
                className="h-7 font-mono text-[12px]"
              />
            </span>
            <span className="text-xs text-zinc-500" data-testid="repo-count">
              Page {cursors.length} · {data.repositories.length} repositor{data.repositories.length === 1 ? 'y' : 'ies'}
              {prefix && ` starting with “${prefix}”`}
              {page.isFetching && ' · loading…'}
            </span>
            <span className="flex-1" />
            <Button size="sm" variant="ghost" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              ‹ Previous
            </Button>
            <Button size="sm" variant="ghost" disabled={!data.next} onClick={() => setCursors((c) => [...c, data.next])}>
              Next ›
            </Button>
          </div>
          {shown.length === 0 ? (
            <p className="px-3 py-6 text-center text-zinc-500">
              {prefix ? `No repository name starts with “${prefix}”.` : 'The registry holds no repositories.'}
            </p>
          ) : (
            <ul className="divide-y divide-zinc-100 text-[13px]" data-testid="repository-list">
              {shown.map((r) => (
                <li key={r}>
                  <Link
                    href={repositoryHref(id, r)}
                    className="block px-3 py-1.5 font-mono text-[12px] text-sky-800 hover:bg-zinc-50 hover:underline"
                    data-testid="repository-link"
                  >
                    {r}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </PageBody>
  );
}
