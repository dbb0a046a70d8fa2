'use client';

import type { FitAddon } from '@xterm/addon-fit';
import type { ITheme, Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ExecExit, ExecReattached } from '@/server/contracts/exec';
import { DETACH_LABEL } from '@/server/contracts/exec-options';
import { sessionEndedMessage, useRealtime, type WharfClientSocket } from '../realtime/realtime-provider';
import { cn } from '../ui/cn';
import { Spinner } from '../ui/spinner';
import type { Ack } from '@/server/contracts/socket-events';
import { beginOpen, toBytes } from './exec-router';
import { INITIAL_META, type SessionMeta } from './session-meta';
import { popOut, type TerminalSpec } from './spec';

export { INITIAL_META, type SessionMeta, type SessionState } from './session-meta';

// Matches the console's zinc/sky palette.
const THEME: ITheme = {
  background: '#09090b',
  foreground: '#e4e4e7',
  cursor: '#38bdf8',
  cursorAccent: '#09090b',
  selectionBackground: '#0369a199',
  selectionForeground: '#ffffff',
  black: '#27272a',
  red: '#f87171',
  green: '#4ade80',
  yellow: '#facc15',
  blue: '#60a5fa',
  magenta: '#e879f9',
  cyan: '#22d3ee',
  white: '#d4d4d8',
  brightBlack: '#71717a',
  brightRed: '#fca5a5',
  brightGreen: '#86efac',
  brightYellow: '#fde047',
  brightBlue: '#93c5fd',
  brightMagenta: '#f0abfc',
  brightCyan: '#67e8f9',
  brightWhite: '#fafafa',
};
const FONT = 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';
const OPEN_TIMEOUT_MS = 30_000;
const RESIZE_DEBOUNCE_MS = 50;

const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Not a secure context or no permission: the browser's own copy (context menu, Cmd-C) still works.
  }
}

function fitIfVisible(fit: FitAddon, el: HTMLElement | null): void {
  if (!el || el.clientWidth === 0 || el.clientHeight === 0) return;
  try {
    fit.fit();
  } catch {
    // not measurable yet
  }
}

/**
 * One interactive terminal: xterm.js in the browser, a `docker exec -it` (or attach) session on the server.
 * Output is written straight into xterm and acknowledged once written (end-to-end flow control);
 * React state changes only when the session opens or ends.
 */
