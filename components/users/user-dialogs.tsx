'use client';

import { useState, type ReactNode } from 'react';
import type { HostGrants, Role } from '@/server/contracts/auth';
import type { UserSummary, UserWithPassword } from '@/server/contracts/users';
import { SecretOnce } from '../account/secret-once';
import { errorMessage, fieldErrors } from '../api';
import { formatAgo } from '../format';
import { useEngines } from '../hosts/use-engines';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Checkbox, controlProps, Field, Input, Select } from '../ui/field';
import { FormDialog } from '../ui/form-dialog';
import { Spinner } from '../ui/spinner';
import { useNow } from '../use-now';
import { useCreateUser, useRevokeUserSession, useUpdateUser, useUserSessions } from './use-users';

const ROLE_HINT: Record<Role, string> = {
  admin: 'Everything, on every host: users, engines, registries, settings.',
  operator: 'Lifecycle, create and edit, terminals, pull/push/build, prune — on the granted hosts.',
  viewer: 'Read only on the granted hosts: lists, inspect, logs, stats. No terminals, downloads or changes.',
};

/** "All hosts" or a pick of the engines; admins always have every host. */
function HostGrantsField({
  role,
  value,
  onChange,
  error,
}: {
  role: Role;
  value: HostGrants;
  onChange: (v: HostGrants) => void;
  error?: string;
}) {
  const engines = useEngines();
  if (role === 'admin') return <p className="text-xs text-zinc-500">Admins have every host.</p>;
  const picked = value === 'all' ? [] : value;
  return (
    <fieldset className="space-y-1.5">
      <legend className="mb-1 text-xs font-medium text-zinc-700">Hosts</legend>
      <div className="flex gap-4">
        <label className="inline-flex items-center gap-1.5">
          <input type="radio" name="hosts-mode" checked={value === 'all'} onChange={() => onChange('all')} className="accent-sky-700" /> All
          hosts
        </label>
        <label className="inline-flex items-center gap-1.5">
          <input type="radio" name="hosts-mode" checked={value !== 'all'} onChange={() => onChange(picked)} className="accent-sky-700" />{' '}
          Only these:
        </label>
      </div>
      {value !== 'all' && (
        <div className="max-h-40 space-y-1 overflow-y-auto rounded-md border border-zinc-200 px-2.5 py-2" data-testid="host-grants">
          {engines.isPending && <Spinner />}
          {(engines.data ?? []).map((e) => (
            <Checkbox
              key={e.id}
              className="flex"
              label={
                <>
                  {e.name} <span className="font-mono text-[11px] text-zinc-400">{e.address}</span>
                </>
              }
              checked={picked.includes(e.id)}
              onChange={(ev) => onChange(ev.target.checked ? [...picked, e.id] : picked.filter((h) => h !== e.id))}
            />
          ))}
          {engines.data?.length === 0 && <p className="text-zinc-500">No engine added yet.</p>}
        </div>
      )}
      {error && <p className="text-xs text-red-700">{error}</p>}
    </fieldset>
  );
}

/** The temporary password of a created or reset user, shown once. */
export function TemporaryPasswordDialog({ result, onClose }: { result: UserWithPassword; onClose: () => void }) {
  return (
    <Dialog
      title={`Temporary password for ${result.user.username}`}
      onClose={onClose}
      footer={
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      }
    >
      <div className="space-y-3">
        <SecretOnce label="Give this password to the user" value={result.temporaryPassword ?? ''} testId="temporary-password" />
        <p className="text-zinc-600">They sign in with it and must choose their own password at once.</p>
      </div>
    </Dialog>
  );
}

export function CreateUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (r: UserWithPassword) => void }) {
  const create = useCreateUser();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [hosts, setHosts] = useState<HostGrants>('all');
  const [mode, setMode] = useState<'generate' | 'set'>('generate');
  const [password, setPassword] = useState('');
  const [mustChange, setMustChange] = useState(true);
  const fields = fieldErrors(create.error);
  const submit = () =>
    create.mutate(
      { username, role, hosts, ...(mode === 'set' ? { password, mustChangePassword: mustChange } : {}) },
      { onSuccess: (r) => (r.temporaryPassword ? onCreated(r) : onClose()) },
    );
  return (
    <FormDialog
      title="New user"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Create user"
      pending={create.isPending}
      className="space-y-3"
    >
      {create.error && <ErrorAlert testId="form-error">{errorMessage(create.error)}</ErrorAlert>}
      <Field id="user-name" label="Username" error={fields.username}>
        <Input
          {...controlProps('user-name', fields.username)}
          data-autofocus=""
          autoComplete="off"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </Field>
      <Field id="user-role" label="Role" hint={ROLE_HINT[role]} error={fields.role}>
        <Select {...controlProps('user-role', fields.role, true)} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="admin">admin</option>
          <option value="operator">operator</option>
          <option value="viewer">viewer</option>
        </Select>
      </Field>
      <HostGrantsField role={role} value={hosts} onChange={setHosts} error={fields.hosts} />
      <fieldset className="space-y-1.5">
        <legend className="mb-1 text-xs font-medium text-zinc-700">Password</legend>
        <div className="flex gap-4">
          <label className="inline-flex items-center gap-1.5">
            <input
              type="radio"
              name="pw-mode"
              checked={mode === 'generate'}
              onChange={() => setMode('generate')}
              className="accent-sky-700"
            />
            Generate a temporary password
          </label>
          <label className="inline-flex items-center gap-1.5">
            <input type="radio" name="pw-mode" checked={mode === 'set'} onChange={() => setMode('set')} className="accent-sky-700" /> Set
            one
          </label>
        </div>
        {mode === 'set' && (
          <>
            <Field id="user-password" label="Password" error={fields.password}>
              <Input
                {...controlProps('user-password', fields.password)}
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
            <Checkbox label="Must change it at first sign-in" checked={mustChange} onChange={(e) => setMustChange(e.target.checked)} />
          </>
        )}
      </fieldset>
    </FormDialog>
  );
}

