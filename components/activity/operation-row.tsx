'use client';

import Link from 'next/link';
import type { Operation } from '@/server/contracts/images';
import { errorMessage } from '../api';
import { formatAgo } from '../format';
import { buildHref, imageHref } from '../images/links';
import { useCancelOperation } from '../images/use-transfer';
import { Button } from '../ui/button';
import { useNow } from '../use-now';
import { KindIcon, operationDuration, OperationProgress, OperationStateBadge } from './operation-parts';

/** One operation in the tray: what, where, who, how far (a transfer collapsed to its total), how long, how it ended. */
export function OperationRow({ op, canManage }: { op: Operation; canManage: boolean }) {
  const now = useNow(op.state === 'running' ? 1000 : 30_000);
  const cancel = useCancelOperation();
  const link = 'text-xs font-medium text-sky-700 hover:underline';
  return (
    <li className="px-3 py-2.5" data-testid="operation-row" data-operation={op.id} data-kind={op.kind} data-state={op.state}>
      <div className="flex items-center gap-2">
        <span className="shrink-0 text-zinc-500">
          <KindIcon kind={op.kind} />
        </span>
        <span className="min-w-0 flex-1 truncate font-medium" title={op.title}>
          {op.title}
        </span>
        <OperationStateBadge state={op.state} />
      </div>
      <p className="mt-0.5 truncate pl-6 text-xs text-zinc-500">
        {op.hostName}
        {op.user ? ` · ${op.user}` : ''} · <span className="tabular-nums">{operationDuration(op, now)}</span>
        {op.endedAt && <span title={op.endedAt}> · ended {formatAgo(op.endedAt, now)}</span>}
      </p>
      <div className="mt-1.5 space-y-1.5 pl-6 empty:hidden">
        {op.state === 'running' && <OperationProgress op={op} compact />}
        {op.state === 'succeeded' && op.result && (
          <p className="break-words text-xs text-emerald-800" data-testid="operation-result">
            {op.result}
          </p>
        )}
        {(op.state === 'failed' || op.state === 'cancelled') && op.error && (
          <p className={op.state === 'failed' ? 'break-words text-xs text-red-700' : 'text-xs text-zinc-600'} data-testid="operation-error">
            {op.error}
          </p>
        )}
        {cancel.error && <p className="text-xs text-red-700">{errorMessage(cancel.error)}</p>}
      </div>
      {((op.state === 'running' && op.cancellable && canManage) || op.imageId || op.kind === 'build') && (
        <div className="mt-1.5 flex items-center gap-3 pl-6">
          {op.state === 'running' && op.cancellable && canManage && (
            <Button size="sm" variant="secondary" onClick={() => cancel.mutate(op.id)} pending={cancel.isPending}>
              Cancel
            </Button>
          )}
          {op.imageId && (
            <Link href={imageHref(op.hostId, op.imageId)} className={link}>
              Open image
            </Link>
          )}
          {op.kind === 'build' && (
            <Link href={`${buildHref(op.hostId)}?op=${encodeURIComponent(op.id)}`} className={link}>
              Build log
            </Link>
          )}
        </div>
      )}
    </li>
  );
}
