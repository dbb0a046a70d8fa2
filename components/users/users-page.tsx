'use client';

import { useState } from 'react';
import type { UserSummary, UserWithPassword } from '@/server/contracts/users';
import { errorMessage } from '../api';
import { useCurrentUser } from '../auth/use-auth';
import { formatAgo } from '../format';
import { useEngines } from '../hosts/use-engines';
import { PageBody, PageHeader } from '../layout/page-header';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { Spinner } from '../ui/spinner';
import { useNow } from '../use-now';
import { ConfirmDialog, CreateUserDialog, EditUserDialog, TemporaryPasswordDialog, UserSessionsDialog } from './user-dialogs';
import { useDeleteUser, useResetPassword, useSetUserEnabled, useUsers } from './use-users';

type Open =
  | { kind: 'create' }
  | { kind: 'edit' | 'sessions' | 'disable' | 'enable' | 'delete' | 'reset'; user: UserSummary }
  | { kind: 'password'; result: UserWithPassword }
  | null;

function ActionDialog({
  open,
  onClose,
  onPassword,
}: {
  open: Exclude<Open, null>;
  onClose: () => void;
  onPassword: (r: UserWithPassword) => void;
}) {
  const enable = useSetUserEnabled();
  const remove = useDeleteUser();
  const reset = useResetPassword();
  if (open.kind === 'create') return <CreateUserDialog onClose={onClose} onCreated={onPassword} />;
  if (open.kind === 'password') return <TemporaryPasswordDialog result={open.result} onClose={onClose} />;
  const { user } = open;
  switch (open.kind) {
    case 'edit':
      return <EditUserDialog user={user} onClose={onClose} />;
    case 'sessions':
      return <UserSessionsDialog user={user} onClose={onClose} />;
    case 'disable':
    case 'enable': {
      const on = open.kind === 'enable';
      return (
        <ConfirmDialog
          title={`${on ? 'Enable' : 'Disable'} ${user.username}?`}
          confirmLabel={on ? 'Enable' : 'Disable user'}
          danger={!on}
          pending={enable.isPending}
          error={enable.error}
          onClose={onClose}
          onConfirm={() => enable.mutate({ id: user.id, enabled: on }, { onSuccess: onClose })}
        >
          <p>
            {on
              ? `${user.username} can sign in again with their password.`
              : `${user.username} is signed out everywhere at once — open terminals close — and cannot sign in; their API tokens stop working.`}
          </p>
        </ConfirmDialog>
      );
    }
    case 'delete':
      return (
        <ConfirmDialog
          title={`Delete ${user.username}?`}
          confirmLabel="Delete user"
          danger
          pending={remove.isPending}
          error={remove.error}
          onClose={onClose}
          onConfirm={() => remove.mutate(user.id, { onSuccess: onClose })}
        >
          <p>The user, their sessions and API tokens are removed. The audit log keeps their name.</p>
        </ConfirmDialog>
      );
    case 'reset':
      return (
        <ConfirmDialog
          title={`Reset the password of ${user.username}?`}
          confirmLabel="Reset password"
          danger
          pending={reset.isPending}
          error={reset.error}
          onClose={onClose}
          onConfirm={() => reset.mutate(user.id, { onSuccess: onPassword })}
        >
          <p>
            Wharf makes a temporary password, shown once. {user.username} is signed out everywhere and must choose a new password at the
            next sign-in.
          </p>
        </ConfirmDialog>
      );
  }
}

