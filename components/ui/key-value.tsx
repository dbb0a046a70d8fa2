import type { ReactNode } from 'react';
import { cn } from './cn';

/** A dense label/value list; put <KeyValue> rows inside. */
export function KeyValueList({ className, children }: { className?: string; children: ReactNode }) {
  return <dl className={cn('grid grid-cols-[minmax(5.5rem,max-content)_minmax(0,1fr)] gap-x-3 gap-y-0.5', className)}>{children}</dl>;
}

export function KeyValue({
  label,
  children,
  mono = false,
  title,
  wrap = false,
}: {
  label: ReactNode;
  children: ReactNode;
  mono?: boolean;
  /** Full value on hover, for values that may be cut off. */
  title?: string;
  /** Let long values wrap instead of being cut off with an ellipsis. */
  wrap?: boolean;
}) {
  return (
    <>
      <dt className="py-px text-zinc-500">{label}</dt>
      <dd className={cn('min-w-0 py-px text-zinc-900', mono && 'font-mono text-[12px]', wrap ? 'break-words' : 'truncate')} title={title}>
        {children}
      </dd>
    </>
  );
}

/** The text shown for a value the engine did not report. */
export function Missing({ children = 'none' }: { children?: ReactNode }) {
  return <span className="text-zinc-400">{children}</span>;
}
