'use client';

import { useId, useState } from 'react';
import type { EngineSummary } from '@/server/contracts/engines';
import { errorMessage, fieldErrors } from '../api';
import { ErrorAlert } from '../ui/alert';
import { controlProps, Field, Input, Select, Textarea } from '../ui/field';
import { FormDialog } from '../ui/form-dialog';
import { toast } from '../ui/toast';
import { createVolume } from './use-volumes';

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Create a volume: name (or let the engine name it), driver, driver options and labels as key=value lines. */
export function CreateVolumeDialog({ hostId, hosts, onClose }: { hostId: string; hosts: EngineSummary[]; onClose: () => void }) {
  const id = useId();
  const [host, setHost] = useState(hostId || hosts[0]?.id || '');
  const [name, setName] = useState('');
  const [driver, setDriver] = useState('local');
  const [opts, setOpts] = useState('');
  const [labels, setLabels] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldErrors(error);

  const submit = async () => {
    setPending(true);
    setError(null);
    try {
      const v = await createVolume(host, { name, driver, driverOpts: lines(opts), labels: lines(labels) });
      toast({ tone: 'success', title: `Volume ${v.name} created` });
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <FormDialog
      title="Create a volume"
      onClose={onClose}
      onSubmit={() => void submit()}
      submitLabel="Create"
      pending={pending}
      submitDisabled={!host}
      className="space-y-3"
    >
      {!hostId && (
        <Field id={`${id}-host`} label="Host">
          <Select {...controlProps(`${id}-host`)} value={host} onChange={(e) => setHost(e.target.value)}>
            {hosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field id={`${id}-name`} label="Name" hint="Leave empty to let the engine name it" error={fields.name}>
        <Input
          {...controlProps(`${id}-name`, fields.name, true)}
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-autofocus
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
        />
      </Field>
      <Field id={`${id}-driver`} label="Driver" error={fields.driver}>
        <Input
          {...controlProps(`${id}-driver`, fields.driver)}
          value={driver}
          onChange={(e) => setDriver(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
        />
      </Field>
      <Field id={`${id}-opts`} label="Driver options" hint="One key=value per line, e.g. type=tmpfs" error={fields.driverOpts}>
        <Textarea
          {...controlProps(`${id}-opts`, fields.driverOpts, true)}
          rows={2}
          value={opts}
          onChange={(e) => setOpts(e.target.value)}
          spellCheck={false}
          className="font-mono"
        />
      </Field>
      <Field id={`${id}-labels`} label="Labels" hint="One key=value per line" error={fields.labels}>
        <Textarea
          {...controlProps(`${id}-labels`, fields.labels, true)}
          rows={2}
          value={labels}
          onChange={(e) => setLabels(e.target.value)}
          spellCheck={false}
          className="font-mono"
        />
      </Field>
      {error != null && !Object.keys(fields).length && <ErrorAlert testId="action-error">{errorMessage(error)}</ErrorAlert>}
    </FormDialog>
  );
}