export function UsersPage() {
  const users = useUsers();
  const me = useCurrentUser();
  const engines = useEngines();
  const now = useNow(30_000);
  const [open, setOpen] = useState<Open>(null);
  const names = new Map((engines.data ?? []).map((e) => [e.id, e.name]));
  const cell = 'border-b border-zinc-100 px-3 py-1.5';

  return (
    <PageBody>
      <PageHeader
        title="Users"
        subtitle="Who may sign in, with which role, on which hosts."
        actions={
          <Button variant="primary" size="sm" onClick={() => setOpen({ kind: 'create' })}>
            New user
          </Button>
        }
      />
      {users.error ? (
        <ErrorAlert title="The users could not be loaded">{errorMessage(users.error)}</ErrorAlert>
      ) : users.isPending ? (
        <div className="flex items-center gap-2 py-10 text-zinc-500">
          <Spinner /> Loading users…
        </div>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-xs">
          {/* Below 1024 px: name, state and actions; role, hosts, last sign-in and sessions fold under the name. */}
          <table className="w-full text-[13px] lg:min-w-[860px]" data-testid="users-table">
            <thead className="bg-zinc-50 text-left text-[11px] uppercase tracking-wide text-zinc-500">
              <tr>
                <th className={cn(cell, 'font-medium')}>Name</th>
                <th className={cn(cell, 'font-medium max-lg:hidden')}>Role</th>
                <th className={cn(cell, 'font-medium max-lg:hidden')}>Hosts</th>
                <th className={cn(cell, 'font-medium')}>State</th>
                <th className={cn(cell, 'font-medium max-lg:hidden')}>Last sign-in</th>
                <th className={cn(cell, 'font-medium max-lg:hidden')}>Sessions</th>
                <th className={cell} />
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => {
                const self = u.id === me?.id;
                return (
                  <tr
                    key={u.id}
                    data-testid="user-row"
                    data-username={u.username}
                    data-state={u.disabled ? 'disabled' : 'active'}
                    className="hover:bg-zinc-50/70"
                  >
                    <td className={cn(cell, 'font-medium')}>
                      {u.username}
                      {self && <span className="ml-1.5 text-xs font-normal text-zinc-500">(you)</span>}
                      <div className="text-[11px] font-normal text-zinc-500 lg:hidden" data-testid="row-details">
                        {u.role} · {u.hosts === 'all' ? 'all hosts' : `${u.hosts.length} host${u.hosts.length === 1 ? '' : 's'}`} · signed
                        in {u.lastLoginAt ? formatAgo(u.lastLoginAt, now) : 'never'} ·{' '}
                        <button
                          type="button"
                          className="text-sky-800 hover:underline"
                          onClick={() => setOpen({ kind: 'sessions', user: u })}
                        >
                          {u.sessions} session{u.sessions === 1 ? '' : 's'}
                        </button>
                      </div>
                    </td>
                    <td className={cn(cell, 'max-lg:hidden')}>
                      <Badge tone={u.role === 'admin' ? 'sky' : u.role === 'operator' ? 'green' : 'zinc'}>{u.role}</Badge>
                    </td>
                    <td className={cn(cell, 'max-w-64 truncate max-lg:hidden')}>
                      {u.hosts === 'all' ? (
                        'All hosts'
                      ) : u.hosts.length === 0 ? (
                        <span className="text-zinc-400">none</span>
                      ) : (
                        u.hosts.map((h) => names.get(h) ?? h).join(', ')
                      )}
                    </td>
                    <td className={cell}>
                      {u.disabled ? (
                        <Badge tone="red" dot>
                          disabled
                        </Badge>
                      ) : u.mustChangePassword ? (
                        <Badge tone="amber" dot>
                          must change password
                        </Badge>
                      ) : (
                        <Badge tone="green" dot>
                          active
                        </Badge>
                      )}
                    </td>
                    <td className={cn(cell, 'whitespace-nowrap text-zinc-600 max-lg:hidden')} title={u.lastLoginAt ?? undefined}>
                      {u.lastLoginAt ? formatAgo(u.lastLoginAt, now) : <span className="text-zinc-400">never</span>}
                    </td>
                    <td className={cn(cell, 'max-lg:hidden')}>
                      <button type="button" className="text-sky-800 hover:underline" onClick={() => setOpen({ kind: 'sessions', user: u })}>
                        {u.sessions}
                      </button>
                    </td>
                    <td className="border-b border-zinc-100 px-3 py-1">
                      <div className="flex flex-wrap items-center justify-end gap-1">
                        <Button size="sm" variant="ghost" onClick={() => setOpen({ kind: 'edit', user: u })}>
                          Edit
                        </Button>
                        {!self && (
                          <>
                            <Button size="sm" variant="ghost" onClick={() => setOpen({ kind: 'reset', user: u })}>
                              Reset password
                            </Button>
                            <Button size="sm" variant="ghost" onClick={() => setOpen({ kind: u.disabled ? 'enable' : 'disable', user: u })}>
                              {u.disabled ? 'Enable' : 'Disable'}
                            </Button>
                            <Button
                              size="sm"
                              variant="ghost"
                              className="text-red-700 hover:bg-red-50 hover:text-red-800"
                              onClick={() => setOpen({ kind: 'delete', user: u })}
                            >
                              Delete
                            </Button>
                          </>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {open && <ActionDialog open={open} onClose={() => setOpen(null)} onPassword={(result) => setOpen({ kind: 'password', result })} />}
    </PageBody>
  );
}
