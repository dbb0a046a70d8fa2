import { cn } from './cn';

/** A grey placeholder bar while data loads. */
export function Skeleton({ className }: { className?: string }) {
  return <span aria-hidden className={cn('block animate-pulse rounded bg-zinc-200/80', className)} />;
}
