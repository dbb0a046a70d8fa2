'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { RegistrySummary } from '@/server/contracts/registries';
import { errorMessage } from '../api';
import { formatAgo } from '../format';
import { PageBody, PageHeader } from '../layout/page-header';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button, buttonClass } from '../ui/button';
import { cn } from '../ui/cn';
import { Dialog } from '../ui/dialog';
import { EmptyState } from '../ui/empty-state';
import { Skeleton } from '../ui/skeleton';
import { useNow } from '../use-now';
import { registryHref } from './browse/links';
import { useEngineRegistryConfigs } from './browse/use-browse';
import { RegistryDialog } from './registry-dialog';
import { TestResult } from './test-result';
import { useRegistries, useRemoveRegistry, useTestRegistry } from './use-registries';
import { useCan } from '@/components/auth/use-can';

const PlusIcon = () => (
  <svg viewBox="0 0 16 16" className="size-3.5" aria-hidden>
    <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
  </svg>
);

function RemoveRegistryDialog({ registry, onClose }: { registry: RegistrySummary; onClose: () => void }) {
  const remove = useRemoveRegistry();
  return (
    <Dialog
      title={`Remove ${registry.name}?`}
      onClose={onClose}
      dismissOnBackdrop={!remove.isPending}
      footer={
        <>
          <span className="flex-1" />
          <Button variant="ghost" onClick={onClose} disabled={remove.isPending} data-autofocus="">
            Cancel
          </Button>
          <Button variant="danger" pending={remove.isPending} onClick={() => remove.mutate(registry.id, { onSuccess: onClose })}>
            Remove credentials
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        {remove.error && <ErrorAlert testId="form-error">{errorMessage(remove.error)}</ErrorAlert>}
        <p>
          Wharf forgets the saved credentials for <span className="font-mono text-[12px]">{registry.address}</span>. Pulls, pushes and
          builds from it go anonymous.
        </p>
        <p className="text-zinc-600">Images already pulled and the registry itself are not touched.</p>
      </div>
    </Dialog>
  );
}

/**
 * One saved registry: a tbody, so "Test connection" can answer on a full-width line under the row
 * (one check per item: reachable, auth, catalog, engine login).
 */
function RegistryRow({
  r,
  now,
  canManage,
  onEdit,
  onRemove,
}: {
  r: RegistrySummary;
  now: number;
  canManage: boolean;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const test = useTestRegistry();
  const cell = 'border-b border-zinc-100 px-3 py-2';
  return (
    <tbody data-testid="registry-row" data-address={r.address} className="hover:bg-zinc-50/70">
      <tr>
        <td className={cn(cell, 'font-medium')}>
          <Link href={registryHref(r.id)} className="text-sky-800 hover:underline" data-testid="registry-browse-link">
            {r.name}
          </Link>
        </td>
        <td className={cn(cell, 'font-mono text-[12px]')}>{r.address}</td>
        <td className={cell}>{r.username ?? <span className="text-zinc-400">anonymous</span>}</td>
        <td className={cell}>
          {r.hasPassword ? (
            <Badge tone="green" dot>
              password saved
            </Badge>
          ) : (
            <span className="text-zinc-400">—</span>
          )}
        </td>
        <td className={cn(cell, 'text-zinc-500')} title={r.updatedAt}>
          {formatAgo(r.updatedAt, now)}
        </td>
        <td className="border-b border-zinc-100 px-3 py-1.5">
          <div className="flex items-center justify-end gap-2">
            <Link href={registryHref(r.id)} className={buttonClass('ghost', 'sm')}>
              Browse
            </Link>
            {canManage && (
              <>
                <Button
                  size="sm"
                  variant="secondary"
                  pending={test.isPending}
                  title="Ask the registry: reachable, auth, catalog"
                  onClick={() => test.mutate({ id: r.id, address: r.address, username: r.username ?? '', password: '' })}
                >
                  Test connection
                </Button>
                <Button size="sm" variant="ghost" onClick={onEdit}>
                  Edit
                </Button>
                <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50 hover:text-red-800" onClick={onRemove}>
                  Remove
                </Button>
              </>
            )}
          </div>
        </td>
      </tr>
      {(test.data || test.error) && (
        <tr>
          <td colSpan={6} className="border-b border-zinc-100 bg-zinc-50/60 px-3 py-1.5">
            <TestResult data={test.data} error={test.error} compact />
          </td>
        </tr>
      )}
    </tbody>
  );
}

/** Each engine's own registry settings from `docker info`: mirrors and registries it reaches over plain HTTP. */
function EngineRegistrySettings() {
  const configs = useEngineRegistryConfigs();
  const list = configs.data ?? [];
  return (
    <section className="mt-5" aria-labelledby="engine-registries-title">
      <h2 id="engine-registries-title" className="mb-1 text-sm font-semibold text-zinc-900">
        Engines&apos; own registry settings
      </h2>
      <p className="mb-2 text-xs text-zinc-500">
        From each engine&apos;s <span className="font-mono">docker info</span>. Wharf talks plain HTTP to loopback registries and to those
        an engine lists as insecure; everything else goes over HTTPS.
      </p>
      {configs.error ? (
        <ErrorAlert>{errorMessage(configs.error)}</ErrorAlert>
      ) : configs.isPending ? (
        <Skeleton className="h-16 w-full" />
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-xs">
          <table className="w-full min-w-[640px] border-separate border-spacing-0 text-[13px]" data-testid="engine-registry-table">
            <thead className="bg-zinc-50 text-left text-xs text-zinc-500">
              <tr>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">Engine</th>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">Mirrors</th>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">Insecure registries (HTTP)</th>
              </tr>
            </thead>
            <tbody>
              {list.map((e) => (
                <tr key={e.hostId} data-testid="engine-registry-row" data-host={e.hostName}>
                  <td className="border-b border-zinc-100 px-3 py-2 font-medium">
                    {e.hostName}
                    {!e.online && (
                      <Badge tone="zinc" className="ml-1.5">
                        last known
                      </Badge>
                    )}
                  </td>
                  <td className="border-b border-zinc-100 px-3 py-2 font-mono text-[12px]">
                    {e.mirrors.length ? (
                      e.mirrors.map((m) => <div key={m}>{m}</div>)
                    ) : (
                      <span className="font-sans text-zinc-400">none</span>
                    )}
                  </td>
                  <td className="border-b border-zinc-100 px-3 py-2 font-mono text-[12px]">
                    {[...e.insecureRegistries, ...e.insecureCidrs].length ? (
                      [...e.insecureRegistries, ...e.insecureCidrs].map((r) => <div key={r}>{r}</div>)
                    ) : (
                      <span className="font-sans text-zinc-400">none</span>
                    )}
                  </td>
                </tr>
              ))}
              {list.length === 0 && (
                <tr>
                  <td colSpan={3} className="px-3 py-3 text-center text-zinc-500">
                    No engine added yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function RegistriesPage() {
  const registries = useRegistries();
  const canManage = useCan('registries.manage');
  const [editing, setEditing] = useState<RegistrySummary | 'new' | null>(null);
  const [removing, setRemoving] = useState<RegistrySummary | null>(null);
  const now = useNow(60_000);
  const list = registries.data ?? [];

  const addButton = canManage ? (
    <Button variant="primary" onClick={() => setEditing('new')}>
      <PlusIcon />
      Add registry
    </Button>
  ) : null;

  return (
    <PageBody>
      <PageHeader
        title="Registries"
        subtitle="Registries Wharf browses, pulls from, pushes and builds with — from the server. Passwords are stored encrypted and never shown."
        actions={list.length > 0 ? addButton : null}
      />
      {registries.error ? (
        <ErrorAlert>{errorMessage(registries.error)}</ErrorAlert>
      ) : registries.isPending ? (
        <Skeleton className="h-32 w-full" />
      ) : list.length === 0 ? (
        <EmptyState title="No saved registry credentials" action={addButton}>
          Pulls and pushes go anonymous. Save the user and password (or token) of a private registry, and every pull, push and build that
          names it uses them — the browser never sees them.
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-xs">
          <table className="w-full min-w-[760px] border-separate border-spacing-0 text-[13px]" data-testid="registry-table">
            <thead className="bg-zinc-50 text-left text-xs text-zinc-500">
              <tr>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">Name</th>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">Address</th>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">User</th>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">Password</th>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">Changed</th>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            {list.map((r) => (
              <RegistryRow key={r.id} r={r} now={now} canManage={canManage} onEdit={() => setEditing(r)} onRemove={() => setRemoving(r)} />
            ))}
          </table>
        </div>
      )}
      <EngineRegistrySettings />
      {editing && <RegistryDialog registry={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
      {removing && <RemoveRegistryDialog registry={removing} onClose={() => setRemoving(null)} />}
    </PageBody>
  );
}