export function EditUserDialog({ user, onClose }: { user: UserSummary; onClose: () => void }) {
  const update = useUpdateUser();
  const [role, setRole] = useState<Role>(user.role);
  const [hosts, setHosts] = useState<HostGrants>(user.hosts);
  const fields = fieldErrors(update.error);
  return (
    <FormDialog
      title={`Edit ${user.username}`}
      description="Open pages of this user reconnect with the new rights at once."
      onClose={onClose}
      onSubmit={() => update.mutate({ id: user.id, role, hosts }, { onSuccess: onClose })}
      submitLabel="Save"
      pending={update.isPending}
      className="space-y-3"
    >
      {update.error && <ErrorAlert testId="form-error">{errorMessage(update.error)}</ErrorAlert>}
      <Field id="edit-role" label="Role" hint={ROLE_HINT[role]} error={fields.role}>
        <Select
          {...controlProps('edit-role', fields.role, true)}
          data-autofocus=""
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
        >
          <option value="admin">admin</option>
          <option value="operator">operator</option>
          <option value="viewer">viewer</option>
        </Select>
      </Field>
      <HostGrantsField role={role} value={hosts} onChange={setHosts} error={fields.hosts} />
    </FormDialog>
  );
}

/** A yes/no for one action on a user; the error stays in the dialog. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      dismissOnBackdrop={!pending}
      footer={
        <>
          <span className="flex-1" />
          <Button variant="ghost" onClick={onClose} disabled={pending} data-autofocus="">
            Cancel
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} pending={pending} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        {error ? <ErrorAlert testId="form-error">{errorMessage(error)}</ErrorAlert> : null}
        {children}
      </div>
    </Dialog>
  );
}

export function UserSessionsDialog({ user, onClose }: { user: UserSummary; onClose: () => void }) {
  const sessions = useUserSessions(user.id);
  const revoke = useRevokeUserSession();
  const now = useNow(30_000);
  return (
    <Dialog
      title={`Sessions of ${user.username}`}
      description="Revoking a session signs that browser out at once."
      onClose={onClose}
      className="max-w-2xl"
    >
      {revoke.error && <ErrorAlert className="mb-2">{errorMessage(revoke.error)}</ErrorAlert>}
      {sessions.error ? (
        <ErrorAlert>{errorMessage(sessions.error)}</ErrorAlert>
      ) : sessions.isPending ? (
        <Spinner />
      ) : sessions.data.length === 0 ? (
        <p className="text-zinc-500">No open session.</p>
      ) : (
        <SessionTable
          sessions={sessions.data}
          now={now}
          revoking={revoke.isPending ? revoke.variables?.sessionId : undefined}
          onRevoke={(id) => revoke.mutate({ userId: user.id, sessionId: id }, { onSuccess: () => void sessions.refetch() })}
        />
      )}
    </Dialog>
  );
}

export function SessionTable({
  sessions,
  now,
  revoking,
  onRevoke,
}: {
  sessions: Array<{ id: string; createdAt: string; lastSeenAt: string | null; client: string | null; current: boolean }>;
  now: number;
  revoking?: string;
  onRevoke: (id: string) => void;
}) {
  const cell = 'border-b border-zinc-100 px-3 py-1.5';
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-xs" data-testid="session-table">
        <thead className="bg-zinc-50 text-left text-[11px] uppercase tracking-wide text-zinc-500">
          <tr>
            <th className={cell}>Client</th>
            <th className={cell}>Signed in</th>
            <th className={cell}>Last seen</th>
            <th className={cell} />
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} data-testid="session-row" data-current={s.current ? 'true' : 'false'}>
              <td className={cell}>
                <div className="flex max-w-96 items-center gap-1.5">
                  {s.current && <Badge tone="sky">this session</Badge>}
                  <span className="min-w-0 truncate" title={s.client ?? undefined}>
                    {s.client ?? <span className="text-zinc-400">unknown</span>}
                  </span>
                </div>
              </td>
              <td className={`${cell} whitespace-nowrap`} title={s.createdAt}>
                {formatAgo(s.createdAt, now)}
              </td>
              <td className={`${cell} whitespace-nowrap`} title={s.lastSeenAt ?? undefined}>
                {formatAgo(s.lastSeenAt, now)}
              </td>
              <td className={`${cell} text-right`}>
                <Button
                  size="sm"
                  variant="ghost"
                  className="text-red-700 hover:bg-red-50"
                  pending={revoking === s.id}
                  onClick={() => onRevoke(s.id)}
                >
                  {s.current ? 'Sign out' : 'Revoke'}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
