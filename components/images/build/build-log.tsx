'use client';

import Link from 'next/link';
import { useEffect, useMemo, useRef } from 'react';
import { shortImageId, type ImageSummary, type OperationLogLine } from '@/server/contracts/images';
import { errorMessage } from '../../api';
import { useLiveQuery } from '../../realtime/use-live';
import type { OperationView } from '../../realtime/live-views';
import { useNow } from '../../use-now';
import { ErrorAlert } from '../../ui/alert';
import { Card } from '../../ui/card';
import { cn } from '../../ui/cn';
import { Spinner } from '../../ui/spinner';
import { imageHref } from '../links';
import { BytesBar, OperationStateBadge, operationDuration } from '../operation-bits';
import { groupSteps, type LogStep } from './build-model';

/** A build followed live through its operation view: steps as headings, output under them, the outcome. */
export function BuildLogView({ hostId, operationId }: { hostId: string; operationId: string }) {
  const view = useLiveQuery<OperationView>({ kind: 'operation', id: operationId });
  const images = useLiveQuery<ImageSummary[]>({ kind: 'images', hostId });
  const now = useNow(1000);
  const steps = useMemo(() => groupSteps(view.data?.log ?? []), [view.data?.log]);
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const lineCount = view.data?.log.length ?? 0;

  // Follow the end of the log while the reader is at the end; scrolling up stops following.
  useEffect(() => {
    const el = scroller.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [lineCount]);

  if (view.isPending)
    return (
      <Card className="flex items-center gap-2 px-3 py-3 text-zinc-500">
        <Spinner /> Opening the build…
      </Card>
    );
  if (view.isError || !view.data)
    return (
      <ErrorAlert testId="build-missing" title="This build cannot be shown">
        {errorMessage(view.error)}. Wharf keeps the last operations in memory only; the audit log records every build.
      </ErrorAlert>
    );
  const op = view.data.operation;
  // The tags as the host lists them now (the build's own, and any given since).
  const tags = [...((op.imageId && images.data?.find((i) => i.id === op.imageId)?.tags) || [])].sort();
  const sending = op.state === 'running' && op.bytes && steps.length === 0;
  return (
    <Card className="flex min-h-0 flex-col" data-testid="build-log" data-state={op.state}>
      <header className="flex flex-wrap items-center gap-x-2.5 gap-y-1 border-b border-zinc-100 px-3 py-2">
        <h2 className="text-[13px] font-semibold text-zinc-900">Build log</h2>
        <OperationStateBadge state={op.state} />
        <span className="min-w-0 truncate text-xs text-zinc-500" title={op.title}>
          {op.title}
        </span>
        <span className="ml-auto text-xs tabular-nums text-zinc-500">
          {operationDuration(op, now)}
          {op.user ? ` · by ${op.user}` : ''}
        </span>
      </header>
      {sending && op.bytes && (
        <div className="border-b border-zinc-100 px-3 py-2">
          <BytesBar label="Sending the build context to the engine" current={op.bytes.current} total={op.bytes.total} />
        </div>
      )}
      {op.state === 'succeeded' && (
        <div className="border-b border-emerald-200 bg-emerald-50 px-3 py-2 text-emerald-900" data-testid="build-success">
          <p className="font-medium">
            Built{' '}
            {op.imageId ? (
              <Link
                href={imageHref(hostId, op.imageId)}
                className="font-mono underline hover:text-emerald-700"
                data-testid="built-image-link"
              >
                {shortImageId(op.imageId)}
              </Link>
            ) : (
              'the image'
            )}
          </p>
          {tags.length > 0 && (
            <ul className="mt-1 flex flex-wrap gap-1.5" aria-label="Tags">
              {tags.map((t) => (
                <li
                  key={t}
                  className="rounded bg-white/70 px-1.5 py-0.5 font-mono text-xs ring-1 ring-emerald-600/20"
                  data-testid="built-tag"
                >
                  {t}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {(op.state === 'failed' || op.state === 'cancelled') && op.error && (
        <div className="border-b border-red-200 bg-red-50 px-3 py-2 text-red-900" role="alert" data-testid="build-error">
          <p className="font-medium">{op.state === 'cancelled' ? 'Cancelled' : 'The build failed'}</p>
          <p className="mt-0.5 font-mono text-xs break-words">{op.error}</p>
        </div>
      )}
      <div
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
        className="max-h-[70vh] min-h-40 flex-1 overflow-auto bg-zinc-950 px-0 py-1.5 font-mono text-[12px] leading-5"
        data-testid="build-steps"
        tabIndex={0}
        aria-label="Build output"
      >
        {steps.length === 0 && <p className="px-3 text-zinc-500">{op.state === 'running' ? op.status : 'No output.'}</p>}
        {steps.map((s, i) => (
          <StepBlock key={i} step={s} running={op.state === 'running' && i === steps.length - 1} />
        ))}
      </div>
    </Card>
  );
}

function StepBlock({ step, running }: { step: LogStep; running: boolean }) {
  return (
    <section
      className={cn('border-l-2 px-3 py-0.5', step.failed ? 'border-red-500 bg-red-950/40' : 'border-transparent')}
      data-testid="build-step"
      data-failed={step.failed || undefined}
    >
      {step.title && (
        <h3 className={cn('flex items-center gap-2 font-semibold', step.failed ? 'text-red-300' : 'text-sky-300')}>
          <span className="min-w-0 break-words">{step.title}</span>
          {running && <Spinner className="text-sky-400" />}
          {step.failed && (
            <span className="rounded bg-red-600 px-1.5 text-[10px] font-medium tracking-wide text-white uppercase">failed</span>
          )}
        </h3>
      )}
      {step.lines.map((l) => (
        <LogLine key={l.n} line={l} />
      ))}
    </section>
  );
}

const LINE_TONE: Record<OperationLogLine['kind'], string> = {
  step: 'text-sky-300',
  out: 'text-zinc-100',
  info: 'text-zinc-500',
  error: 'text-red-300 font-medium',
};

function LogLine({ line }: { line: OperationLogLine }) {
  return (
    <div className={cn('pl-4 break-words whitespace-pre-wrap', LINE_TONE[line.kind])} data-kind={line.kind}>
      {line.text || ' '}
    </div>
  );
}
