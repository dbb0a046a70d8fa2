'use client';

import { useState } from 'react';
import { SIGNALS } from '@/server/contracts/container-signals';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormDialog } from '../ui/form-dialog';
import { Checkbox, controlProps, Field, Input, Select } from '../ui/field';
import type { ActionTarget } from './use-containers';

// The dialogs that ask what an action needs (timeout, signal, new name, force) before it runs.

const who = (targets: ActionTarget[]) => (targets.length === 1 ? targets[0]!.name : `${targets.length} containers`);
/** The confirming button: "Stop" for one container, "Stop 3 containers" for many. */
const confirmLabel = (label: string, targets: ActionTarget[], one = label) =>
  targets.length === 1 ? one : `${label} ${targets.length} containers`;

export function TimeoutDialog({
  action,
  label,
  targets,
  onClose,
  onConfirm,
  pending,
}: {
  action: 'stop' | 'restart';
  label: string;
  targets: ActionTarget[];
  onClose: () => void;
  onConfirm: (timeout: number) => void;
  pending: boolean;
}) {
  const [timeout, setTimeoutValue] = useState('10');
  const n = Number(timeout);
  const invalid = timeout.trim() === '' || !Number.isInteger(n) || n < 0 || n > 3600 ? 'Whole seconds between 0 and 3600' : null;
  return (
    <FormDialog
      title={`${label} ${who(targets)}?`}
      description={`Docker sends SIGTERM, waits, then sends SIGKILL${action === 'restart' ? ' and starts it again' : ''}.`}
      onClose={onClose}
      submitLabel={confirmLabel(label, targets)}
      pending={pending}
      submitDisabled={!!invalid}
      onSubmit={() => {
        if (!invalid) onConfirm(n);
      }}
    >
      <Field id="action-timeout" label="Timeout (seconds)" error={invalid} hint="How long to wait for a clean exit before SIGKILL.">
        <Input
          {...controlProps('action-timeout', invalid, true)}
          data-autofocus
          type="number"
          min={0}
          max={3600}
          value={timeout}
          onChange={(e) => setTimeoutValue(e.target.value)}
          className="w-32"
        />
      </Field>
    </FormDialog>
  );
}

export function KillDialog({
  targets,
  onClose,
  onConfirm,
  pending,
}: {
  targets: ActionTarget[];
  onClose: () => void;
  onConfirm: (signal: string) => void;
  pending: boolean;
}) {
  const [signal, setSignal] = useState<string>('SIGKILL');
  return (
    <Dialog
      title={`Kill ${who(targets)}?`}
      description="Sends a signal to the main process. SIGKILL cannot be caught; others may be handled by the program."
      onClose={onClose}
      footer={
        <>
          <Button variant="danger" pending={pending} onClick={() => onConfirm(signal)}>
            {confirmLabel('Kill', targets)}
          </Button>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </>
      }
    >
      <Field id="kill-signal" label="Signal">
        <Select id="kill-signal" data-autofocus value={signal} onChange={(e) => setSignal(e.target.value)} className="w-48">
          {SIGNALS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
      </Field>
    </Dialog>
  );
}

export function RenameDialog({
  targets,
  onClose,
  onConfirm,
  pending,
  error,
}: {
  targets: ActionTarget[];
  onClose: () => void;
  onConfirm: (name: string) => void;
  pending: boolean;
  error: { message: string; fields: Record<string, string> } | null;
}) {
  const current = targets[0]?.name ?? '';
  const [name, setName] = useState(current);
  const fieldError = error?.fields.name ?? null;
  return (
    <FormDialog
      title={`Rename ${current}`}
      onClose={onClose}
      submitLabel="Rename"
      pending={pending}
      submitDisabled={!name.trim() || name.trim() === current}
      className="space-y-2"
      onSubmit={() => {
        if (name.trim() && name.trim() !== current) onConfirm(name.trim());
      }}
    >
      <Field id="rename-name" label="New name" error={fieldError}>
        <Input
          {...controlProps('rename-name', fieldError)}
          data-autofocus
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      {error && !fieldError && (
        <p role="alert" data-testid="action-error" className="rounded-md border border-red-200 bg-red-50 px-2 py-1 text-red-800">
          {error.message}
        </p>
      )}
    </FormDialog>
  );
}

export function RemoveDialog({
  targets,
  onClose,
  onConfirm,
  pending,
}: {
  targets: ActionTarget[];
  onClose: () => void;
  onConfirm: (force: boolean, volumes: boolean) => void;
  pending: boolean;
}) {
  const [force, setForce] = useState(false);
  const [volumes, setVolumes] = useState(false);
  return (
    <Dialog
      title={`Remove ${who(targets)}?`}
      description="The container and its writable layer are deleted. Named volumes are kept."
      onClose={onClose}
      footer={
        <>
          <Button variant="danger" pending={pending} onClick={() => onConfirm(force, volumes)}>
            {confirmLabel('Remove', targets, 'Remove container')}
          </Button>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </>
      }
    >
      {targets.length > 1 && (
        <p className="mb-2 max-h-24 overflow-auto font-mono text-[12px] text-zinc-600">{targets.map((t) => t.name).join(', ')}</p>
      )}
      <div className="flex flex-col gap-1.5">
        <Checkbox label="Force (remove even if running)" checked={force} onChange={(e) => setForce(e.target.checked)} />
        <Checkbox label="Remove anonymous volumes" checked={volumes} onChange={(e) => setVolumes(e.target.checked)} />
      </div>
    </Dialog>
  );
}
