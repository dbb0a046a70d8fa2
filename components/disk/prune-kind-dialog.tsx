'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { PruneKind, PruneKindResult } from '@/server/contracts/volumes';
import { errorMessage } from '../api';
import { formatBytes } from '../format';
import { queryKeys } from '../query-keys';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { controlProps, Field, Input } from '../ui/field';
import { Spinner } from '../ui/spinner';
import { useDebounced } from '../ui/use-debounced';
import { prunePreview, runPrune } from '../volumes/use-volumes';

export const PRUNE_WORDS: Record<PruneKind, { title: string; one: string; many: string; what: string }> = {
  containers: {
    title: 'stopped containers',
    one: 'container',
    many: 'containers',
    what: 'Every container that is not running (created, exited, dead).',
  },
  images: { title: 'images', one: 'image', many: 'images', what: 'Images no container uses.' },
  volumes: {
    title: 'unused volumes',
    one: 'volume',
    many: 'volumes',
    what: 'Volumes no container (running or stopped) mounts. Their data is lost.',
  },
  networks: {
    title: 'unused networks',
    one: 'network',
    many: 'networks',
    what: 'Networks you made that no running container is connected to.',
  },
  buildCache: { title: 'build cache', one: 'cache record', many: 'cache records', what: 'Build cache no build is using.' },
};

/** Sizes here are often exactly 0 (networks, empty volumes): say so rather than a dash. */
const bytes = (n: number) => (n === 0 ? '0 B' : formatBytes(n));

const MODES: Partial<Record<PruneKind, Array<{ id: string; label: string; hint: string }>>> = {
  images: [
    { id: 'dangling', label: 'Dangling', hint: 'Images without a tag that nothing is built on' },
    { id: 'unused', label: 'All unused', hint: 'Every image no container uses, tagged or not' },
  ],
  volumes: [
    { id: 'anonymous', label: 'Anonymous', hint: 'Volumes the engine named (engines before API 1.42 take every unused one)' },
    { id: 'all', label: 'All unused', hint: 'Named volumes too' },
  ],
  buildCache: [
    { id: 'unused', label: 'Unused', hint: 'What `docker builder prune` removes' },
    { id: 'all', label: 'All', hint: 'Internal and frontend records too (`-a`)' },
  ],
};

/**
 * One prune on one host: exactly what would go (the server's reading of the engine's rules, with the
 * same filters), a confirmation, then the engine's own answer: what it removed and the space reclaimed.
 */
