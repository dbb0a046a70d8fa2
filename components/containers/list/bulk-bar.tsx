'use client';

import { CONTAINER_ACTIONS, type ActionResult, type ContainerAction, type ContainerSummary } from '@/server/contracts/containers';
import { Button } from '../../ui/button';
import { ACTION_LABELS, actionApplies, plural } from '../container-actions';
import { containerKey, shortId } from '../container-model';

const BULK_ACTIONS = CONTAINER_ACTIONS.filter((a) => a !== 'rename');

/** "2 running, 1 exited": the selection's states, most common first. */
function stateCounts(list: readonly ContainerSummary[]): string {
  const m = new Map<string, number>();
  for (const c of list) m.set(c.state, (m.get(c.state) ?? 0) + 1);
  return [...m]
    .sort((a, b) => b[1] - a[1])
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
}

/**
 * The bar over the table while containers are selected: one button per action, each saying how many of
 * the selection it applies to ("Start 2" of 3); an action none of them can take is disabled, and the
 * tooltip names the states of the others (asked anyway, they answer "already …", not an error).
 */
export function BulkBar({
  selection,
  running,
  onAction,
  onClear,
}: {
  selection: readonly ContainerSummary[];
  running: ContainerAction | null;
  onAction: (a: ContainerAction) => void;
  onClear: () => void;
}) {
  const count = selection.length;
  return (
    <div data-testid="bulk-bar" className="mb-2 flex flex-wrap items-center gap-1.5 rounded-lg border border-sky-200 bg-sky-50 px-2 py-1.5">
      <span className="mr-1 text-xs text-sky-900" title={stateCounts(selection)}>
        <span className="font-medium" data-testid="selection-count">
          {count} selected
        </span>
        <span className="ml-1.5 text-sky-800/80" data-testid="selection-states">
          ({stateCounts(selection)})
        </span>
      </span>
      {BULK_ACTIONS.map((a) => {
        const can = selection.filter((c) => actionApplies(a, c.state));
        const others = selection.filter((c) => !actionApplies(a, c.state));
        const label = ACTION_LABELS[a];
        const title =
          can.length === 0
            ? `None of the selected containers can ${label.toLowerCase()} (${stateCounts(selection)})`
            : others.length
              ? `${label} ${can.length} of ${plural(count)}; ${others.length === 1 ? `the other is ${others[0]!.state}` : `the other ${others.length} are ${stateCounts(others)}`}`
              : `${label} ${plural(count)}`;
        return (
          <Button
            key={a}
            size="sm"
            variant="secondary"
            data-action={a}
            aria-label={`${label} ${plural(can.length)}`}
            title={title}
            className={a === 'remove' || a === 'kill' ? 'text-red-700' : undefined}
            pending={running === a}
            disabled={running !== null || can.length === 0}
            onClick={() => onAction(a)}
          >
            {label} {can.length}
          </Button>
        );
      })}
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

/**
 * What a bulk action did, container by container, until dismissed: failures first (the engine's
 * words), then those that had nothing to do ("already stopped"), which count as done.
 */
export function BulkFailures({ outcome, onDismiss }: { outcome: BulkOutcome; onDismiss: () => void }) {
  const failed = outcome.results.filter((r) => !r.ok);
  const unchanged = outcome.results.filter((r) => r.ok && r.unchanged);
  const done = outcome.results.length - failed.length;
  const label = ACTION_LABELS[outcome.action];
  const name = (r: ActionResult) => outcome.names.get(containerKey(r)) ?? shortId(r.id);
  return (
    <div
      role={failed.length ? 'alert' : 'status'}
      data-testid={failed.length ? 'action-error' : 'bulk-outcome'}
      className={
        failed.length
          ? 'mb-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-900'
          : 'mb-2 rounded-md border border-zinc-200 bg-white px-3 py-2 text-zinc-800'
      }
    >
      <div className="flex items-start justify-between gap-2">
        <p className="font-semibold" data-testid="bulk-summary">
          {failed.length
            ? `${label} failed for ${failed.length} of ${plural(outcome.results.length)}`
            : `${label}: ${done} of ${plural(outcome.results.length)} done`}
          {unchanged.length ? ` · ${unchanged.length} had nothing to do` : ''}
        </p>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Dismiss
        </Button>
      </div>
      <ul className="mt-1 max-h-32 space-y-0.5 overflow-auto text-xs" data-testid="bulk-failures">
        {failed.map((r) => (
          <li key={containerKey(r)}>
            <span className="font-medium">{name(r)}</span>: {r.message ?? 'failed'}
          </li>
        ))}
        {unchanged.map((r) => (
          <li key={containerKey(r)} className="text-zinc-600" data-testid="bulk-unchanged">
            <span className="font-medium">{name(r)}</span>: {r.message ?? 'nothing to do'}
          </li>
        ))}
      </ul>
    </div>
  );
}
