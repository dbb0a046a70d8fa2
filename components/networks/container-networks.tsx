'use client';

import Link from 'next/link';
import { useId, useState } from 'react';
import type { ContainerDetail } from '@/server/contracts/containers';
import type { NetworkSummary } from '@/server/contracts/networks';
import { errorMessage, fieldErrors } from '../api';
import { useCurrentUser } from '../auth/use-auth';
import { useLiveQuery } from '../realtime/use-live';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { Section } from '../ui/card';
import { controlProps, Input, Select } from '../ui/field';
import { Missing } from '../ui/key-value';
import { AttachmentTable } from './attachment-table';
import { connectNetwork, disconnectNetwork, networksHref } from './use-networks';

/** The container's networks with IP, gateway, MAC and aliases; connect to another or disconnect one. */
export function ContainerNetworks({ c }: { c: ContainerDetail }) {
  const id = useId();
  const user = useCurrentUser();
  const canManage =
    !!user &&
    user.role !== 'viewer' &&
    !user.token?.readOnly &&
    (user.role === 'admin' || user.hosts === 'all' || user.hosts.includes(c.hostId));
  const networks = useLiveQuery<NetworkSummary[]>({ kind: 'networks', hostId: c.hostId }, { enabled: canManage });
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({ network: '', aliases: '', ipv4: '' });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldErrors(error);
  const mine = new Set(c.networks.map((n) => n.name));
  const choices = (networks.data ?? [])
    .filter((n) => !mine.has(n.name) && n.name !== 'none' && n.name !== 'host')
    .sort((a, b) => a.name.localeCompare(b.name));
  const netId = (name: string) => networks.data?.find((n) => n.name === name)?.id ?? name;

  const act = async (key: string, fn: () => Promise<void>) => {
    setBusy(key);
    setError(null);
    try {
      await fn();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(null);
    }
  };

  return (
    <Section
      title={`Networks (${c.networks.length})`}
      actions={
        canManage && !adding ? (
          <Button size="sm" variant="ghost" onClick={() => setAdding(true)}>
            Connect…
          </Button>
        ) : null
      }
    >
      {c.networks.length === 0 ? (
        <p className="text-zinc-500">Not attached to any network.</p>
      ) : (
        <AttachmentTable
          rows={c.networks}
          rowKey={(n) => n.name}
          rowName={(n) => n.name}
          rowClassName="align-top font-mono text-[12px]"
          testId="container-networks"
          rowTestId="container-network"
          columns={[
            {
              header: 'Network',
              className: 'font-sans font-medium',
              cell: (n) => (
                <Link href={networksHref(c.hostId)} className="hover:text-sky-700 hover:underline">
                  {n.name}
                </Link>
              ),
            },
            {
              // IP first; gateway and MAC on a small line under it, so the table fits a half-width card.
              header: 'Address',
              cell: (n) => (
                <>
                  <div>{n.ipAddress || <Missing>—</Missing>}</div>
                  {(n.gateway || n.macAddress) && (
                    <div className="text-[11px] text-zinc-500">
                      {[n.gateway && `gw ${n.gateway}`, n.macAddress].filter(Boolean).join(' · ')}
                    </div>
                  )}
                </>
              ),
            },
            {
              header: 'Aliases',
              className: 'break-all',
              cell: (n) => n.aliases.filter((a) => !c.id.startsWith(a)).join(', ') || <Missing>—</Missing>,
            },
          ]}
          busy={busy}
          onDisconnect={
            canManage ? (n, key) => void act(key, () => disconnectNetwork(c.hostId, netId(n.name), { container: c.id })) : undefined
          }
        />
      )}
      {adding && (
        <form
          className="mt-2 flex flex-wrap items-center gap-2"
          aria-label="Connect to a network"
          onSubmit={(e) => {
            e.preventDefault();
            void act('connect', () =>
              connectNetwork(c.hostId, netId(form.network), {
                container: c.id,
                aliases: form.aliases.split(/[\s,]+/).filter(Boolean),
                ipv4: form.ipv4,
              }),
            ).then((ok) => {
              if (ok) {
                setAdding(false);
                setForm({ network: '', aliases: '', ipv4: '' });
              }
            });
          }}
        >
          <Select
            {...controlProps(`${id}-n`)}
            aria-label="Network"
            value={form.network}
            onChange={(e) => setForm({ ...form, network: e.target.value })}
            className="h-7 w-48!"
          >
            <option value="">Network…</option>
            {choices.map((n) => (
              <option key={n.id} value={n.name}>
                {n.name} ({n.driver})
              </option>
            ))}
          </Select>
          <Input
            {...controlProps(`${id}-a`, fields.aliases)}
            aria-label="Aliases"
            placeholder="aliases (optional)"
            value={form.aliases}
            onChange={(e) => setForm({ ...form, aliases: e.target.value })}
            className="h-7 w-40! font-mono"
          />
          <Input
            {...controlProps(`${id}-ip`, fields.ipv4)}
            aria-label="IPv4 address"
            placeholder="IPv4 (optional)"
            value={form.ipv4}
            onChange={(e) => setForm({ ...form, ipv4: e.target.value })}
            className="h-7 w-36! font-mono"
          />
          <Button type="submit" size="sm" variant="primary" pending={busy === 'connect'} disabled={!form.network || busy !== null}>
            Connect
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setAdding(false)}>
            Cancel
          </Button>
        </form>
      )}
      {error != null && (
        <ErrorAlert className="mt-2" testId="action-error">
          {errorMessage(error)}
        </ErrorAlert>
      )}
    </Section>
  );
}
