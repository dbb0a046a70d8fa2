'use client';

import { useState, type ReactNode } from 'react';
import type { ContainerActionInput } from '@/server/contracts/container-actions';
import { SIGNALS } from '@/server/contracts/container-signals';
import type { ActionResult, ContainerAction, ContainerState } from '@/server/contracts/containers';
import { errorMessage, fieldErrors } from '../api';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Checkbox, controlProps, Field, Input, Select } from '../ui/field';
import { toast } from '../ui/toast';
import { useBulkAction, useContainerAction, type ActionTarget } from './use-containers';

export const ACTION_LABELS: Record<ContainerAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  kill: 'Kill',
  pause: 'Pause',
  unpause: 'Unpause',
  rename: 'Rename',
  remove: 'Remove',
};

const DONE: Record<ContainerAction, string> = {
  start: 'Started',
  stop: 'Stopped',
  restart: 'Restarted',
  kill: 'Killed',
  pause: 'Paused',
  unpause: 'Resumed',
  rename: 'Renamed',
  remove: 'Removed',
};

/** Whether an action usually applies in a state (others stay clickable: the engine has the last word). */
export function actionApplies(action: ContainerAction, state: ContainerState): boolean {
  switch (action) {
    case 'start':
      return state === 'created' || state === 'exited' || state === 'dead';
    case 'stop':
    case 'kill':
      return state === 'running' || state === 'restarting' || state === 'paused';
    case 'restart':
      return state !== 'removing';
    case 'pause':
      return state === 'running';
    case 'unpause':
      return state === 'paused';
    default:
      return true;
  }
}

type Asking = { action: 'stop' | 'restart' | 'kill' | 'rename' | 'remove'; targets: ActionTarget[] };

const who = (targets: ActionTarget[]) => (targets.length === 1 ? targets[0]!.name : `${targets.length} containers`);

/**
 * Runs container actions for one or many targets: asks what needs asking (timeout, signal,
 * new name, force) in a small dialog, calls the API, and reports the engine's refusals.
 * Render `dialog` somewhere on the page.
 */