export function PruneKindDialog({
  hostId,
  hostName,
  kind,
  listVersion,
  onClose,
}: {
  hostId: string;
  hostName: string;
  kind: PruneKind;
  /** Changes when the host's items of this kind change (a live list): the preview is read again. */
  listVersion?: string;
  onClose: () => void;
}) {
  const id = useId();
  const qc = useQueryClient();
  const words = PRUNE_WORDS[kind];
  const modes = MODES[kind];
  const [mode, setMode] = useState<string | undefined>(modes?.[0]?.id);
  const [labelInput, setLabelInput] = useState('');
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<PruneKindResult | null>(null);
  const [runError, setRunError] = useState<unknown>(null);
  const label = useDebounced(labelInput.trim(), 300);

  const req = { kind, mode, label: label || undefined };
  const preview = useQuery({
    queryKey: ['disk', 'prune-preview', hostId, kind, mode, label, listVersion ?? ''],
    queryFn: ({ signal }) => prunePreview(hostId, req, signal),
    enabled: result === null,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const count = preview.data?.items.length ?? 0;
  const noun = (n: number) => (n === 1 ? words.one : words.many);

  const start = async () => {
    setRunning(true);
    setRunError(null);
    try {
      setResult(await runPrune(hostId, req));
      void qc.invalidateQueries({ queryKey: queryKeys.disk.all });
    } catch (err) {
      setRunError(err);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Dialog
      title={`Prune ${words.title} on ${hostName}`}
      description={`${words.what} A preview first; nothing is removed until you confirm.`}
      onClose={onClose}
      className="max-w-2xl"
      footer={
        result ? (
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        ) : (
          <>
            <Button
              variant="danger"
              pending={running}
              disabled={!count || preview.isFetching}
              onClick={() => void start()}
              data-testid="prune-confirm"
            >
              Prune {count} {noun(count)}
            </Button>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
          </>
        )
      }
    >
      <div className="space-y-3">
        <fieldset disabled={result !== null || running} className="space-y-3">
          {modes && (
            <div role="radiogroup" aria-label="What to prune" className="flex flex-wrap gap-2">
              {modes.map((m) => (
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
          )}
          {kind !== 'buildCache' && (
            <Field
              id={`${id}-label`}
              label={`Only ${words.many} with the label (optional)`}
              hint="key, or key=value: the engine's own label filter"
            >
              <Input
                {...controlProps(`${id}-label`, null, true)}
                value={labelInput}
                onChange={(e) => setLabelInput(e.target.value)}
                placeholder="e.g. stage=ci"
                autoComplete="off"
                spellCheck={false}
                className="font-mono"
                data-testid="prune-label"
              />
            </Field>
          )}
        </fieldset>

        {result ? (
          <p
            role="status"
            data-testid="prune-result"
            data-bytes={result.spaceReclaimed}
            className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 font-medium text-emerald-900"
          >
            Reclaimed {bytes(result.spaceReclaimed)} · {result.removed.length} {noun(result.removed.length)} removed
            <span className="block text-xs font-normal text-emerald-800">
              The space is what the engine reports ({result.spaceReclaimed.toLocaleString()} bytes).
            </span>
          </p>
        ) : preview.error ? (
          <ErrorAlert>{errorMessage(preview.error)}</ErrorAlert>
        ) : !preview.data ? (
          <p className="flex items-center gap-2 text-zinc-500">
            <Spinner /> Reading what would go…
          </p>
        ) : (
          <div data-testid="prune-preview" className="space-y-1.5">
            <p className="flex items-center gap-2 text-zinc-700">
              <span data-testid="prune-count">{count ? `${count} ${noun(count)} would go` : 'Nothing to prune'}</span>
              {count > 0 && (
                <span data-testid="prune-estimate" data-bytes={preview.data.estimatedBytes ?? ''} className="font-medium text-zinc-900">
                  · about {preview.data.estimatedBytes === null ? 'an unknown amount' : bytes(preview.data.estimatedBytes)} freed
                </span>
              )}
              {preview.isFetching && <Spinner />}
            </p>
            {count > 0 && (
              <ul className="max-h-56 overflow-auto rounded-md border border-zinc-200 text-[12px]">
                {preview.data.items.map((i) => (
                  <li
                    key={i.id}
                    className="flex items-center gap-2 border-b border-zinc-100 px-2 py-1 last:border-0"
                    data-testid="prune-item"
                    data-name={i.name}
                  >
                    <span className="min-w-0 flex-1 truncate font-mono text-zinc-800" title={i.id}>
                      {i.name}
                    </span>
                    <span className="max-w-64 shrink-0 truncate text-zinc-500" title={i.detail}>
                      {i.detail}
                    </span>
                    <span className="w-16 shrink-0 text-right text-zinc-600 tabular-nums">{i.size === null ? '?' : bytes(i.size)}</span>
                  </li>
                ))}
              </ul>
            )}
            {preview.data.keptInUse > 0 && (
              <p className="text-xs text-zinc-500">
                {preview.data.keptInUse} matching {noun(preview.data.keptInUse)} stay: in use.
              </p>
            )}
          </div>
        )}
        {runError != null && <ErrorAlert testId="action-error">{errorMessage(runError)}</ErrorAlert>}
      </div>
    </Dialog>
  );
}
