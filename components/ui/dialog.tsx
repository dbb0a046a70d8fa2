'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import { cn } from './cn';

/**
 * A modal on the native <dialog>: the browser traps focus, puts it in the top layer and
 * turns Escape into `cancel`, which we route to onClose so React state stays the owner.
 * Render it only while open. Mark the element that should get focus first with `data-autofocus`.
 */
export function Dialog({
  title,
  description,
  onClose,
  children,
  footer,
  className,
  dismissOnBackdrop = false,
}: {
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  className?: string;
  /** Close on a click outside the box; off for forms, so a stray click loses no typing. */
  dismissOnBackdrop?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (!el.open) el.showModal();
    // showModal() focuses the first focusable element (the close button); a form wants its first field.
    el.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    el.addEventListener('cancel', onCancel);
    return () => {
      el.removeEventListener('cancel', onCancel);
      if (el.open) el.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      className={cn(
        'fixed inset-0 m-auto flex max-h-[min(90vh,52rem)] w-[calc(100vw-2rem)] max-w-lg flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white p-0 text-[13px] text-zinc-900 shadow-xl',
        'backdrop:bg-zinc-950/40 [&:not([open])]:hidden',
        className,
      )}
      onMouseDown={(e) => {
        // A press on the backdrop (the dialog box itself, outside its content) closes it.
        if (dismissOnBackdrop && e.target === e.currentTarget) onCloseRef.current();
      }}
    >
      <header className="flex items-start justify-between gap-3 border-b border-zinc-200 px-4 py-3">
        <div className="min-w-0">
          <h2 id={titleId} className="text-[15px] font-semibold">
            {title}
          </h2>
          {description && (
            <p id={descId} className="mt-0.5 text-zinc-600">
              {description}
            </p>
          )}
        </div>
        <button
          type="button"
          onClick={() => onCloseRef.current()}
          className="-mr-1 rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900"
          aria-label="Close"
        >
          <svg viewBox="0 0 16 16" className="size-4" aria-hidden>
            <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
          </svg>
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-3">{children}</div>
      {footer && <footer className="flex flex-wrap items-center gap-2 border-t border-zinc-200 bg-zinc-50 px-4 py-2.5">{footer}</footer>}
    </dialog>
  );
}