export function useActionRunner({ onBulkResult, onDone }: { onBulkResult?: (results: ActionResult[], action: ContainerAction, targets: ActionTarget[]) => void; onDone?: (action: ContainerAction) => void } = {}) {
  const single = useContainerAction();
  const bulk = useBulkAction();
  const [asking, setAsking] = useState<Asking | null>(null);
  const [dialogError, setDialogError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [running, setRunning] = useState<ContainerAction | null>(null);

  const execute = async (targets: ActionTarget[], input: ContainerActionInput): Promise<boolean> => {
    const label = ACTION_LABELS[input.action];
    setRunning(input.action);
    try {
      if (targets.length === 1) {
        const t = targets[0]!;
        try {
          const r = await single.mutateAsync({ target: t, action: input });
          if (r && r.ok === false) {
            toast({ tone: 'error', title: `${label} failed: ${t.name}`, message: r.message ?? 'The engine refused.' });
            return false;
          }
          if (input.action === 'rename' || input.action === 'remove') toast({ tone: 'success', title: `${DONE[input.action]} ${t.name}` });
          onDone?.(input.action);
          return true;
        } catch (err) {
          if (input.action === 'rename' && asking) {
            setDialogError({ message: errorMessage(err), fields: fieldErrors(err) });
            return false;
          }
          toast({ tone: 'error', title: `${label} failed: ${t.name}`, message: errorMessage(err) });
          return false;
        }
      }
      try {
        const results = await bulk.mutateAsync({ targets, action: input });
        const failed = results.filter((r) => !r.ok);
        onBulkResult?.(results, input.action, targets);
        if (!failed.length) toast({ tone: 'success', title: `${DONE[input.action]} ${results.length} containers` });
        onDone?.(input.action);
        return true;
      } catch (err) {
        toast({ tone: 'error', title: `${label} failed`, message: errorMessage(err) });
        return false;
      }
    } finally {
      setRunning(null);
    }
  };

  const run = (targets: ActionTarget[], action: ContainerAction) => {
    if (!targets.length) return;
    setDialogError(null);
    if (action === 'stop' || action === 'restart' || action === 'kill' || action === 'rename' || action === 'remove') {
      if (action === 'rename' && targets.length !== 1) return;
      setAsking({ action, targets });
      return;
    }
    void execute(targets, { action } as ContainerActionInput);
  };

  const confirm = async (input: ContainerActionInput) => {
    if (!asking) return;
    const ok = await execute(asking.targets, input);
    if (ok || input.action !== 'rename') setAsking(null);
  };

  let dialog: ReactNode = null;
  if (asking) {
    const close = () => setAsking(null);
    const pending = running !== null;
    const common = { targets: asking.targets, onClose: close, pending };
    if (asking.action === 'stop' || asking.action === 'restart')
      dialog = <TimeoutDialog {...common} action={asking.action} onConfirm={(timeout) => void confirm({ action: asking.action as 'stop', timeout })} />;
    else if (asking.action === 'kill') dialog = <KillDialog {...common} onConfirm={(signal) => void confirm({ action: 'kill', signal })} />;
    else if (asking.action === 'rename')
      dialog = <RenameDialog {...common} error={dialogError} onConfirm={(name) => void confirm({ action: 'rename', name })} />;
    else dialog = <RemoveDialog {...common} onConfirm={(force, volumes) => void confirm({ action: 'remove', force, volumes })} />;
  }

  return { run, dialog, running };
}

function TimeoutDialog({
  action,
  targets,
  onClose,
  onConfirm,
  pending,
}: {
  action: 'stop' | 'restart';
  targets: ActionTarget[];
  onClose: () => void;
  onConfirm: (timeout: number) => void;
  pending: boolean;
}) {
  const [timeout, setTimeoutValue] = useState('10');
  const n = Number(timeout);
  const invalid = timeout.trim() === '' || !Number.isInteger(n) || n < 0 || n > 3600 ? 'Whole seconds between 0 and 3600' : null;
  const label = ACTION_LABELS[action];
  return (
    <Dialog
      title={`${label} ${who(targets)}?`}
      description={`Docker sends SIGTERM, waits, then sends SIGKILL${action === 'restart' ? ' and starts it again' : ''}.`}
      onClose={onClose}
      footer={
        <>
          <Button variant="primary" pending={pending} disabled={!!invalid} form="timeout-form" type="submit">
            {label}
          </Button>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </>
      }
    >
      <form
        id="timeout-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!invalid) onConfirm(n);
        }}
      >
        <Field id="action-timeout" label="Timeout (seconds)" error={invalid} hint="How long to wait for a clean exit before SIGKILL.">
          <Input {...controlProps('action-timeout', invalid, true)} data-autofocus type="number" min={0} max={3600} value={timeout} onChange={(e) => setTimeoutValue(e.target.value)} className="w-32" />
        </Field>
      </form>
    </Dialog>
  );
}

function KillDialog({ targets, onClose, onConfirm, pending }: { targets: ActionTarget[]; onClose: () => void; onConfirm: (signal: string) => void; pending: boolean }) {
  const [signal, setSignal] = useState<string>('SIGKILL');
  return (
    <Dialog
      title={`Kill ${who(targets)}?`}
      description="Sends a signal to the main process. SIGKILL cannot be caught; others may be handled by the program."
      onClose={onClose}
      footer={
        <>
          <Button variant="danger" pending={pending} onClick={() => onConfirm(signal)}>
            Kill
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

function RenameDialog({
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
    <Dialog
      title={`Rename ${current}`}
      onClose={onClose}
      footer={
        <>
          <Button variant="primary" type="submit" form="rename-form" pending={pending} disabled={!name.trim() || name.trim() === current}>
            Rename
          </Button>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </>
      }
    >
      <form
        id="rename-form"
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && name.trim() !== current) onConfirm(name.trim());
        }}
      >
        <Field id="rename-name" label="New name" error={fieldError}>
          <Input {...controlProps('rename-name', fieldError)} data-autofocus value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} />
        </Field>
        {error && !fieldError && (
          <p role="alert" data-testid="action-error" className="rounded-md border border-red-200 bg-red-50 px-2 py-1 text-red-800">
            {error.message}
          </p>
        )}
      </form>
    </Dialog>
  );
}

function RemoveDialog({
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
            Remove container
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
