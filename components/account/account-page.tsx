'use client';

import { useState, type ReactNode } from 'react';
import type { ApiTokenSummary, CreatedApiToken } from '@/server/contracts/users';
import { errorMessage, fieldErrors } from '../api';
import { useCurrentUser } from '../auth/use-auth';
import { formatAgo, formatDateTime } from '../format';
import { useEngines } from '../hosts/use-engines';
import { PageBody, PageHeader } from '../layout/page-header';
import { SessionTable } from '../users/user-dialogs';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Checkbox, controlProps, Field, Input, Select } from '../ui/field';
import { FormDialog } from '../ui/form-dialog';
import { Spinner } from '../ui/spinner';
import { useNow } from '../use-now';
import { ChangePasswordForm } from './change-password-form';
import { SecretOnce } from './secret-once';
import { useApiTokens, useCreateToken, useOwnSessions, useRevokeOwnSession, useRevokeToken } from './use-account';

function Section({
  id,
  title,
  subtitle,
  actions,
  children,
}: {
  id: string;
  title: string;
  subtitle: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-zinc-200 bg-white shadow-xs">
      <header className="flex items-center justify-between gap-3 border-b border-zinc-200 px-4 py-2.5">
        <div>
          <h2 id={id} className="text-sm font-semibold text-zinc-900">
            {title}
          </h2>
          <p className="text-xs text-zinc-500">{subtitle}</p>
        </div>
        {actions}
      </header>
      <div className="px-4 py-3">{children}</div>
    </section>
  );
}

const EXPIRY: Array<{ value: string; label: string }> = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
];

function CreateTokenDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (t: CreatedApiToken) => void }) {
  const create = useCreateToken();
  const engines = useEngines();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('30');
  const [readOnly, setReadOnly] = useState(true);
  const [subset, setSubset] = useState<string[] | null>(null);
  const fields = fieldErrors(create.error);
  const submit = () =>
    create.mutate({ name, expiresInDays: expiry === 'never' ? null : Number(expiry), readOnly, hosts: subset }, { onSuccess: onCreated });
  return (
    <FormDialog
      title="New API token"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Create token"
      pending={create.isPending}
      className="space-y-3"
    >
      {create.error && <ErrorAlert testId="form-error">{errorMessage(create.error)}</ErrorAlert>}
      <Field id="token-name" label="Name" hint="What uses it, e.g. “backup script”." error={fields.name}>
        <Input
          {...controlProps('token-name', fields.name, true)}
          data-autofocus=""
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <Field id="token-expiry" label="Expires after" error={fields.expiresInDays}>
        <Select {...controlProps('token-expiry', fields.expiresInDays)} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
          {EXPIRY.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </Field>
      <Checkbox label="Read-only (lists, inspect, logs; no changes)" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} />
      <fieldset className="space-y-1.5">
        <legend className="mb-1 text-xs font-medium text-zinc-700">Hosts</legend>
        <div className="flex gap-4">
          <label className="inline-flex items-center gap-1.5">
            <input type="radio" name="token-hosts" checked={subset === null} onChange={() => setSubset(null)} className="accent-sky-700" />{' '}
            All my hosts
          </label>
          <label className="inline-flex items-center gap-1.5">
            <input type="radio" name="token-hosts" checked={subset !== null} onChange={() => setSubset([])} className="accent-sky-700" />{' '}
            Only these:
          </label>
        </div>
        {subset !== null && (
          <div className="max-h-40 space-y-1 overflow-y-auto rounded-md border border-zinc-200 px-2.5 py-2">
            {(engines.data ?? []).map((e) => (
              <Checkbox
                key={e.id}
                className="flex"
                label={e.name}
                checked={subset.includes(e.id)}
                onChange={(ev) => setSubset(ev.target.checked ? [...subset, e.id] : subset.filter((h) => h !== e.id))}
              />
            ))}
          </div>
        )}
        {fields.hosts && <p className="text-xs text-red-700">{fields.hosts}</p>}
      </fieldset>
    </FormDialog>
  );
}

function TokenCreatedDialog({ created, onClose }: { created: CreatedApiToken; onClose: () => void }) {
  return (
    <Dialog
      title={`Token “${created.token.name}” created`}
      onClose={onClose}
      className="max-w-xl"
      footer={
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      }
    >
      <div className="space-y-3">
        <SecretOnce label="Your API token" value={created.secret} testId="token-secret" />
        <p className="text-zinc-600">Send it in the Authorization header (never in a URL):</p>
        <pre className="overflow-x-auto rounded-md bg-zinc-900 px-3 py-2 font-mono text-[11px] text-zinc-100">
          {`curl -H "Authorization: Bearer ${created.token.prefix}…" ${typeof window === 'undefined' ? '' : window.location.origin}/api/containers`}
        </pre>
      </div>
    </Dialog>
  );
}

