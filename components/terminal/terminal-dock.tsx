'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { useEngines } from '../hosts/use-engines';
import { cn } from '../ui/cn';
import { NewTerminalDialog } from './new-terminal-dialog';
import { shellLabel } from './spec';
import { TerminalView, type SessionMeta } from './terminal-view';
import { useDockFillsPage, useTerminals, type TerminalTab } from './terminals-provider';

const shortId = (ref: string) => (/^[0-9a-f]{64}$/.test(ref) ? ref.slice(0, 12) : ref);

/**
 * Every open terminal, mounted once for the whole console: the same xterm and shell whichever page is
 * shown. On /terminals it is the page's workspace; on other pages a dock under the page, its terminals
 * shown or folded to the tab strip. Hidden panels stay mounted so scrollback and shells live on.
 */
export function TerminalDock() {
  const { tabs, activeKey, setActive, open, close, setMeta, dialog, setDialog, lastSpec, collapsed, setCollapsed } = useTerminals();
  const fillsPage = useDockFillsPage();
  // Leaving /terminals folds the dock to its tabs: the next page gets the room, the shells stay.
  const pathname = usePathname();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current.startsWith('/terminals') && !pathname.startsWith('/terminals')) setCollapsed(true);
    previous.current = pathname;
  }, [pathname, setCollapsed]);
  const engines = useEngines();
  const hostName = (id: string) => engines.data?.find((e) => e.id === id)?.name ?? id;
  const shown = fillsPage || !collapsed;
  const label = (t: TerminalTab) =>
    `${t.meta.containerName ?? shortId(t.spec.container)} · ${t.meta.hostName ?? hostName(t.spec.hostId)} · ${shellLabel(t.spec)}`;

  const dialogs = dialog && (
    <NewTerminalDialog
      initial={lastSpec ? { hostId: lastSpec.hostId, container: lastSpec.container } : undefined}
      onClose={() => setDialog(false)}
      onOpen={(spec) => {
        setDialog(false);
        open(spec);
      }}
    />
  );
  if (tabs.length === 0) return dialogs || null;

  return (
    <section
      aria-label="Terminals"
      data-testid="terminal-dock"
      data-mode={fillsPage ? 'page' : shown ? 'dock' : 'folded'}
      className={cn(
        fillsPage ? 'flex min-h-[24rem] flex-1 flex-col px-5 pb-4 max-sm:px-3' : 'flex shrink-0 flex-col',
        !fillsPage && shown && 'h-[42vh] min-h-60',
      )}
    >
      <div
        className={cn(
          'flex min-h-0 flex-1 flex-col overflow-hidden bg-zinc-950',
          fillsPage ? 'rounded-lg border border-zinc-800 shadow-xs' : 'border-t border-zinc-700',
        )}
      >
        <div className="flex shrink-0 border-b border-zinc-800 bg-zinc-900">
          <div role="tablist" aria-label="Terminals" className="flex min-w-0 flex-1 overflow-x-auto">
            {tabs.map((t) => {
              const active = t.key === activeKey;
              const text = label(t);
              return (
                <div
                  key={t.key}
                  data-testid="terminal-tab"
                  data-state={t.meta.state}
                  className={cn(
                    'group flex max-w-72 shrink-0 items-center border-r border-zinc-800 text-xs',
                    active ? 'bg-zinc-950 text-zinc-100' : 'text-zinc-400 hover:bg-zinc-800/60 hover:text-zinc-200',
                  )}
                >
                  <button
                    type="button"
                    role="tab"
                    id={`tab-${t.key}`}
                    aria-selected={active}
                    aria-controls={`panel-${t.key}`}
                    onClick={() => {
                      setActive(t.key);
                      setCollapsed(false);
                    }}
                    title={text}
                    className="flex min-w-0 items-center gap-2 py-2 pr-1 pl-3"
                  >
                    <StatusDot meta={t.meta} />
                    <span className="truncate">{text}</span>
                  </button>
                  <button
                    type="button"
                    onClick={() => close(t.key)}
                    aria-label={`Close ${text}`}
                    title="Close (ends the shell)"
                    data-testid="terminal-tab-close"
                    className="mr-1.5 rounded p-0.5 text-zinc-500 hover:bg-zinc-700 hover:text-white"
                  >
                    <svg viewBox="0 0 16 16" className="size-3.5" aria-hidden>
                      <path d="M4.5 4.5l7 7M11.5 4.5l-7 7" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
                    </svg>
                  </button>
                </div>
              );
            })}
            <button
              type="button"
              onClick={() => setDialog(true)}
              aria-label="New terminal"
              title="New terminal"
              className="shrink-0 px-3 text-zinc-400 hover:bg-zinc-800/60 hover:text-white"
            >
              <svg viewBox="0 0 16 16" className="size-3.5" aria-hidden>
                <path d="M8 3.5v9M3.5 8h9" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
              </svg>
            </button>
          </div>
          {!fillsPage && (
            <div className="flex shrink-0 items-center gap-1 border-l border-zinc-800 px-2 text-xs">
              <Link
                href="/terminals"
                className="rounded px-2 py-1 text-zinc-400 hover:bg-zinc-800 hover:text-white"
                title="Show the terminals full page"
              >
                Full page
              </Link>
              <button
                type="button"
                data-testid="terminal-dock-toggle"
                aria-expanded={shown}
                onClick={() => setCollapsed(shown)}
                title={shown ? 'Fold the dock to its tabs (the shells keep running)' : 'Show the terminals'}
                className="rounded px-2 py-1 text-zinc-400 hover:bg-zinc-800 hover:text-white"
              >
                {shown ? 'Hide' : 'Show'}
                <span className="sr-only"> terminals</span>
              </button>
            </div>
          )}
        </div>
        <div className={cn('relative min-h-0 flex-1', !shown && 'hidden')}>
          {tabs.map((t) => (
            <div
              key={t.key}
              id={`panel-${t.key}`}
              role="tabpanel"
              aria-labelledby={`tab-${t.key}`}
              hidden={t.key !== activeKey}
              className="absolute inset-0 flex flex-col"
            >
              <TerminalView
                spec={t.spec}
                resume={t.resume}
                active={shown && t.key === activeKey}
                className="flex-1"
                onMeta={(meta) => setMeta(t.key, meta)}
                onNewShell={() => open(t.spec)}
              />
            </div>
          ))}
        </div>
      </div>
      {dialogs}
    </section>
  );
}

function StatusDot({ meta }: { meta: SessionMeta }) {
  const look =
    meta.state === 'open'
      ? { cls: 'bg-emerald-400', text: 'open' }
      : meta.state === 'opening' || meta.state === 'reconnecting'
        ? { cls: 'bg-amber-400 animate-pulse', text: meta.state }
        : meta.error || meta.lost
          ? { cls: 'bg-red-400', text: 'ended' }
          : { cls: 'bg-zinc-500', text: 'ended' };
  return (
    <span className="inline-flex shrink-0" title={look.text}>
      <span aria-hidden className={cn('size-2 rounded-full', look.cls)} />
      <span className="sr-only">{look.text}</span>
    </span>
  );
}
