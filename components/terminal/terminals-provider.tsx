'use client';

import { usePathname } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useRealtime } from '../realtime/realtime-provider';
import { leavingOnPurpose } from './leave';
import { asSpec, type TerminalSpec } from './spec';
import { INITIAL_META, type SessionMeta } from './session-meta';

export interface TerminalTab {
  key: string;
  spec: TerminalSpec;
  meta: SessionMeta;
  /** The server session to re-attach to when this tab was restored after a reload. */
  resume: string | null;
}

interface TerminalsStore {
  tabs: TerminalTab[];
  activeKey: string | null;
  setActive: (key: string) => void;
  open: (spec: TerminalSpec) => void;
  /** Closing a tab unmounts its TerminalView, which ends the shell on the server. */
  close: (key: string) => void;
  setMeta: (key: string, meta: SessionMeta) => void;
  /** The "New terminal" dialog, shared by the Terminals page and the dock. */
  dialog: boolean;
  setDialog: (open: boolean) => void;
  lastSpec: TerminalSpec | null;
  /** The dock on pages other than /terminals: just its tab strip, or the terminals too. */
  collapsed: boolean;
  setCollapsed: (collapsed: boolean) => void;
}

const Ctx = createContext<TerminalsStore | null>(null);

export function useTerminals(): TerminalsStore {
  const store = useContext(Ctx);
  if (!store) throw new Error('useTerminals outside TerminalsProvider');
  return store;
}

/** sessionStorage (this browser tab only, gone when it closes): the open terminals, to re-attach after a reload. */
const STORAGE_KEY = 'wharf.terminals';

let nextKey = 1;
const newTab = (spec: TerminalSpec, resume: string | null = null): TerminalTab => ({
  key: `t${nextKey++}`,
  spec,
  meta: INITIAL_META,
  resume,
});

const isLive = (t: TerminalTab) => t.meta.state !== 'ended';

function restore(): { tabs: TerminalTab[]; active: number } {
  try {
    const raw = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as { tabs?: unknown; active?: unknown } | null;
    if (!raw || !Array.isArray(raw.tabs)) return { tabs: [], active: 0 };
    const tabs: TerminalTab[] = [];
    for (const t of raw.tabs as Array<{ spec?: unknown; sessionId?: unknown }>) {
      const spec = asSpec(t?.spec);
      if (spec && typeof t.sessionId === 'string' && /^[0-9a-f]{16}$/.test(t.sessionId)) tabs.push(newTab(spec, t.sessionId));
    }
    return { tabs, active: typeof raw.active === 'number' ? raw.active : 0 };
  } catch {
    return { tabs: [], active: 0 };
  }
}

/**
 * The terminal workspace, above the pages: its tabs (and each tab's xterm and shell) live as long as
 * the console does, whatever page is shown; the open sessions are remembered in sessionStorage so a
 * reload re-attaches to them within the server's grace period. Leaving with open terminals through the
 * browser (close, reload, typed URL) asks first.
 */
export function TerminalsProvider({ children }: { children: ReactNode }) {
  const [tabs, setTabs] = useState<TerminalTab[]>([]);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [dialog, setDialog] = useState(false);
  const [lastSpec, setLastSpec] = useState<TerminalSpec | null>(null);
  const [collapsed, setCollapsed] = useState(true);
  const restored = useRef(false);

  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    const r = restore();
    if (!r.tabs.length) return;
    setTabs((ts) => [...r.tabs, ...ts]);
    setActiveKey((k) => k ?? r.tabs[Math.min(Math.max(r.active, 0), r.tabs.length - 1)]!.key);
  }, []);

  // Kept in step with the tabs: the sessions still alive (the environment stays out: it may hold secrets).
  useEffect(() => {
    if (!restored.current) return;
    const keep = tabs
      .filter(isLive)
      .map((t) => ({ t, sessionId: t.meta.sessionId ?? t.resume }))
      .filter((x) => x.sessionId);
    try {
      if (!keep.length) sessionStorage.removeItem(STORAGE_KEY);
      else {
        sessionStorage.setItem(
          STORAGE_KEY,
          JSON.stringify({
            tabs: keep.map(({ t, sessionId }) => ({ spec: { ...t.spec, env: [] }, sessionId })),
            active: Math.max(
              keep.findIndex(({ t }) => t.key === activeKey),
              0,
            ),
          }),
        );
      }
    } catch {
      // Storage unavailable: a reload starts without terminals (their shells end after the grace period).
    }
  }, [tabs, activeKey]);

  // The server ended the sign-in: the shells went with it, and leaving for the sign-in page must not ask.
  const { socket } = useRealtime();
  const leaving = useRef(false);
  useEffect(() => {
    if (!socket) return;
    const gone = () => {
      leaving.current = true;
    };
    const refused = (err: Error) => {
      if (err.message === 'UNAUTHENTICATED') gone();
    };
    socket.on('session.expired', gone);
    socket.on('session.ended', gone);
    socket.on('connect_error', refused);
    return () => {
      socket.off('session.expired', gone);
      socket.off('session.ended', gone);
      socket.off('connect_error', refused);
    };
  }, [socket]);

  const live = tabs.some(isLive);
  useEffect(() => {
    if (!live) return;
    const ask = (e: BeforeUnloadEvent) => {
      if (leaving.current || leavingOnPurpose()) return;
      e.preventDefault();
      // Older browsers need returnValue set to show the prompt.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [live]);

  const open = useCallback((spec: TerminalSpec) => {
    const tab = newTab(spec);
    setTabs((ts) => [...ts, tab]);
    setActiveKey(tab.key);
    setLastSpec(spec);
    setCollapsed(false);
  }, []);

  const close = useCallback(
    (key: string) => {
      const i = tabs.findIndex((t) => t.key === key);
      const rest = tabs.filter((t) => t.key !== key);
      setTabs((ts) => ts.filter((t) => t.key !== key));
      if (key === activeKey) setActiveKey(rest[Math.min(i, rest.length - 1)]?.key ?? null);
    },
    [tabs, activeKey],
  );

  const setMeta = useCallback((key: string, meta: SessionMeta) => {
    setTabs((ts) => ts.map((t) => (t.key === key ? { ...t, meta } : t)));
  }, []);

  const value = useMemo<TerminalsStore>(
    () => ({ tabs, activeKey, setActive: setActiveKey, open, close, setMeta, dialog, setDialog, lastSpec, collapsed, setCollapsed }),
    [tabs, activeKey, open, close, setMeta, dialog, lastSpec, collapsed],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** On /terminals the workspace fills the page under its header; elsewhere it is a dock at the bottom. */
export function useDockFillsPage(): boolean {
  const pathname = usePathname();
  const { tabs } = useTerminals();
  return pathname.startsWith('/terminals') && tabs.length > 0;
}
