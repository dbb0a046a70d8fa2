'use client';

import Link from 'next/link';
import { useId, useState } from 'react';
import type { ContainerSummary } from '@/server/contracts/containers';
import type { NetworkSummary } from '@/server/contracts/networks';
import { errorMessage, fieldErrors } from '../api';
import { containerHref } from '../containers/container-model';
import { StateBadge } from '../containers/state-badge';
import { formatDateTime } from '../format';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { controlProps, Field, Input, Select } from '../ui/field';
import { KeyValue, KeyValueList, Missing } from '../ui/key-value';
import { toast } from '../ui/toast';
import { AttachmentTable } from './attachment-table';
import { connectNetwork, disconnectNetwork, removeNetwork } from './use-networks';

export function NetworkFlags({ n }: { n: NetworkSummary }) {
  return (
    <>
      {n.predefined && <Badge>predefined</Badge>}
      {n.internal && <Badge tone="amber">internal</Badge>}
      {n.attachable && <Badge tone="sky">attachable</Badge>}
      {n.ipv6 && <Badge tone="sky">IPv6</Badge>}
      {n.ingress && <Badge>ingress</Badge>}
    </>
  );
}

/** One network: its settings, the containers attached (disconnect each), connect another, remove. */
export function NetworkDetail({
  n,
  hostName,
  containers,
  canManage,
  onClose,
}: {
  n: NetworkSummary;
  hostName: string;
  containers: ContainerSummary[];
  canManage: boolean;
  onClose: () => void;
}) {
  const id = useId();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState({ container: '', aliases: '', ipv4: '' });
  const fields = fieldErrors(error);
  const attached = new Set(n.containers.map((e) => e.containerId));
  const candidates = containers.filter((c) => c.hostId === n.hostId && !attached.has(c.id)).sort((a, b) => a.name.localeCompare(b.name));
  const byId = new Map(containers.map((c) => [c.id, c]));
  const noConnect = n.name === 'host' || n.name === 'none';

  const act = async (key: string, fn: () => Promise<void>, done?: string) => {
    setBusy(key);
    setError(null);
    try {
      await fn();
      if (done) toast({ tone: 'success', title: done });
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(null);
    }
  };

  const connect = async () => {
    const ok = await act(
      'connect',
      () =>
        connectNetwork(n.hostId, n.id, {
          container: form.container,
          aliases: form.aliases
            .split(/[\s,]+/)
            .map((a) => a.trim())
            .filter(Boolean),
          ipv4: form.ipv4,
        }),
      `Connected to ${n.name}`,
    );
    if (ok) setForm({ container: '', aliases: '', ipv4: '' });
  };

  return (
    <Dialog
      title={
        <span className="flex items-center gap-2">
          {n.name} <NetworkFlags n={n} />
        </span>
      }
      description={`${n.driver} network on ${hostName}`}
      onClose={onClose}
      className="max-w-3xl"
      dismissOnBackdrop
      footer={
        <>
          {canManage && (
            <Button
              variant="danger"
              disabled={n.predefined || busy !== null}
              pending={busy === 'remove'}
              title={n.predefined ? 'The engine’s own networks cannot be removed' : undefined}
              onClick={() =>
                void act('remove', () => removeNetwork(n.hostId, n.id), `Network ${n.name} removed`).then((ok) => ok && onClose())
              }
            >
              Remove network
            </Button>
          )}
          <Button variant="ghost" onClick={onClose}>
            Close
          </Button>
        </>
      }
    >
      <div className="space-y-3" data-testid="network-detail">
        <KeyValueList>
          <KeyValue label="ID">
            <span className="font-mono text-xs">{n.id.slice(0, 12)}</span>
          </KeyValue>
          <KeyValue label="Driver / scope">
            {n.driver} · {n.scope}
          </KeyValue>
          <KeyValue label="Subnets">
            {n.ipam.length ? (
              n.ipam.map((p) => (
                <div key={p.subnet} className="font-mono text-xs">
                  {p.subnet}
                  {p.gateway && ` gw ${p.gateway}`}
                  {p.ipRange && ` range ${p.ipRange}`}
                </div>
              ))
            ) : (
              <Missing />
            )}
          </KeyValue>
          {n.options.parent && <KeyValue label="Parent">{n.options.parent}</KeyValue>}
          <KeyValue label="Created">{formatDateTime(n.created)}</KeyValue>
          <KeyValue label="Labels">
            {Object.keys(n.labels).length ? (
              <span className="font-mono text-xs">
                {Object.entries(n.labels)
                  .map(([k, v]) => `${k}=${v}`)
                  .join('  ')}
              </span>
            ) : (
              <Missing />
            )}
          </KeyValue>
        </KeyValueList>

        <div>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">Containers ({n.containers.length})</h3>
          {n.containers.length === 0 ? (
            <p className="text-zinc-500">No running container is attached.</p>
          ) : (
            <AttachmentTable
              rows={n.containers}
              rowKey={(e) => e.containerId}
              rowName={(e) => e.name}
              testId="network-containers"
              rowTestId="network-container"
              columns={[
                {
                  header: 'Container',
                  cell: (e) => {
                    const c = byId.get(e.containerId);
                    return (
                      <>
                        <Link href={containerHref(n.hostId, e.containerId)} className="font-medium text-sky-700 hover:underline">
                          {e.name}
                        </Link>{' '}
                        {c && <StateBadge state={c.state} />}
                      </>
                    );
                  },
                },
                { header: 'IPv4', className: 'font-mono', testId: 'endpoint-ipv4', cell: (e) => e.ipv4 ?? <Missing>—</Missing> },
                { header: 'IPv6', className: 'font-mono', cell: (e) => e.ipv6 ?? <Missing>—</Missing> },
                {
                  header: 'Aliases',
                  className: 'font-mono',
                  cell: (e) => (e.aliases.length ? e.aliases.join(', ') : <Missing>—</Missing>),
                },
              ]}
              busy={busy}
              onDisconnect={
                canManage
                  ? (e, key) =>
                      void act(key, () => disconnectNetwork(n.hostId, n.id, { container: e.containerId }), `${e.name} disconnected`)
                  : undefined
              }
            />
          )}
        </div>

        {canManage && !noConnect && (
          <form
            className="grid grid-cols-[1.4fr_1fr_1fr_auto] items-end gap-2 rounded-md border border-zinc-200 bg-zinc-50 p-2"
            onSubmit={(e) => {
              e.preventDefault();
              void connect();
            }}
            aria-label="Connect a container to this network"
          >
            <Field id={`${id}-c`} label="Connect a container" error={fields.container}>
              <Select
                {...controlProps(`${id}-c`, fields.container)}
                value={form.container}
                onChange={(e) => setForm({ ...form, container: e.target.value })}
              >
                <option value="">Choose…</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} ({c.state})
                  </option>
                ))}
              </Select>
            </Field>
            <Field id={`${id}-a`} label="Aliases (optional)" error={fields.aliases ?? fields['aliases.0']}>
              <Input
                {...controlProps(`${id}-a`, fields.aliases)}
                value={form.aliases}
                onChange={(e) => setForm({ ...form, aliases: e.target.value })}
                placeholder="api, db"
                className="font-mono"
              />
            </Field>
            <Field id={`${id}-ip`} label="IPv4 (optional)" error={fields.ipv4}>
              <Input
                {...controlProps(`${id}-ip`, fields.ipv4)}
                value={form.ipv4}
                onChange={(e) => setForm({ ...form, ipv4: e.target.value })}
                placeholder={n.ipam.find((p) => !p.subnet.includes(':'))?.subnet ?? '10.20.0.50'}
                className="font-mono"
              />
            </Field>
            <Button type="submit" variant="primary" pending={busy === 'connect'} disabled={!form.container || busy !== null}>
              Connect
            </Button>
          </form>
        )}
        {error != null && <ErrorAlert testId="action-error">{errorMessage(error)}</ErrorAlert>}
      </div>
    </Dialog>
  );
}
