'use client';

import dynamic from 'next/dynamic';
import { useEffect, useId, useRef, useState } from 'react';
import type { Operation } from '@/server/contracts/images';
import { useCurrentUser } from '../auth/use-auth';
import { useLiveQuery } from '../realtime/use-live';
import { cn } from '../ui/cn';

// The panel and its rows load when it is first opened, not with every page.
const ActivityPanel = dynamic(() => import('./activity-panel').then((m) => m.ActivityPanel), { ssr: false });

/**
 * The activity tray: every long operation (pull, push, build, load, prune, …) on every host, live,
 * for every signed-in user. A button in the sidebar with the number running; it opens a panel that
 * lists them newest first, running and ended (with result and duration).
 */
export function ActivityTray() {
  const ops = useLiveQuery<Operation[]>({ kind: 'operations' });
  const user = useCurrentUser();
  const [open, setOpen] = useState(false);
  // Ended since the panel was last looked at: the button says so until it is opened.
  const [seenAt, setSeenAt] = useState(() => Date.now());
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const list = ops.data ?? [];
  const running = list.filter((o) => o.state === 'running').length;
  const unseen = open ? [] : list.filter((o) => o.endedAt && Date.parse(o.endedAt) > seenAt);
  const unseenFailed = unseen.some((o) => o.state === 'failed');

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!panelRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [open]);

  function toggle() {
    setOpen((o) => !o);
    setSeenAt(Date.now());
  }

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        onClick={toggle}
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="activity-button"
        data-running={running}
        className={cn(
          'flex w-full items-center gap-2 rounded-md px-2.5 py-1.5 text-left font-medium transition-colors md:max-lg:justify-center md:max-lg:px-0 max-md:w-auto max-md:px-2',
          open ? 'bg-zinc-800 text-white' : 'text-zinc-400 hover:bg-zinc-800/60 hover:text-zinc-100',
        )}
      >
        <svg
          viewBox="0 0 16 16"
          className={cn('size-4 shrink-0', running > 0 && 'text-sky-400')}
          fill="none"
          stroke="currentColor"
          strokeWidth="1.4"
          aria-hidden
        >
          <path d="M1.5 8.5h3l2-5 3 9 2-4h3" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className="flex-1 max-lg:sr-only">Activity</span>
        {running > 0 ? (
          <span
            className="inline-flex items-center gap-1 rounded-full bg-sky-500/20 px-1.5 text-[11px] tabular-nums text-sky-300"
            aria-label={`${running} running`}
          >
            <span className="size-1.5 animate-pulse rounded-full bg-sky-400" aria-hidden />
            {running}
          </span>
        ) : unseen.length > 0 ? (
          <span
            className={cn('size-2 rounded-full', unseenFailed ? 'bg-red-500' : 'bg-emerald-500')}
            aria-label={unseenFailed ? 'an operation failed' : 'operations ended'}
            role="img"
          />
        ) : null}
      </button>
      {open && (
        <ActivityPanel
          id={panelId}
          panelRef={panelRef}
          list={list}
          canManage={!!user && user.role !== 'viewer'}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
