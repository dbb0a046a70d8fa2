'use client';

import Link from 'next/link';
import { RECREATE_STEPS, type PullProgress, type RecreateStep } from '@/server/contracts/container-create';
import { cn } from '../../ui/cn';
import { ErrorAlert } from '../../ui/alert';
import { Button, buttonClass } from '../../ui/button';
import { Spinner } from '../../ui/spinner';
import { containerHref } from '../container-model';
import { PullProgressView } from './pull-progress';
import type { FormMode, RecreateSteps } from './use-container-submit';

const STEP_LABEL: Record<RecreateStep, string> = {
  pull: 'Pull',
  stop: 'Stop old',
  rename: 'Set old aside',
  create: 'Create new',
  start: 'Start new',
  remove: 'Remove old',
};

/** The recreate's steps in a row: done, running, skipped or failed, as the server reports them. */
function RecreateStepsView({ steps }: { steps: RecreateSteps }) {
  return (
    <ol className="flex flex-wrap items-center gap-1 text-xs" aria-label="Recreate steps" data-testid="recreate-steps">
      {RECREATE_STEPS.map((s) => {
        const state = steps[s];
        return (
          <li
            key={s}
            data-step={s}
            data-state={state ?? 'waiting'}
            className={cn(
              'inline-flex items-center gap-1 rounded-full border px-2 py-0.5',
              state === 'done' && 'border-emerald-200 bg-emerald-50 text-emerald-800',
              state === 'active' && 'border-sky-300 bg-sky-50 text-sky-800',
              state === 'failed' && 'border-red-200 bg-red-50 text-red-800',
              (state === 'skipped' || !state) && 'border-zinc-200 text-zinc-500',
            )}
          >
            {state === 'active' ? (
              <Spinner />
            ) : (
              <span aria-hidden>{state === 'done' ? '✓' : state === 'failed' ? '✕' : state === 'skipped' ? '–' : '·'}</span>
            )}
            {STEP_LABEL[s]}
            {state === 'skipped' && <span className="sr-only">(skipped)</span>}
          </li>
        );
      })}
    </ol>
  );
}

/** The bar stuck to the bottom of the form: pull progress, the submit error, the buttons. */
export function SubmitBar({
  mode,
  busy,
  progress,
  submitError,
  canSubmit,
  conflictCount,
  onCreate,
  steps,
  stopTimeout,
  onStopTimeout,
}: {
  mode: FormMode;
  busy: null | 'create' | 'start';
  progress: PullProgress | null;
  submitError: string | null;
  /** A host is chosen. */
  canSubmit: boolean;
  conflictCount: number;
  /** Edit & recreate: how far each step got, and the old container's stop timeout (text as typed). */
  steps?: RecreateSteps;
  stopTimeout?: string;
  onStopTimeout?: (v: string) => void;
  /** "Create" without starting (the submit button creates and starts). */
  onCreate: () => void;
}) {
  const disabled = busy !== null;
  return (
    <div className="sticky bottom-0 z-10 -mx-1 space-y-2 rounded-lg border border-zinc-200 bg-white/95 px-3 py-2 shadow-md backdrop-blur xl:col-span-2">
      {busy && <PullProgressView progress={progress} />}
      {mode.kind === 'edit' && steps && Object.keys(steps).length > 0 && <RecreateStepsView steps={steps} />}
      {submitError && (
        <ErrorAlert
          testId="create-error"
          title={mode.kind === 'edit' ? 'Could not recreate the container' : 'Could not create the container'}
        >
          {submitError}
        </ErrorAlert>
      )}
      <div className="flex flex-wrap items-center gap-2">
        {mode.kind === 'edit' ? (
          <>
            <Button type="submit" variant="primary" pending={busy !== null} disabled={!canSubmit}>
              Recreate
            </Button>
            <label className="inline-flex items-center gap-1.5 text-xs text-zinc-600">
              Stop the old one within
              <input
                type="number"
                min={0}
                max={3600}
                value={stopTimeout ?? ''}
                onChange={(e) => onStopTimeout?.(e.target.value)}
                className="h-7 w-16 rounded-md border border-zinc-300 px-1.5 text-[13px]"
                aria-label="Stop timeout for the old container (seconds)"
                disabled={disabled}
              />
              s, then kill it
            </label>
          </>
        ) : (
          <>
            <Button type="submit" variant="primary" pending={busy === 'start'} disabled={disabled || !canSubmit}>
              Create and start
            </Button>
            <Button onClick={onCreate} pending={busy === 'create'} disabled={disabled || !canSubmit}>
              Create
            </Button>
          </>
        )}
        <Link href={mode.kind === 'edit' ? containerHref(mode.hostId, mode.id) : '/containers'} className={buttonClass('ghost')}>
          Cancel
        </Link>
        {busy && (
          <span className="inline-flex items-center gap-1.5 text-xs text-zinc-600" role="status">
            <Spinner />
            {progress ? 'Pulling the image…' : mode.kind === 'edit' ? 'Recreating…' : 'Creating…'}
          </span>
        )}
        {conflictCount > 0 && !busy && (
          <span className="text-xs text-red-700" data-testid="port-conflict-summary">
            {conflictCount} port conflict{conflictCount === 1 ? '' : 's'}
          </span>
        )}
      </div>
    </div>
  );
}
