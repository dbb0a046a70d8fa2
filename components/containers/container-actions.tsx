'use client';

import dynamic from 'next/dynamic';
import { useState, type ReactNode } from 'react';
import type { ContainerActionInput } from '@/server/contracts/container-actions';
import type { ActionResult, ContainerAction, ContainerState } from '@/server/contracts/containers';
import { errorMessage, fieldErrors } from '../api';
import { toast } from '../ui/toast';
import { useBulkAction, useContainerAction, type ActionTarget } from './use-containers';

// The dialogs that ask before an action load on the first such action, not with the page.
const TimeoutDialog = dynamic(() => import('./action-dialogs').then((m) => m.TimeoutDialog), { ssr: false });
const KillDialog = dynamic(() => import('./action-dialogs').then((m) => m.KillDialog), { ssr: false });
const RenameDialog = dynamic(() => import('./action-dialogs').then((m) => m.RenameDialog), { ssr: false });
const RemoveDialog = dynamic(() => import('./action-dialogs').then((m) => m.RemoveDialog), { ssr: false });

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

/** "1 container", "3 containers". */
export const plural = (n: number, noun = 'container') => `${n} ${noun}${n === 1 ? '' : 's'}`;

export const DONE: Record<ContainerAction, string> = {
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

/** The action a phone-width header keeps in view for a state; the others go under More. */
export function mainAction(state: ContainerState): ContainerAction | null {
  if (state === 'running' || state === 'restarting') return 'stop';
  if (state === 'paused') return 'unpause';
  if (state === 'created' || state === 'exited' || state === 'dead') return 'start';
  return null;
}

type Asking = { action: 'stop' | 'restart' | 'kill' | 'rename' | 'remove'; targets: ActionTarget[] };

/**
 * Runs container actions for one or many targets: asks what needs asking (timeout, signal,
 * new name, force) in a small dialog, calls the API, and reports the engine's refusals.
 * Render `dialog` somewhere on the page.
 */
export function useActionRunner({
  onBulkResult,
  onDone,
}: {
  onBulkResult?: (results: ActionResult[], action: ContainerAction, targets: ActionTarget[]) => void;
  onDone?: (action: ContainerAction) => void;
} = {}) {
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
          if (r?.unchanged) toast({ tone: 'info', title: `${t.name}: ${r.message ?? 'nothing to do'}` });
          else if (input.action === 'rename' || input.action === 'remove')
            toast({ tone: 'success', title: `${DONE[input.action]} ${t.name}` });
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
        const changed = results.filter((r) => r.ok && !r.unchanged).length;
        if (!failed.length && changed === results.length) toast({ tone: 'success', title: `${DONE[input.action]} ${plural(changed)}` });
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
      dialog = (
        <TimeoutDialog
          {...common}
          action={asking.action}
          label={ACTION_LABELS[asking.action]}
          onConfirm={(timeout) => void confirm({ action: asking.action as 'stop', timeout })}
        />
      );
    else if (asking.action === 'kill') dialog = <KillDialog {...common} onConfirm={(signal) => void confirm({ action: 'kill', signal })} />;
    else if (asking.action === 'rename')
      dialog = <RenameDialog {...common} error={dialogError} onConfirm={(name) => void confirm({ action: 'rename', name })} />;
    else dialog = <RemoveDialog {...common} onConfirm={(force, volumes) => void confirm({ action: 'remove', force, volumes })} />;
  }

  return { run, dialog, running };
}
