'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { EngineSummary } from '@/server/contracts/engines';
import { NETWORK_DRIVERS, type NetworkDriver } from '@/server/contracts/networks';
import { errorMessage, fieldErrors } from '../api';
import { queryKeys } from '../query-keys';
import { ErrorAlert } from '../ui/alert';
import { Checkbox, controlProps, Field, Input, Select, Textarea } from '../ui/field';
import { FormDialog } from '../ui/form-dialog';
import { toast } from '../ui/toast';
import { createNetwork, createOptions } from './use-networks';

const DRIVER_HINT: Record<NetworkDriver, string> = {
  bridge: 'A private network on this host, NAT to the outside',
  macvlan: 'Containers get their own MAC on a host interface',
  ipvlan: 'Containers share the host interface’s MAC, own IPs',
  overlay: 'Spans the hosts of a swarm',
};

/** key=value per line, as `--label` takes them. */
function parseLabels(text: string): Array<{ key: string; value: string }> {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.indexOf('=');
      return i < 0 ? { key: l, value: '' } : { key: l.slice(0, i).trim(), value: l.slice(i + 1) };
    });
}

/** Create a network on a host: driver, addressing, IPv6, labels, internal, attachable; errors under their fields. */
export function CreateNetworkDialog({ hostId, hosts, onClose }: { hostId: string; hosts: EngineSummary[]; onClose: () => void }) {
  const id = useId();
  const [host, setHost] = useState(hostId);
  const [v, setV] = useState({
    name: '',
    driver: 'bridge' as NetworkDriver,
    parent: '',
    subnet: '',
    gateway: '',
    ipRange: '',
    ipv6: false,
    subnetV6: '',
    gatewayV6: '',
    labels: '',
    internal: false,
    attachable: false,
  });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const options = useQuery({
    queryKey: queryKeys.networks.createOptions(host),
    queryFn: ({ signal }) => createOptions(host, signal),
    enabled: !!host,
  });
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => setV((s) => ({ ...s, [k]: value }));
  const fields = fieldErrors(error);
  const f = (name: string) => `${id}-${name}`;
  const vlan = v.driver === 'macvlan' || v.driver === 'ipvlan';

  const submit = async () => {
    setPending(true);
    setError(null);
    try {
      const made = await createNetwork(host, {
        name: v.name,
        driver: v.driver,
        parent: vlan ? v.parent : undefined,
        subnet: v.subnet,
        gateway: v.gateway,
        ipRange: v.ipRange,
        ipv6: v.ipv6,
        subnetV6: v.ipv6 ? v.subnetV6 : undefined,
        gatewayV6: v.ipv6 ? v.gatewayV6 : undefined,
        labels: parseLabels(v.labels),
        internal: v.internal,
        attachable: v.attachable,
      });
      toast({ tone: 'success', title: `Network ${made.name} created` });
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <FormDialog
      title="Create network"
      onClose={onClose}
      onSubmit={() => void submit()}
      submitLabel="Create"
      pending={pending}
      submitDisabled={!host || !v.name.trim()}
      className="grid grid-cols-2 gap-3"
    >
      {hosts.length > 1 && (
        <Field id={f('host')} label="Host" className="col-span-2">
          <Select {...controlProps(f('host'))} value={host} onChange={(e) => setHost(e.target.value)}>
            {!host && <option value="">Choose a host…</option>}
            {hosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field id={f('name')} label="Name" error={fields.name} className="col-span-2">
        <Input
          {...controlProps(f('name'), fields.name)}
          data-autofocus
          value={v.name}
          onChange={(e) => set('name', e.target.value)}
          placeholder="e.g. backend"
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      <Field
        id={f('driver')}
        label="Driver"
        error={fields.driver}
        hint={
          options.data && !options.data.swarmManager ? `${DRIVER_HINT[v.driver]}. Overlay needs a swarm manager.` : DRIVER_HINT[v.driver]
        }
        className={vlan ? '' : 'col-span-2'}
      >
        <Select
          {...controlProps(f('driver'), fields.driver, true)}
          value={v.driver}
          onChange={(e) => set('driver', e.target.value as NetworkDriver)}
        >
          {NETWORK_DRIVERS.map((d) => (
            <option key={d} value={d} disabled={!!options.data && !options.data.drivers.includes(d)}>
              {d}
              {d === 'overlay' && options.data && !options.data.swarmManager ? ' (not in a swarm)' : ''}
            </option>
          ))}
        </Select>
      </Field>
      {vlan && (
        <Field id={f('parent')} label="Parent interface" error={fields.parent} hint="A host interface, e.g. eth0">
          <Input
            {...controlProps(f('parent'), fields.parent, true)}
            value={v.parent}
            onChange={(e) => set('parent', e.target.value)}
            placeholder="eth0"
            className="font-mono"
          />
        </Field>
      )}
      <Field id={f('subnet')} label="Subnet (optional)" error={fields.subnet} hint="The engine picks one if empty">
        <Input
          {...controlProps(f('subnet'), fields.subnet, true)}
          value={v.subnet}
          onChange={(e) => set('subnet', e.target.value)}
          placeholder="10.20.0.0/24"
          className="font-mono"
        />
      </Field>
      <Field id={f('gateway')} label="Gateway (optional)" error={fields.gateway}>
        <Input
          {...controlProps(f('gateway'), fields.gateway)}
          value={v.gateway}
          onChange={(e) => set('gateway', e.target.value)}
          placeholder="10.20.0.1"
          className="font-mono"
        />
      </Field>
      <Field
        id={f('ipRange')}
        label="IP range (optional)"
        error={fields.ipRange}
        hint="Containers get addresses from here"
        className="col-span-2"
      >
        <Input
          {...controlProps(f('ipRange'), fields.ipRange, true)}
          value={v.ipRange}
          onChange={(e) => set('ipRange', e.target.value)}
          placeholder="10.20.0.128/25"
          className="font-mono"
        />
      </Field>
      <div className="col-span-2 flex flex-wrap gap-x-5 gap-y-1">
        <Checkbox label="IPv6" checked={v.ipv6} onChange={(e) => set('ipv6', e.target.checked)} />
        <Checkbox label="Internal (no outside access)" checked={v.internal} onChange={(e) => set('internal', e.target.checked)} />
        <Checkbox label="Attachable" checked={v.attachable} onChange={(e) => set('attachable', e.target.checked)} />
      </div>
      {v.ipv6 && (
        <>
          <Field id={f('subnetV6')} label="IPv6 subnet" error={fields.subnetV6}>
            <Input
              {...controlProps(f('subnetV6'), fields.subnetV6)}
              value={v.subnetV6}
              onChange={(e) => set('subnetV6', e.target.value)}
              placeholder="fd00:20::/64"
              className="font-mono"
            />
          </Field>
          <Field id={f('gatewayV6')} label="IPv6 gateway (optional)" error={fields.gatewayV6}>
            <Input
              {...controlProps(f('gatewayV6'), fields.gatewayV6)}
              value={v.gatewayV6}
              onChange={(e) => set('gatewayV6', e.target.value)}
              placeholder="fd00:20::1"
              className="font-mono"
            />
          </Field>
        </>
      )}
      <Field
        id={f('labels')}
        label="Labels (optional)"
        error={Object.entries(fields).find(([k]) => k.startsWith('labels'))?.[1]}
        hint="key=value, one per line"
        className="col-span-2"
      >
        <Textarea
          {...controlProps(f('labels'), null, true)}
          value={v.labels}
          onChange={(e) => set('labels', e.target.value)}
          rows={2}
          className="min-h-12"
        />
      </Field>
      {error != null && !Object.keys(fields).some((k) => k !== '_') && (
        <ErrorAlert className="col-span-2" testId="action-error">
          {errorMessage(error)}
        </ErrorAlert>
      )}
    </FormDialog>
  );
}
