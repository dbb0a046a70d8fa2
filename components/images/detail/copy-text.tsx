'use client';

import { useState, type ReactNode } from 'react';
import { cn } from '../../ui/cn';
import { toast } from '../../ui/toast';

/**
 * A short text (an id, a digest) that copies a longer value when clicked: the full value is on hover
 * and in the accessible name.
 */
export function CopyText({
  value,
  children,
  className,
  what = 'value',
}: {
  value: string;
  children: ReactNode;
  className?: string;
  what?: string;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    } catch {
      toast({ tone: 'error', title: 'Copy failed', message: 'The browser did not allow access to the clipboard.' });
    }
  };
  return (
    <button
      type="button"
      onClick={() => void copy()}
      title={`${value}\n(click to copy)`}
      aria-label={`Copy ${what} ${value}`}
      className={cn(
        'inline-flex cursor-copy items-center gap-1 rounded font-mono text-[12px] text-zinc-700 hover:bg-zinc-100 hover:text-sky-800',
        className,
      )}
    >
      {children}
      <span aria-live="polite" className={cn('font-sans text-[10px]', copied ? 'text-emerald-700' : 'sr-only')}>
        {copied ? 'copied' : ''}
      </span>
    </button>
  );
}
