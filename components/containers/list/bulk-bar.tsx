'use client';

import { CONTAINER_ACTIONS, type ActionResult, type ContainerAction } from '@/server/contracts/containers';
import { Button } from '../../ui/button';
import { ACTION_LABELS } from '../container-actions';
import { containerKey, shortId } from '../container-model';

/** The bar over the table while containers are selected: one button per action for all of them. */
export function BulkBar({
  count,
  running,
  onAction,
  onClear,
}: {
  count: number;
  running: ContainerAction | null;
  onAction: (a: ContainerAction) => void;
  onClear: () => void;
}) {
  return (
    <div data-testid="bulk-bar" className="mb-2 flex flex-wrap items-center gap-1.5 rounded-lg border border-sky-200 bg-sky-50 px-2 py-1.5">
      <span className="mr-1 text-xs font-medium text-sky-900" data-testid="selection-count">
        {count} selected
      </span>
      {CONTAINER_ACTIONS.filter((a) => a !== 'rename').map((a) => (
        <Button
          key={a}
          size="sm"
          variant="secondary"
          className={a === 'remove' || a === 'kill' ? 'text-red-700' : undefined}
          pending={running === a}
          disabled={running !== null}
          onClick={() => onAction(a)}
        >
          {ACTION_LABELS[a]}
        </Button>
      ))}
      <Button size="sm" variant="ghost" className="ml-auto" onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}

export interface BulkOutcome {
  action: ContainerAction;
  results: ActionResult[];
  names: Map<string, string>;
}

/** What a bulk action failed on, container by container, until dismissed. */
export function BulkFailures({ outcome, onDismiss }: { outcome: BulkOutcome; onDismiss: () => void }) {
  const failed = outcome.results.filter((r) => !r.ok);
  return (
    <div role="alert" data-testid="action-error" className="mb-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-900">
      <div className="flex items-start justify-between gap-2">
        <p className="font-semibold">
          {ACTION_LABELS[outcome.action]} failed for {failed.length} of {outcome.results.length} containers
        </p>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Dismiss
        </Button>
      </div>
      <ul className="mt-1 max-h-32 space-y-0.5 overflow-auto text-xs" data-testid="bulk-failures">
        {failed.map((r) => (
          <li key={containerKey(r)}>
            <span className="font-medium">{outcome.names.get(containerKey(r)) ?? shortId(r.id)}</span>: {r.message ?? 'failed'}
          </li>
        ))}
      </ul>
    </div>
  );
}
