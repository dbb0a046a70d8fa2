'use client';

import Link from 'next/link';
import type { PullProgress } from '@/server/contracts/container-create';
import { ErrorAlert } from '../../ui/alert';
import { Button, buttonClass } from '../../ui/button';
import { Spinner } from '../../ui/spinner';
import { containerHref } from '../container-model';
import { PullProgressView } from './pull-progress';
import type { FormMode } from './use-container-submit';

/** The bar stuck to the bottom of the form: pull progress, the submit error, the buttons. */
export function SubmitBar({
  mode,
  busy,
  progress,
  submitError,
  canSubmit,
  conflictCount,
  onCreate,
}: {
  mode: FormMode;
  busy: null | 'create' | 'start';
  progress: PullProgress | null;
  submitError: string | null;
  /** A host is chosen. */
  canSubmit: boolean;
  conflictCount: number;
  /** "Create" without starting (the submit button creates and starts). */
  onCreate: () => void;
}) {
  const disabled = busy !== null;
  return (
    <div className="sticky bottom-0 z-10 -mx-1 space-y-2 rounded-lg border border-zinc-200 bg-white/95 px-3 py-2 shadow-md backdrop-blur xl:col-span-2">
      {busy && <PullProgressView progress={progress} />}
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
          <Button type="submit" variant="primary" pending={busy !== null} disabled={!canSubmit}>
            Recreate
          </Button>
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
