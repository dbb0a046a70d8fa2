'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useEngines } from '../hosts/use-engines';
import { PageHeader } from '../layout/page-header';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { EmptyState } from '../ui/empty-state';
import { ConfirmTerminalDialog } from './confirm-terminal-dialog';
import { NewTerminalDialog } from './new-terminal-dialog';
import { shellLabel, specFromParams, type TerminalSpec } from './spec';
import { INITIAL_META, TerminalView, type SessionMeta } from './terminal-view';

interface Tab {
  key: string;
  spec: TerminalSpec;
  meta: SessionMeta;
}

let nextKey = 1;
const newTab = (spec: TerminalSpec): Tab => ({ key: `t${nextKey++}`, spec, meta: INITIAL_META });

const shortId = (ref: string) => (/^[0-9a-f]{64}$/.test(ref) ? ref.slice(0, 12) : ref);

/**
 * /terminals: several terminals at once, as tabs (same or different containers and hosts).
 * Hidden tabs stay mounted so their scrollback and shells live on; closing a tab (or leaving the page)
 * ends its shell on the server.
 */
export function TerminalsWorkspace() {
  const [tabs, setTabs] = useState<Tab[]>([]);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [dialog, setDialog] = useState(false);
  const [lastSpec, setLastSpec] = useState<TerminalSpec | null>(null);
  const engines = useEngines();
  const hostName = (id: string) => engines.data?.find((e) => e.id === id)?.name ?? id;

  const open = useCallback((spec: TerminalSpec) => {
    const tab = newTab(spec);
    setTabs((ts) => [...ts, tab]);
    setActiveKey(tab.key);
    setLastSpec(spec);
  }, []);

  // ?host=&container=(&shell=…) only pre-fills a confirmation: no URL ever opens a terminal by itself
  // (a page elsewhere can send the browser here with the session cookie; see ConfirmTerminalDialog).
  const [pending, setPending] = useState<{ spec: TerminalSpec; edit: boolean } | null>(null);
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const consumed = useRef<string | null>(null);
  useEffect(() => {
    const query = params.toString();
    const spec = specFromParams(new URLSearchParams(query));
    if (!spec) {
      consumed.current = null;
      return;
    }
    if (consumed.current === query) return;
    consumed.current = query;
    setDialog(false);
    setPending({ spec, edit: false });
    // Drop the query so a reload does not ask again and the same link asks again when followed again.
    router.replace(pathname, { scroll: false });
  }, [params, router, pathname]);

  // Unmounting the tab's TerminalView sends exec.close: the shell ends with the tab.
  const close = (key: string) => {
    const i = tabs.findIndex((t) => t.key === key);
    const rest = tabs.filter((t) => t.key !== key);
    setTabs((ts) => ts.filter((t) => t.key !== key));
    if (key === activeKey) setActiveKey(rest[Math.min(i, rest.length - 1)]?.key ?? null);
  };

  const setMeta = useCallback((key: string, meta: SessionMeta) => {
    setTabs((ts) => ts.map((t) => (t.key === key ? { ...t, meta } : t)));
  }, []);

  const label = (t: Tab) =>
    `${t.meta.containerName ?? shortId(t.spec.container)} · ${t.meta.hostName ?? hostName(t.spec.hostId)} · ${shellLabel(t.spec)}`;

  return (
    <div className="flex h-full min-h-[32rem] flex-col px-5 py-4 max-sm:px-3">
      <PageHeader
        title="Terminals"
        subtitle="Shells inside running containers. Closing a tab ends its shell."
        actions={
          <Button variant="primary" onClick={() => setDialog(true)}>
            New terminal
          </Button>
        }
      />

      {tabs.length === 0 ? (
        <EmptyState
          title="No terminal open"
          action={
            <Button variant="primary" onClick={() => setDialog(true)}>
              New terminal
            </Button>
          }
        >
          Open a shell in a running container — bash, sh or a command of your choice — or attach to its main process. Several can be open at
          once, as tabs.
        </EmptyState>
      ) : (
        <div className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-lg border border-zinc-800 bg-zinc-950 shadow-xs">
          <div role="tablist" aria-label="Terminals" className="flex shrink-0 overflow-x-auto border-b border-zinc-800 bg-zinc-900">
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
                    onClick={() => setActiveKey(t.key)}
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
          <div className="relative min-h-0 flex-1">
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
                  active={t.key === activeKey}
                  className="flex-1"
                  onMeta={(meta) => setMeta(t.key, meta)}
                  onNewShell={() => open(t.spec)}
                />
              </div>
            ))}
          </div>
        </div>
      )}

      {pending && !pending.edit && (
        <ConfirmTerminalDialog
          spec={pending.spec}
          onCancel={() => setPending(null)}
          onEdit={() => setPending({ ...pending, edit: true })}
          onConfirm={(spec) => {
            setPending(null);
            open(spec);
          }}
        />
      )}

      {pending?.edit && (
        <NewTerminalDialog
          initial={pending.spec}
          onClose={() => setPending(null)}
          onOpen={(spec) => {
            setPending(null);
            open(spec);
          }}
        />
      )}

      {dialog && !pending && (
        <NewTerminalDialog
          initial={lastSpec ? { hostId: lastSpec.hostId, container: lastSpec.container } : undefined}
          onClose={() => setDialog(false)}
          onOpen={(spec) => {
            setDialog(false);
            open(spec);
          }}
        />
      )}
    </div>
  );
}

function StatusDot({ meta }: { meta: SessionMeta }) {
  const look =
    meta.state === 'open'
      ? { cls: 'bg-emerald-400', text: 'open' }
      : meta.state === 'opening'
        ? { cls: 'bg-amber-400 animate-pulse', text: 'opening' }
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
