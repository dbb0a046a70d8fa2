'use client';

import type { RefObject } from 'react';
import type { Operation } from '@/server/contracts/images';
import { cn } from '../ui/cn';
import { OperationRow } from './operation-row';

/** The tray's panel: every operation newest first, running and ended. */
export function ActivityPanel({
  id,
  panelRef,
  list,
  canManage,
  onClose,
}: {
  id: string;
  panelRef: RefObject<HTMLDivElement | null>;
  list: Operation[];
  canManage: boolean;
  onClose: () => void;
}) {
  const running = list.filter((o) => o.state === 'running').length;
  return (
    <div
      ref={panelRef}
      id={id}
      role="region"
      aria-label="Activity"
      data-testid="activity-panel"
      className={cn(
        'fixed z-50 flex flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white text-[13px] text-zinc-900 shadow-2xl',
        'bottom-3 left-[12.5rem] max-h-[min(78vh,44rem)] w-[min(32rem,calc(100vw-13.5rem))]',
        'md:max-lg:left-16 md:max-lg:w-[min(32rem,calc(100vw-5rem))] max-md:inset-x-2 max-md:top-14 max-md:bottom-auto max-md:left-2 max-md:w-auto',
      )}
    >
      <header className="flex items-center justify-between gap-2 border-b border-zinc-200 px-3 py-2">
        <h2 className="text-[14px] font-semibold">
          Activity
          <span className="ml-2 text-xs font-normal text-zinc-500">
            {running ? `${running} running` : 'nothing running'}
            {list.length > running ? ` · ${list.length - running} ended` : ''}
          </span>
        </h2>
        <button
          type="button"
          onClick={onClose}
          className="rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900"
          aria-label="Close activity"
        >
          <svg viewBox="0 0 16 16" className="size-4" aria-hidden>
            <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
          </svg>
        </button>
      </header>
      {list.length === 0 ? (
        <p className="px-4 py-8 text-center text-zinc-500">
          No long operations yet. Pulls, pushes, builds, loads and prunes show here while they run, and after they end.
        </p>
      ) : (
        <ul className="min-h-0 flex-1 divide-y divide-zinc-100 overflow-y-auto" data-testid="activity-list">
          {list.map((op) => (
            <OperationRow key={op.id} op={op} canManage={canManage} />
          ))}
        </ul>
      )}
      <footer className="border-t border-zinc-200 bg-zinc-50 px-3 py-1.5 text-[11px] text-zinc-500">
        Ended operations stay here while Wharf runs; the audit log keeps the record.
      </footer>
    </div>
  );
}
