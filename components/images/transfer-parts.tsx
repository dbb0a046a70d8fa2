'use client';

import Link from 'next/link';
import type { Operation, ParsedImageRef } from '@/server/contracts/images';
import { operationDuration, OperationProgress, OperationStateBadge } from '../activity/operation-parts';
import { errorMessage } from '../api';
import { useLiveQuery } from '../realtime/use-live';
import type { OperationView } from '../realtime/live-views';
import { registryFor, useRegistries } from '../registries/use-registries';
import { ErrorAlert } from '../ui/alert';
import { Spinner } from '../ui/spinner';
import { useNow } from '../use-now';
import { imageHref } from './links';

// What the pull and push dialogs share: how a reference will be read, whose credentials go with it,
// and the operation they started, followed through its live view.

/** How the engine will read what is typed, or why it cannot. */
export function RefHint({ parsed, typed, verb }: { parsed: ParsedImageRef | null; typed: string; verb: 'Pulls' | 'Pushes to' }) {
  if (!typed.trim()) return <>A name without a tag means :latest (never every tag); Docker Hub names get docker.io/library/.</>;
  if (!parsed) return <span className="text-red-700">Not an image reference</span>;
  return (
    <span data-testid="ref-hint">
      {verb} <span className="font-mono text-zinc-800">{parsed.full}</span>
      {parsed.digest ? ' (by digest: no tag is made)' : ''}
    </span>
  );
}

/** The registry a reference names and the saved credentials that will go with it (or none). */
export function RegistryLine({ domain }: { domain: string | null }) {
  const registries = useRegistries();
  if (!domain) return null;
  const saved = registryFor(registries.data, domain);
  return (
    <p className="flex flex-wrap items-center gap-x-1.5 text-xs text-zinc-600" data-testid="registry-line">
      <span>Registry</span>
      <span className="font-mono text-zinc-800">{domain}</span>
      <span aria-hidden>·</span>
      {registries.isPending ? (
        <Spinner />
      ) : saved ? (
        <span data-testid="credentials" data-saved="true">
          saved credentials of <span className="font-medium text-zinc-800">{saved.name}</span> (user {saved.username})
        </span>
      ) : (
        <span data-testid="credentials" data-saved="false">
          anonymous (no saved credentials —{' '}
          <Link href="/registries" className="text-sky-700 hover:underline">
            Registries
          </Link>
          )
        </span>
      )}
    </p>
  );
}

/** A started operation, live: null until its first snapshot. */
export function useOperation(id: string | null): { op: Operation | null; error: unknown } {
  const q = useLiveQuery<OperationView>({ kind: 'operation', id: id ?? '' }, { enabled: !!id });
  return { op: q.data?.operation ?? null, error: q.error };
}

/** The operation a dialog started: state, duration, per-layer progress, then its result or the registry's words. */
export function OperationPanel({ id, op, error, what }: { id: string; op: Operation | null; error: unknown; what: 'pull' | 'push' }) {
  const now = useNow(op?.state === 'running' ? 1000 : 60_000);
  if (error) return <ErrorAlert>{errorMessage(error)}</ErrorAlert>;
  if (!op)
    return (
      <p className="flex items-center gap-2 text-zinc-600">
        <Spinner /> Starting…
      </p>
    );
  return (
    <div className="space-y-3" data-testid="operation-panel" data-operation={id} data-state={op.state}>
      <div className="flex flex-wrap items-center gap-2">
        <OperationStateBadge state={op.state} />
        <span className="min-w-0 flex-1 truncate font-mono text-[12px]" title={op.title}>
          {op.title.replace(/^(Pull|Push) /, '')}
        </span>
        <span className="text-xs tabular-nums text-zinc-500">{operationDuration(op, now)}</span>
      </div>
      {op.state === 'running' && !op.transfer && (
        <p className="flex items-center gap-2 text-xs text-zinc-600">
          <Spinner /> Asking the registry…
        </p>
      )}
      <OperationProgress op={op} />
      {op.state === 'failed' && (
        <ErrorAlert title={`The ${what} failed`} testId="operation-error">
          {op.error}
        </ErrorAlert>
      )}
      {op.state === 'cancelled' && (
        <p className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-zinc-700" role="status">
          Cancelled. {what === 'pull' ? 'Nothing new was left on the host.' : 'The registry may keep layers it already received.'}
        </p>
      )}
      {op.state === 'succeeded' && (
        <p
          className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-emerald-900"
          role="status"
          data-testid="operation-result"
        >
          {op.result}
          {op.imageId && (
            <>
              {' · '}
              <Link href={imageHref(op.hostId, op.imageId)} className="font-medium text-emerald-800 underline">
                Open image
              </Link>
            </>
          )}
        </p>
      )}
    </div>
  );
}
