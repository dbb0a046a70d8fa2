'use client';

import type { ReactNode } from 'react';
import { Button } from '../../ui/button';

// Small pieces shared by the form's repeated rows (env, labels, ports, volumes).

export function RowRemove({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      className="mt-0.5 inline-flex size-7 shrink-0 items-center justify-center rounded text-zinc-400 hover:bg-red-50 hover:text-red-700"
    >
      <svg viewBox="0 0 16 16" className="size-3.5" aria-hidden>
        <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
    </button>
  );
}

export function AddButton({ children, onClick }: { children: ReactNode; onClick: () => void }) {
  return (
    <Button size="sm" variant="ghost" className="text-sky-700" onClick={onClick}>
      <svg viewBox="0 0 16 16" className="size-3" aria-hidden>
        <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      {children}
    </Button>
  );
}

/** A small error under a control in a row (rows have no visible per-field labels). */
export function RowError({ id, message }: { id: string; message?: string | null }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-0.5 text-xs text-red-700" data-testid="field-error">
      {message}
    </p>
  );
}