function TokenRow({
  t,
  now,
  hostNames,
  onRevoke,
  revoking,
}: {
  t: ApiTokenSummary;
  now: number;
  hostNames: Map<string, string>;
  onRevoke: () => void;
  revoking: boolean;
}) {
  const cell = 'border-b border-zinc-100 px-3 py-1.5';
  return (
    <tr data-testid="token-row" data-name={t.name}>
      <td className={`${cell} font-medium`}>{t.name}</td>
      <td className={`${cell} font-mono text-[12px] text-zinc-600`}>{t.prefix}…</td>
      <td className={cell}>{t.readOnly ? <Badge tone="zinc">read-only</Badge> : <Badge tone="amber">read-write</Badge>}</td>
      <td className={`${cell} max-w-48 truncate`}>
        {t.hosts === null ? 'All my hosts' : t.hosts.map((h) => hostNames.get(h) ?? h).join(', ')}
      </td>
      <td className={`${cell} whitespace-nowrap`} title={t.expiresAt ?? undefined}>
        {t.expired ? (
          <Badge tone="red">expired</Badge>
        ) : t.expiresAt ? (
          formatDateTime(t.expiresAt)
        ) : (
          <span className="text-zinc-400">never</span>
        )}
      </td>
      <td className={`${cell} whitespace-nowrap`} title={t.lastUsedAt ?? undefined}>
        {t.lastUsedAt ? formatAgo(t.lastUsedAt, now) : <span className="text-zinc-400">never</span>}
      </td>
      <td className={`${cell} text-right`}>
        <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50" pending={revoking} onClick={onRevoke}>
          Revoke
        </Button>
      </td>
    </tr>
  );
}

export function AccountPage() {
  const me = useCurrentUser();
  const sessions = useOwnSessions();
  const revokeSession = useRevokeOwnSession();
  const tokens = useApiTokens();
  const revokeToken = useRevokeToken();
  const engines = useEngines();
  const now = useNow(30_000);
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'created'; created: CreatedApiToken } | null>(null);
  const hostNames = new Map((engines.data ?? []).map((e) => [e.id, e.name]));
  const th = 'border-b border-zinc-100 px-3 py-1.5 font-medium';

  return (
    <PageBody>
      <PageHeader
        title="Account"
        subtitle={
          me ? (
            <>
              Signed in as <span className="font-medium text-zinc-700">{me.username}</span> · {me.role}
            </>
          ) : null
        }
      />
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-[22rem_1fr]">
        <Section id="account-password" title="Password" subtitle="Changing it signs out your other sessions.">
          <ChangePasswordForm />
        </Section>
        <div className="min-w-0 space-y-4">
          <Section id="account-sessions" title="Sessions" subtitle="Browsers signed in as you. Revoke one you do not recognise.">
            {revokeSession.error && <ErrorAlert className="mb-2">{errorMessage(revokeSession.error)}</ErrorAlert>}
            {sessions.error ? (
              <ErrorAlert>{errorMessage(sessions.error)}</ErrorAlert>
            ) : sessions.isPending ? (
              <Spinner />
            ) : (
              <SessionTable
                sessions={sessions.data}
                now={now}
                revoking={revokeSession.isPending ? revokeSession.variables : undefined}
                onRevoke={(id) => revokeSession.mutate(id)}
              />
            )}
          </Section>
          <Section
            id="account-tokens"
            title="API tokens"
            subtitle="For scripts and curl: Authorization: Bearer <token>. Scoped to your role and hosts, or narrower."
            actions={
              <Button size="sm" variant="primary" onClick={() => setDialog({ kind: 'create' })}>
                New token
              </Button>
            }
          >
            {revokeToken.error && <ErrorAlert className="mb-2">{errorMessage(revokeToken.error)}</ErrorAlert>}
            {tokens.error ? (
              <ErrorAlert>{errorMessage(tokens.error)}</ErrorAlert>
            ) : tokens.isPending ? (
              <Spinner />
            ) : tokens.data.length === 0 ? (
              <p className="text-zinc-500">No API token yet.</p>
            ) : (
              <div className="relative overflow-x-auto">
                <table className="w-full min-w-[640px] text-xs" data-testid="token-table">
                  <thead className="bg-zinc-50 text-left text-[11px] uppercase tracking-wide text-zinc-500">
                    <tr>
                      <th className={th}>Name</th>
                      <th className={th}>Token</th>
                      <th className={th}>Access</th>
                      <th className={th}>Hosts</th>
                      <th className={th}>Expires</th>
                      <th className={th}>Last used</th>
                      <th className={th} />
                    </tr>
                  </thead>
                  <tbody>
                    {tokens.data.map((t) => (
                      <TokenRow
                        key={t.id}
                        t={t}
                        now={now}
                        hostNames={hostNames}
                        revoking={revokeToken.isPending && revokeToken.variables === t.id}
                        onRevoke={() => revokeToken.mutate(t.id)}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Section>
        </div>
      </div>
      {dialog?.kind === 'create' && (
        <CreateTokenDialog onClose={() => setDialog(null)} onCreated={(created) => setDialog({ kind: 'created', created })} />
      )}
      {dialog?.kind === 'created' && <TokenCreatedDialog created={dialog.created} onClose={() => setDialog(null)} />}
    </PageBody>
  );
}
