'use client';

import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { cn } from './cn';
import { Spinner } from './spinner';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
  /** Dimmed but still usable: the action probably does not apply now. */
  muted?: boolean;
  pending?: boolean;
  hint?: string;
  separatorBefore?: boolean;
}

/** A menu trigger that looks like a small secondary button (the menu's own trigger is an icon). */
export const MENU_BUTTON =
  'h-7! gap-1 rounded-md! border border-zinc-300 bg-white! px-2.5 text-xs font-medium text-zinc-800! shadow-xs hover:bg-zinc-50!';

/**
 * A button that opens a list of actions (role=menu / menuitem). The list is portalled and
 * placed with fixed coordinates, so scrolling containers (virtual tables) never clip it.
 */
export function Menu({
  label,
  items,
  trigger,
  className,
  align = 'end',
}: {
  /** Accessible name of the trigger, e.g. "Actions for web-1". */
  label: string;
  items: MenuItem[];
  trigger?: ReactNode;
  className?: string;
  align?: 'start' | 'end';
}) {
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const close = useCallback((focusTrigger = true) => {
    setOpen(false);
    if (focusTrigger) buttonRef.current?.focus();
  }, []);

  useLayoutEffect(() => {
    if (!open) return;
    const r = buttonRef.current?.getBoundingClientRect();
    const list = listRef.current;
    if (!r || !list) return;
    const h = list.offsetHeight;
    const w = list.offsetWidth;
    const below = r.bottom + 4 + h <= window.innerHeight;
    const top = below ? r.bottom + 4 : Math.max(4, r.top - 4 - h);
    const left = align === 'end' ? Math.max(4, r.right - w) : Math.min(r.left, window.innerWidth - w - 4);
    setPos({ top, left });
    list.querySelector<HTMLElement>('[role=menuitem]:not([disabled])')?.focus();
  }, [open, align]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (listRef.current?.contains(t) || buttonRef.current?.contains(t)) return;
      close(false);
    };
    const onScroll = (e: Event) => {
      if (listRef.current?.contains(e.target as Node)) return;
      close(false);
    };
    document.addEventListener('mousedown', onDown);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onScroll);
    return () => {
      document.removeEventListener('mousedown', onDown);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onScroll);
    };
  }, [open, close]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = Array.from(listRef.current?.querySelectorAll<HTMLElement>('[role=menuitem]:not([disabled])') ?? []);
    const i = all.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      all[(i + 1) % all.length]?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      all[(i - 1 + all.length) % all.length]?.focus();
    } else if (e.key === 'Tab') {
      close(false);
    }
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : (setPos(null), setOpen(true)))}
        className={cn(
          'inline-flex h-6 min-w-6 items-center justify-center rounded text-zinc-500 hover:bg-zinc-200/70 hover:text-zinc-900 aria-expanded:bg-zinc-200 aria-expanded:text-zinc-900',
          className,
        )}
      >
        {trigger ?? (
          <svg viewBox="0 0 16 16" className="size-4" aria-hidden>
            <circle cx="3.5" cy="8" r="1.3" fill="currentColor" />
            <circle cx="8" cy="8" r="1.3" fill="currentColor" />
            <circle cx="12.5" cy="8" r="1.3" fill="currentColor" />
          </svg>
        )}
      </button>
      {open &&
        createPortal(
          <div
            ref={listRef}
            id={menuId}
            role="menu"
            aria-label={label}
            onKeyDown={onKeyDown}
            style={{ top: pos?.top ?? -9999, left: pos?.left ?? -9999 }}
            className="fixed z-50 min-w-40 rounded-md border border-zinc-200 bg-white py-1 text-[13px] shadow-lg"
          >
            {items.map((item) => (
              <div key={item.label}>
                {item.separatorBefore && <div role="separator" className="my-1 border-t border-zinc-100" />}
                <button
                  type="button"
                  role="menuitem"
                  disabled={item.disabled || item.pending}
                  title={item.hint}
                  onClick={() => {
                    close();
                    item.onSelect();
                  }}
                  className={cn(
                    'flex w-full items-center gap-2 px-3 py-1 text-left outline-none focus:bg-sky-50 disabled:cursor-not-allowed disabled:text-zinc-400',
                    item.danger
                      ? 'text-red-700 hover:bg-red-50 focus:bg-red-50'
                      : item.muted
                        ? 'text-zinc-400 hover:bg-zinc-100'
                        : 'text-zinc-800 hover:bg-zinc-100',
                    item.muted && item.danger && 'opacity-50',
                  )}
                >
                  {item.pending && <Spinner />}
                  {item.label}
                </button>
              </div>
            ))}
          </div>,
          document.body,
        )}
    </>
  );
}