export function TerminalView({
  spec,
  resume = null,
  active = true,
  onMeta,
  onNewShell,
  allowPopOut = true,
  className,
}: {
  spec: TerminalSpec;
  /** A session that outlived this page (kept in sessionStorage across a reload): re-attach to it instead of opening one. */
  resume?: string | null;
  /** Visible: fitted and focused when it becomes so. */
  active?: boolean;
  onMeta?: (meta: SessionMeta) => void;
  /** Opens the same spec in a new tab; hidden when absent. */
  onNewShell?: () => void;
  allowPopOut?: boolean;
  className?: string;
}) {
  const { socket } = useRealtime();
  const hostRef = useRef<HTMLDivElement>(null);
  const xtermRef = useRef<{ term: Terminal; fit: FitAddon } | null>(null);
  /** What the xterm callbacks need, without re-creating them: the live socket and session. */
  const live = useRef<{ socket: WharfClientSocket | null; sessionId: string | null; open: boolean }>({
    socket: null,
    sessionId: null,
    open: false,
  });
  const resumeRef = useRef(resume);
  const [ready, setReady] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [meta, setMeta] = useState<SessionMeta>(INITIAL_META);
  const onMetaRef = useRef(onMeta);
  useEffect(() => {
    onMetaRef.current = onMeta;
  });
  useEffect(() => {
    onMetaRef.current?.(meta);
  }, [meta]);

  // The terminal itself: created once, client-side only (xterm touches window), disposed on unmount.
  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    void (async () => {
      const [{ Terminal }, { FitAddon }, { WebLinksAddon }] = await Promise.all([
        import('@xterm/xterm'),
        import('@xterm/addon-fit'),
        import('@xterm/addon-web-links'),
      ]);
      const el = hostRef.current;
      if (disposed || !el) return;
      const term = new Terminal({
        theme: THEME,
        fontFamily: FONT,
        fontSize: 13,
        lineHeight: 1.15,
        cursorBlink: true,
        scrollback: 10_000,
        macOptionIsMeta: true,
        rightClickSelectsWord: true,
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.loadAddon(new WebLinksAddon((_e, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
      term.open(el);
      fitIfVisible(fit, el);
      // For tests and tools: the grid size, kept on the element without a React render.
      const showSize = () => {
        el.dataset.cols = String(term.cols);
        el.dataset.rows = String(term.rows);
      };
      showSize();

      const disposables = [
        term.onData((data) => {
          const l = live.current;
          if (l.open && l.socket && l.sessionId) l.socket.emit('exec.input', { sessionId: l.sessionId, data });
        }),
        term.onResize(({ cols, rows }) => {
          showSize();
          const l = live.current;
          if (l.open && l.socket && l.sessionId) l.socket.emit('exec.resize', { sessionId: l.sessionId, cols, rows });
        }),
      ];

      // Ctrl-Shift-C copies the selection; Ctrl-Shift-V / Shift-Insert are left to the browser, whose
      // paste event xterm turns into input (onData). Plain Ctrl-C / Ctrl-V go to the shell, as in any terminal.
      term.attachCustomKeyEventHandler((e) => {
        const key = e.key.toLowerCase();
        const copy = (e.ctrlKey && e.shiftKey && key === 'c') || (e.ctrlKey && !e.shiftKey && key === 'insert');
        const paste = (e.ctrlKey && e.shiftKey && key === 'v') || (e.shiftKey && !e.ctrlKey && key === 'insert');
        if (copy) {
          e.preventDefault(); // Ctrl-Shift-C would open the browser's inspector
          if (e.type === 'keydown' && term.hasSelection()) void copyText(term.getSelection());
          return false;
        }
        return !paste;
      });

      let timer: ReturnType<typeof setTimeout> | undefined;
      const scheduleFit = () => {
        clearTimeout(timer);
        timer = setTimeout(() => fitIfVisible(fit, el), RESIZE_DEBOUNCE_MS);
      };
      const ro = new ResizeObserver(scheduleFit);
      ro.observe(el);
      window.addEventListener('resize', scheduleFit);

      xtermRef.current = { term, fit };
      setReady(true);
      cleanup = () => {
        clearTimeout(timer);
        ro.disconnect();
        window.removeEventListener('resize', scheduleFit);
        for (const d of disposables) d.dispose();
        term.dispose();
        xtermRef.current = null;
      };
    })();
    return () => {
      disposed = true;
      cleanup();
    };
  }, []);

  // The session: opened once the terminal and the socket are there, again on "Reconnect"; closed on unmount.
  useEffect(() => {
    const x = xtermRef.current;
    if (!ready || !socket || !x) return;
    const { term, fit } = x;
    const l = live.current;
    let cancelled = false;
    let ended = false;
    let stopRoute = () => {};
    /** Bytes of the session's output this screen holds: a re-attach asks for what comes after. */
    let received = 0;
    l.socket = socket;
    l.sessionId = null;
    l.open = false;
    if (attempt > 0) {
      // A new session in the same scrollback: undo whatever modes the last program left behind.
      // (Leave the alternate screen, plain attributes, no mouse reporting / bracketed paste / app keys, cursor shown.)
      const leaveAlt = term.buffer.active.type === 'alternate' ? '\x1b[?1049l' : '';
      term.write(
        `${leaveAlt}\x1b[0m\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?1l\x1b[?25h\r\n${DIM}[reconnecting…]${RESET}\r\n`,
      );
    }
    setMeta({ ...INITIAL_META });

    const end = (line: string, patch: Partial<SessionMeta>) => {
      if (ended) return;
      ended = true;
      l.open = false;
      stopRoute();
      term.write(line ? `\r\n${line}\x1b[?25l` : '\x1b[?25l');
      setMeta((m) => ({ ...m, ...patch, state: 'ended' }));
    };

    // The server ended the whole session (revoked, user disabled…): say so in the terminal, then it hangs up.
    const onSessionEnded = (p: Parameters<typeof sessionEndedMessage>[0]) => {
      if (cancelled) return;
      const why = sessionEndedMessage(p);
      end(`${RED}[${why} — the shell was closed]${RESET}\r\n`, { lost: true, endedBy: why });
    };

    // The shell outlives the connection for the server's grace period: wait for the socket and re-attach.
    const onDisconnect = () => {
      if (cancelled || ended) return;
      if (l.sessionId) {
        l.open = false;
        setMeta((m) => ({ ...m, state: 'reconnecting' }));
      } else end('', { lost: true, error: 'Connection lost before the terminal opened. Reconnect to try again.' });
    };

    const handlers = {
      output: (data: Uint8Array, done: () => void) => {
        received += data.byteLength;
        term.write(data, done);
      },
      exit: (info: ExecExit) => {
        if (info.cause === 'moved') return end(`${DIM}[${info.reason} — this tab no longer shows it]${RESET}\r\n`, { exit: info });
        const what = info.exitCode !== null ? `exited with code ${info.exitCode}` : 'ended';
        const color = info.exitCode ? RED : DIM;
        const extra = info.cause === 'detached' ? ' — the container keeps running' : '';
        // "bash was not found in the container": the shell never ran; say so as loudly as a failed open.
        const missing = info.cause === 'command-not-found';
        end(`${color}[${what} — ${info.reason}${extra}]${RESET}\r\n`, {
          exit: info,
          ...(missing ? { error: `${info.reason}. Pick another shell — auto uses bash if present, else sh.` } : {}),
        });
      },
    };

    /** Takes the session back (after a reload: a fresh screen, `since` null; after a dropped socket: what this screen lacks). */
    const reattach = (sessionId: string, fresh: boolean) => {
      if (cancelled || ended) return;
      fitIfVisible(fit, hostRef.current);
      const settle = beginOpen(socket);
      stopRoute();
      socket
        .timeout(OPEN_TIMEOUT_MS)
        .emit(
          'exec.reattach',
          { sessionId, since: fresh ? null : received },
          (err: Error | null, reply?: Parameters<Ack<ExecReattached>>[0]) => {
            if (cancelled || ended) return void settle(null);
            if (err || !reply) {
              settle(null);
              return end(`${RED}[the server did not answer — the shell may still run until its grace period ends]${RESET}\r\n`, {
                lost: true,
              });
            }
            if (!reply.ok) {
              settle(null);
              return end(`${RED}[the shell has ended — ${reply.message}]${RESET}\r\n`, { lost: true });
            }
            const { containerName, hostName, replay, reset, offset } = reply.data;
            if (reset) term.reset();
            term.write(toBytes(replay));
            received = offset;
            l.sessionId = sessionId;
            l.open = true;
            stopRoute = settle(sessionId, handlers);
            setMeta((m) => ({ ...m, state: 'open', sessionId, containerName, hostName }));
            // Whatever size this screen has now is the shell's size too.
            socket.emit('exec.resize', { sessionId, cols: term.cols, rows: term.rows });
            if (active) term.focus();
          },
        );
    };

    const onReconnect = () => {
      if (l.sessionId && !l.open) reattach(l.sessionId, false);
    };

    const open = () => {
      if (cancelled) return;
      const resumed = attempt === 0 ? resumeRef.current : null;
      if (resumed) return reattach(resumed, true);
      fitIfVisible(fit, hostRef.current);
      const { cols, rows } = term;
      const settle = beginOpen(socket);
      const handle = (
        err: Error | null,
        reply:
          | { ok: true; data: { sessionId: string; containerName: string; hostName: string } }
          | { ok: false; code: string; message: string }
          | undefined,
      ) => {
        if (cancelled || ended) {
          settle(null);
          // The tab went away (or the connection dropped) while opening: end what was opened.
          if (!err && reply?.ok) socket.emit('exec.close', { sessionId: reply.data.sessionId });
          return;
        }
        if (err || !reply) {
          settle(null);
          return end('', { error: 'The server did not answer in time. Try again.' });
        }
        if (!reply.ok) {
          settle(null);
          return end('', { error: reply.message });
        }
        const { sessionId, containerName, hostName } = reply.data;
        l.sessionId = sessionId;
        l.open = true;
        stopRoute = settle(sessionId, handlers);
        if (spec.mode === 'attach') {
          // The main process does not redraw on attach: say where we are and how to leave.
          term.write(
            `${DIM}[attached to ${containerName}'s main process — press Enter if nothing shows; detach with ${DETACH_LABEL}]${RESET}\r\n`,
          );
        }
        setMeta((m) => ({ ...m, state: 'open', sessionId, containerName, hostName }));
        // The panel may have changed size while the session was opening.
        if (term.cols !== cols || term.rows !== rows) socket.emit('exec.resize', { sessionId, cols: term.cols, rows: term.rows });
        if (active) term.focus();
      };
      const s = socket.timeout(OPEN_TIMEOUT_MS);
      if (spec.mode === 'attach') s.emit('attach.open', { hostId: spec.hostId, id: spec.container, cols, rows }, handle);
      else {
        s.emit(
          'exec.open',
          {
            hostId: spec.hostId,
            id: spec.container,
            shell: spec.shell,
            command: spec.shell === 'custom' ? spec.command : [],
            user: spec.user,
            workingDir: spec.workingDir,
            env: spec.env,
            tty: true,
            cols,
            rows,
          },
          handle,
        );
      }
    };

    // Signed out (here or in another tab): the server ended the shell with the sign-in.
    const onExpired = () => {
      if (!cancelled && l.sessionId) end(`${RED}[signed out — the shell was closed]${RESET}\r\n`, { lost: true, endedBy: 'Signed out' });
    };

    socket.on('disconnect', onDisconnect);
    socket.on('session.ended', onSessionEnded);
    socket.on('session.expired', onExpired);
    socket.on('connect', onReconnect);
    if (socket.connected) open();
    else socket.once('connect', open);

    return () => {
      cancelled = true;
      socket.off('disconnect', onDisconnect);
      socket.off('session.ended', onSessionEnded);
      socket.off('session.expired', onExpired);
      socket.off('connect', onReconnect);
      socket.off('connect', open);
      stopRoute();
      // Unmounted = the tab was closed: the shell ends with it (a reload never gets here).
      // While reconnecting, socket.io holds the close and sends it on the next connection.
      if (l.sessionId && !ended) socket.emit('exec.close', { sessionId: l.sessionId });
      l.open = false;
      l.sessionId = null;
    };
    // `active` is read at open time only; focusing on activation is the effect below.
  }, [ready, socket, attempt, spec]);

  // Becoming visible: fit to the panel and take the keyboard.
  useEffect(() => {
    const x = xtermRef.current;
    if (!active || !ready || !x) return;
    const raf = requestAnimationFrame(() => {
      fitIfVisible(x.fit, hostRef.current);
      x.term.focus();
    });
    return () => cancelAnimationFrame(raf);
  }, [active, ready]);

  const reconnect = () => setAttempt((n) => n + 1);
  const ended = meta.state === 'ended';

  return (
    <div
      data-testid="terminal-panel"
      data-session-id={meta.sessionId ?? ''}
      data-state={meta.state}
      className={cn('flex min-h-0 flex-col overflow-hidden bg-zinc-950 text-zinc-300', className)}
    >
      <div className="flex min-h-8 flex-wrap items-center gap-x-3 gap-y-1 border-b border-zinc-800 px-3 py-1 text-xs">
        <SessionStatus meta={meta} />
        {spec.mode === 'attach' && (
          <span
            data-testid="detach-hint"
            className="rounded border border-amber-500/40 bg-amber-500/10 px-1.5 py-px font-medium text-amber-300"
          >
            Detach: {DETACH_LABEL}
          </span>
        )}
        <span className="ml-auto hidden text-zinc-500 lg:inline">Copy: Ctrl-Shift-C · Paste: Ctrl-Shift-V</span>
        <div className="flex items-center gap-1.5 max-lg:ml-auto">
          {ended && !meta.error && !meta.endedBy && (
            <>
              <ToolbarButton onClick={reconnect} title="Open a new session in this tab, keeping the scrollback">
                Reconnect
              </ToolbarButton>
              {onNewShell && spec.mode === 'exec' && (
                <ToolbarButton onClick={onNewShell} title="Open the same terminal again in a new tab">
                  New shell
                </ToolbarButton>
              )}
            </>
          )}
          {allowPopOut && (
            <ToolbarButton onClick={() => popOut(spec)} title="Open this terminal in its own window (a new shell there; this one stays)">
              Pop out
            </ToolbarButton>
          )}
        </div>
      </div>
      {meta.error && (
        <div
          role="alert"
          data-testid="terminal-error"
          className="flex items-start gap-3 border-b border-red-900 bg-red-950 px-3 py-2 text-[13px] text-red-200"
        >
          <svg
            viewBox="0 0 16 16"
            className="mt-0.5 size-4 shrink-0 text-red-400"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            aria-hidden
          >
            <circle cx="8" cy="8" r="6.25" />
            <path d="M8 4.75v4M8 11.1v.15" strokeLinecap="round" />
          </svg>
          <p className="min-w-0 flex-1 break-words">
            <span className="font-semibold text-red-100">Could not open the terminal. </span>
            {meta.error}
          </p>
          <button
            type="button"
            onClick={reconnect}
            className="shrink-0 rounded border border-red-700 px-2 py-0.5 text-xs text-red-100 hover:bg-red-900"
          >
            Try again
          </button>
        </div>
      )}
      <div className="relative min-h-0 flex-1 py-1.5 pl-2">
        <div ref={hostRef} data-testid="terminal" className="h-full w-full" />
        {!ready && (
          <div className="absolute inset-0 flex items-center justify-center gap-2 text-zinc-500">
            <Spinner /> Loading terminal…
          </div>
        )}
      </div>
    </div>
  );
}

function SessionStatus({ meta }: { meta: SessionMeta }) {
  if (meta.state === 'opening') {
    return (
      <span className="inline-flex items-center gap-1.5 text-zinc-400">
        <Spinner className="size-3" /> Opening…
      </span>
    );
  }
  if (meta.state === 'reconnecting') {
    return (
      <span data-testid="terminal-reconnecting" className="inline-flex items-center gap-1.5 text-amber-300">
        <Spinner className="size-3" /> Reconnecting… the shell keeps running meanwhile
      </span>
    );
  }
  if (meta.state === 'open') {
    return (
      <span className="inline-flex items-center gap-1.5 text-emerald-300">
        <span aria-hidden className="size-2 rounded-full bg-emerald-400" /> Connected
      </span>
    );
  }
  const text = meta.error
    ? 'Not opened'
    : meta.endedBy
      ? meta.endedBy
      : meta.lost
        ? 'The shell ended while this page was away'
        : meta.exit
          ? meta.exit.exitCode !== null
            ? `Ended: exit code ${meta.exit.exitCode} — ${meta.exit.reason}`
            : `Ended — ${meta.exit.reason}`
          : 'Ended';
  return (
    <span data-testid="terminal-ended" className="inline-flex min-w-0 items-center gap-1.5 text-zinc-400">
      <span aria-hidden className={cn('size-2 shrink-0 rounded-full', meta.error || meta.lost ? 'bg-red-400' : 'bg-zinc-500')} />
      <span className="truncate">{text}</span>
    </span>
  );
}

function ToolbarButton({ onClick, title, children }: { onClick: () => void; title?: string; children: ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      title={title}
      className="rounded border border-zinc-700 px-2 py-0.5 text-xs font-medium text-zinc-200 hover:border-zinc-500 hover:bg-zinc-800 hover:text-white"
    >
      {children}
    </button>
  );
}
