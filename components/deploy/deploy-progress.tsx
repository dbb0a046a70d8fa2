'use client';

import Link from 'next/link';
import { DEPLOY_STEPS } from '@/server/contracts/deploy';
import type { EngineSummary } from '@/server/contracts/engines';
import { errorMessage } from '../api';
import { containerHref, portUrl } from '../containers/container-model';
import { OperationStateBadge, operationDuration } from '../images/operation-bits';
import { useOperation } from '../images/transfer-parts';
import { TransferProgressView } from '../images/transfer-progress';
import { useLiveQuery } from '../realtime/use-live';
import type { OperationView } from '../realtime/live-views';
import type { ContainerSummary } from '@/server/contracts/containers';
import { ErrorAlert } from '../ui/alert';
import { Card } from '../ui/card';
import { cn } from '../ui/cn';
import { Spinner } from '../ui/spinner';
import { useNow } from '../use-now';

/** One host's deploy, live: its steps, the pull's layer bars, then the container and its URLs or what failed. */
export function DeployHostProgress({
  hostId,
  hostName,
  operationId,
  name,
  engine,
}: {
  hostId: string;
  hostName: string;
  operationId: string;
  name: string;
  engine: EngineSummary | undefined;
}) {
  const { op, error } = useOperation(operationId);
  const view = useLiveQuery<OperationView>({ kind: 'operation', id: operationId });
  const containers = useLiveQuery<ContainerSummary[]>({ kind: 'containers', hostId }, { enabled: op?.state === 'succeeded' });
  const now = useNow(op?.state === 'running' ? 1000 : 60_000);
  const steps = (view.data?.log ?? []).filter((l) => l.kind === 'step').map((l) => l.text.split(' ')[0]!);
  const reached = steps.length ? DEPLOY_STEPS.indexOf(steps.at(-1) as (typeof DEPLOY_STEPS)[number]) : -1;
  const failedStep = op?.state === 'failed' ? /^(\w+) failed/.exec(op.error ?? '')?.[1] : null;
  const container = op?.state === 'succeeded' ? containers.data?.find((c) => c.name === name) : undefined;
  // IPv4 and IPv6 bindings of one port give the same URL.
  const urls = [...new Set(container ? container.ports.map((p) => portUrl(p, engine)).filter((u): u is string => !!u) : [])];
  const hasHealth = steps.includes('Healthy');
  const shown = DEPLOY_STEPS.filter((s) => s !== 'Healthy' || hasHealth);

  return (
    <Card className="p-3" data-testid="deploy-host" data-host={hostName} data-state={op?.state ?? 'starting'}>
      <div className="mb-2 flex items-center gap-2">
        <span className="font-medium">{hostName}</span>
        {op && <OperationStateBadge state={op.state} />}
        <span className="ml-auto text-xs tabular-nums text-zinc-500">{op ? operationDuration(op, now) : ''}</span>
      </div>
      {error ? <ErrorAlert>{errorMessage(error)}</ErrorAlert> : null}
      <ol className="mb-2 flex flex-wrap items-center gap-1 text-xs" aria-label="Steps">
        {shown.map((s, i) => {
          const idx = DEPLOY_STEPS.indexOf(s);
          const state =
            failedStep === s
              ? 'failed'
              : op?.state === 'succeeded' || idx < reached
                ? 'done'
                : idx === reached && op?.state === 'running'
                  ? 'active'
                  : 'waiting';
          return (
            <li key={s} className="flex items-center gap-1" data-step={s} data-step-state={state}>
              {i > 0 && <span className="text-zinc-300">→</span>}
              <span
                className={cn(
                  'inline-flex items-center gap-1 rounded px-1.5 py-0.5 font-medium',
                  state === 'done' && 'bg-emerald-50 text-emerald-800',
                  state === 'active' && 'bg-sky-50 text-sky-800',
                  state === 'failed' && 'bg-red-50 text-red-800',
                  state === 'waiting' && 'bg-zinc-50 text-zinc-500',
                )}
              >
                {state === 'active' && <Spinner className="size-3" />}
                {state === 'done' && '✓'}
                {state === 'failed' && '✕'}
                {s}
              </span>
            </li>
          );
        })}
      </ol>
      {op?.transfer && reached <= 0 && op.state === 'running' && <TransferProgressView progress={op.transfer} maxHeight="max-h-40" />}
      {op?.transfer && reached > 0 && (
        <p className="text-xs text-zinc-500">
          Image: {op.transfer.layers.length} layer{op.transfer.layers.length === 1 ? '' : 's'}{' '}
          {op.transfer.layers.every((l) => l.phase === 'exists') ? 'already on the host' : 'pulled'}
        </p>
      )}
      {op?.state === 'failed' && (
        <ErrorAlert title={failedStep ? `${failedStep} failed` : 'The deploy failed'} testId="deploy-error">
          {op.error}
        </ErrorAlert>
      )}
      {op?.state === 'succeeded' && (
        <div
          className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-emerald-900"
          role="status"
          data-testid="deploy-result"
        >
          <p>{op.result}</p>
          <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
            {container && (
              <Link href={containerHref(hostId, container.id)} className="font-medium underline">
                Open container
              </Link>
            )}
            {urls.map((u) => (
              <a key={u} href={u} target="_blank" rel="noreferrer" className="font-mono underline" data-testid="deploy-url">
                {u}
              </a>
            ))}
          </p>
        </div>
      )}
    </Card>
  );
}
