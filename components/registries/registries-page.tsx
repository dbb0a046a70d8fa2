'use client';

import { useState } from 'react';
import type { RegistrySummary } from '@/server/contracts/registries';
import { errorMessage } from '../api';
import { useCurrentUser } from '../auth/use-auth';
import { formatAgo } from '../format';
import { PageBody, PageHeader } from '../layout/page-header';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { Dialog } from '../ui/dialog';
import { EmptyState } from '../ui/empty-state';
import { Skeleton } from '../ui/skeleton';
import { useNow } from '../use-now';
import { RegistryDialog } from './registry-dialog';
import { useRegistries, useRemoveRegistry, useTestRegistry } from './use-registries';

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

/** Checks the saved credentials against the registry (through an engine), answering in the row. */
function TestButton({ registry }: { registry: RegistrySummary }) {
  const test = useTestRegistry();
  const disabled = !registry.username || !registry.hasPassword;
  return (
    <span className="flex min-w-0 items-center gap-2">
      <Button
        size="sm"
        variant="secondary"
        pending={test.isPending}
        disabled={disabled}
        title={disabled ? 'No credentials saved to test' : 'Log in to the registry with the saved credentials'}
        onClick={() => test.mutate({ id: registry.id, address: registry.address, username: registry.username ?? '', password: '' })}
      >
        Test
      </Button>
      {(test.data || test.error) && (
        <span
          role="status"
          data-testid="registry-test-result"
          data-ok={test.data ? 'true' : 'false'}
          className={cn('min-w-0 truncate text-xs', test.data ? 'text-emerald-700' : 'text-red-700')}
          title={test.data ? test.data.message : errorMessage(test.error)}
        >
          {test.data ? `${test.data.message} (via ${test.data.hostName})` : errorMessage(test.error)}
        </span>
      )}
    </span>
  );
}

export function RegistriesPage() {
  const registries = useRegistries();
  const canManage = useCurrentUser()?.role === 'admin';
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
        subtitle="Credentials Wharf uses on the server to pull, push and build. Passwords are stored encrypted and never shown."
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
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-xs">
          <table className="w-full min-w-[760px] border-separate border-spacing-0 text-[13px]" data-testid="registry-table">
            <thead className="bg-zinc-50 text-left text-xs text-zinc-500">
              <tr>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">Name</th>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">Address</th>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">User</th>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">Password</th>
                <th className="border-b border-zinc-200 px-3 py-2 font-medium">Changed</th>
                <th className="w-[40%] border-b border-zinc-200 px-3 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.id} className="hover:bg-zinc-50/70" data-testid="registry-row" data-address={r.address}>
                  <td className="border-b border-zinc-100 px-3 py-2 font-medium">{r.name}</td>
                  <td className="border-b border-zinc-100 px-3 py-2 font-mono text-[12px]">{r.address}</td>
                  <td className="border-b border-zinc-100 px-3 py-2">{r.username ?? <span className="text-zinc-400">anonymous</span>}</td>
                  <td className="border-b border-zinc-100 px-3 py-2">
                    {r.hasPassword ? (
                      <Badge tone="green" dot>
                        password saved
                      </Badge>
                    ) : (
                      <span className="text-zinc-400">—</span>
                    )}
                  </td>
                  <td className="border-b border-zinc-100 px-3 py-2 text-zinc-500" title={r.updatedAt}>
                    {formatAgo(r.updatedAt, now)}
                  </td>
                  <td className="border-b border-zinc-100 px-3 py-1.5">
                    <div className="flex items-center justify-end gap-2">
                      {canManage && (
                        <>
                          <span className="min-w-0 flex-1">
                            <TestButton registry={r} />
                          </span>
                          <Button size="sm" variant="ghost" onClick={() => setEditing(r)}>
                            Edit
                          </Button>
                          <Button
                            size="sm"
                            variant="ghost"
                            className="text-red-700 hover:bg-red-50 hover:text-red-800"
                            onClick={() => setRemoving(r)}
                          >
                            Remove
                          </Button>
                        </>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && <RegistryDialog registry={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
      {removing && <RemoveRegistryDialog registry={removing} onClose={() => setRemoving(null)} />}
    </PageBody>
  );
}
