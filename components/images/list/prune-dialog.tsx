'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { PruneMode } from '@/server/contracts/image-requests';
import { shortImageId } from '@/server/contracts/images';
import { errorMessage } from '../../api';
import { formatAgo, formatBytes } from '../../format';
import type { OperationView } from '../../realtime/live-views';
import { useLiveQuery } from '../../realtime/use-live';
import { ErrorAlert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { controlProps, Field, Input } from '../../ui/field';
import { Spinner } from '../../ui/spinner';
import { useDebounced } from '../../ui/use-debounced';
import { prunePreview, startPrune } from '../use-image-admin';

const MODES: Array<{ id: PruneMode; label: string; hint: string }> = [
  { id: 'dangling', label: 'Dangling', hint: 'Images without a tag that nothing is built on' },
  { id: 'unused', label: 'Unused', hint: 'Every image no container uses, tagged or not' },
];

/**
 * Prune a host's images: first what would go and the space it frees (the server's reading of the
 * engine's rules), then, once it ran as an operation, the engine's own figures.
 */
export function PruneDialog({
  hostId,
  hostName,
  listVersion,
  onClose,
}: {
  hostId: string;
  hostName: string;
  /** Changes when the host's image list changes: the preview is read again. */
  listVersion: string;
  onClose: () => void;
}) {
  const id = useId();
  const [mode, setMode] = useState<PruneMode>('dangling');
  const [labelInput, setLabelInput] = useState('');
  const [operationId, setOperationId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const label = useDebounced(labelInput.trim(), 300);

  const preview = useQuery({
    queryKey: ['images', 'prune-preview', hostId, mode, label, listVersion],
    queryFn: ({ signal }) => prunePreview(hostId, { mode, label: label || undefined }, signal),
    enabled: operationId === null,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const op = useLiveQuery<OperationView>({ kind: 'operation', id: operationId ?? '' }, { enabled: operationId !== null });
  const operation = op.data?.operation;
  const running = starting || (operationId !== null && (!operation || operation.state === 'running'));
  const count = preview.data?.images.length ?? 0;

  const start = async () => {
    setStarting(true);
    setStartError(null);
    try {
      setOperationId((await startPrune(hostId, { mode, label: label || undefined })).operationId);
    } catch (err) {
      setStartError(err);
    } finally {
      setStarting(false);
    }
  };

  return (
    <Dialog
      title={`Prune images on ${hostName}`}
      description="Removes images no container uses. A preview first; nothing is removed until you confirm."
      onClose={onClose}
      className="max-w-2xl"
      footer={
        operationId ? (
          <Button variant="primary" disabled={running} onClick={onClose}>
            Close
          </Button>
        ) : (
          <>
            <Button variant="danger" pending={starting} disabled={!count || preview.isFetching} onClick={() => void start()}>
              Prune {count} image{count === 1 ? '' : 's'}
            </Button>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
          </>
        )
      }
    >
      <div className="space-y-3">
        <fieldset disabled={operationId !== null} className="space-y-3">
          <div role="radiogroup" aria-label="What to prune" className="flex flex-wrap gap-2">
            {MODES.map((m) => (
              <label
                key={m.id}
                className="flex min-w-52 flex-1 cursor-pointer items-start gap-2 rounded-md border border-zinc-200 px-2.5 py-1.5 has-checked:border-sky-600 has-checked:bg-sky-50"
              >
                <input
                  type="radio"
                  name={`${id}-mode`}
                  className="mt-0.5 accent-sky-700"
                  checked={mode === m.id}
                  onChange={() => setMode(m.id)}
                />
                <span>
                  <span className="font-medium text-zinc-900">{m.label}</span>
                  <span className="block text-xs text-zinc-500">{m.hint}</span>
                </span>
              </label>
            ))}
          </div>
          <Field id={`${id}-label`} label="Only images with the label (optional)" hint="key, or key=value">
            <Input
              {...controlProps(`${id}-label`, null, true)}
              value={labelInput}
              onChange={(e) => setLabelInput(e.target.value)}
              placeholder="e.g. stage=ci"
              autoComplete="off"
              spellCheck={false}
              className="font-mono"
            />
          </Field>
        </fieldset>

        {operationId ? (
          <OperationOutcome
            running={running}
            result={operation?.result ?? null}
            error={operation?.error ?? null}
            state={operation?.state}
          />
        ) : preview.error ? (
          <ErrorAlert>{errorMessage(preview.error)}</ErrorAlert>
        ) : !preview.data ? (
          <p className="flex items-center gap-2 text-zinc-500">
            <Spinner /> Reading what would go…
          </p>
        ) : (
          <div data-testid="prune-preview" className="space-y-1.5">
            <p className="flex items-center gap-2 text-zinc-700">
              <span data-testid="prune-count">{count ? `${count} image${count === 1 ? '' : 's'} would go` : 'Nothing to prune'}</span>
              {count > 0 && (
                <span data-testid="prune-estimate" className="font-medium text-zinc-900">
                  · about{' '}
                  {preview.data.estimatedBytes === null
                    ? 'an unknown amount (layers still being read)'
                    : preview.data.estimatedBytes === 0
                      ? '0 B'
                      : formatBytes(preview.data.estimatedBytes)}{' '}
                  freed
                </span>
              )}
              {preview.isFetching && <Spinner />}
            </p>
            {count > 0 && (
              <ul className="max-h-48 overflow-auto rounded-md border border-zinc-200 text-[12px]">
                {preview.data.images.map((i) => (
                  <li
                    key={i.id}
                    className="flex items-center gap-2 border-b border-zinc-100 px-2 py-1 last:border-0"
                    data-testid="prune-item"
                    data-id={i.id}
                  >
                    <span className="min-w-0 flex-1 truncate font-mono text-zinc-800" title={i.id}>
                      {i.tags.length ? i.tags.join(', ') : `<none> ${shortImageId(i.id)}`}
                    </span>
                    {i.untagOnly && (
                      <span
                        className="shrink-0 text-amber-700"
                        title="Other images are built on it: the engine removes its tags, the image stays"
                      >
                        tags only
                      </span>
                    )}
                    <span className="w-16 shrink-0 text-right text-zinc-600 tabular-nums">{formatBytes(i.size)}</span>
                    <span className="w-20 shrink-0 text-right text-zinc-500">{formatAgo(i.created, Date.now())}</span>
                  </li>
                ))}
              </ul>
            )}
            {preview.data.keptInUse > 0 && (
              <p className="text-xs text-zinc-500">
                {preview.data.keptInUse} matching image{preview.data.keptInUse === 1 ? '' : 's'} stay
                {preview.data.keptInUse === 1 ? 's' : ''}: containers use {preview.data.keptInUse === 1 ? 'it' : 'them'}.
              </p>
            )}
          </div>
        )}
        {startError != null && <ErrorAlert testId="action-error">{errorMessage(startError)}</ErrorAlert>}
      </div>
    </Dialog>
  );
}

function OperationOutcome({
  running,
  result,
  error,
  state,
}: {
  running: boolean;
  result: string | null;
  error: string | null;
  state: string | undefined;
}) {
  if (running)
    return (
      <p className="flex items-center gap-2 text-zinc-700" role="status">
        <Spinner /> Pruning… (it also shows in the activity tray)
      </p>
    );
  if (state === 'succeeded')
    return (
      <p
        role="status"
        data-testid="prune-result"
        className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 font-medium text-emerald-900"
      >
        {result}
      </p>
    );
  return <ErrorAlert testId="action-error">{error ?? 'The prune failed'}</ErrorAlert>;
}
