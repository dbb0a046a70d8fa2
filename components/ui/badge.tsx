import type { ReactNode } from 'react';
import { cn } from './cn';

export type Tone = 'green' | 'red' | 'amber' | 'zinc' | 'sky';

const TONES: Record<Tone, { box: string; dot: string }> = {
  green: { box: 'bg-emerald-50 text-emerald-800 ring-emerald-600/25', dot: 'bg-emerald-500' },
  red: { box: 'bg-red-50 text-red-800 ring-red-600/25', dot: 'bg-red-500' },
  amber: { box: 'bg-amber-50 text-amber-800 ring-amber-600/30', dot: 'bg-amber-500' },
  zinc: { box: 'bg-zinc-100 text-zinc-700 ring-zinc-500/20', dot: 'bg-zinc-400' },
  sky: { box: 'bg-sky-50 text-sky-800 ring-sky-600/25', dot: 'bg-sky-500' },
};

export function Badge({
  tone = 'zinc',
  dot = false,
  pulse = false,
  className,
  children,
  ...rest
}: {
  tone?: Tone;
  dot?: boolean;
  pulse?: boolean;
  className?: string;
  children: ReactNode;
} & Record<`data-${string}`, string>) {
  const t = TONES[tone];
  return (
    <span
      className={cn(
        'inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-[11px] font-medium leading-4 ring-1 ring-inset',
        t.box,
        className,
      )}
      {...rest}
    >
      {dot && <span aria-hidden className={cn('size-1.5 rounded-full', t.dot, pulse && 'animate-pulse')} />}
      {children}
    </span>
  );
}
