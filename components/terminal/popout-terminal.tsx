'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { RealtimeProvider } from '../realtime/realtime-provider';
import { Button, buttonClass } from '../ui/button';
import { ConfirmTerminalDialog } from './confirm-terminal-dialog';
import { shellLabel, specFromParams, takeHandoff, type TerminalSpec } from './spec';
import { TerminalView, type SessionMeta } from './terminal-view';

/**
 * The pop-out window: one full-window terminal with its own socket and its own session (the terminal
 * it was popped out of keeps its shell). Opened by "Pop out", it finds the spec that button stored
 * for it (a one-time handoff) and opens at once; reached any other way — a typed or linked URL, a
 * reload — the URL only pre-fills the confirm dialog.
 */
export function PopoutTerminal() {
  // The confirm dialog reads the hosts' live view too, so the socket is there from the start.
  return (
    <RealtimeProvider>
      <Popout />
    </RealtimeProvider>
  );
}

function Popout() {
  const params = useSearchParams();
  const query = params.toString();
  const handedOver = useMemo(() => takeHandoff(new URLSearchParams(query).get('handoff')), [query]);
  const requested = useMemo(() => specFromParams(new URLSearchParams(query)), [query]);
  const [confirmed, setConfirmed] = useState<TerminalSpec | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const spec = handedOver ?? confirmed;
  const [meta, setMeta] = useState<SessionMeta | null>(null);

  useEffect(() => {
    if (!spec) return;
    const what = `${meta?.containerName ?? spec.container} · ${meta?.hostName ?? spec.hostId} · ${shellLabel(spec)}`;
    document.title = `${meta?.state === 'ended' ? '(ended) ' : ''}${what} · Wharf`;
  }, [spec, meta]);

  if (!spec) {
    return (
      <div className="flex h-dvh flex-col items-center justify-center gap-3 bg-zinc-950 px-4 text-center text-zinc-300">
        <p data-testid="popout-idle">
          {!requested
            ? 'This window needs a host and a container (?host=…&container=…).'
            : cancelled
              ? 'Nothing was opened.'
              : 'Confirm the terminal to open it in this window.'}
        </p>
        <div className="flex gap-2">
          {requested && cancelled && (
            <Button variant="secondary" onClick={() => setCancelled(false)}>
              Review again
            </Button>
          )}
          <Link href="/terminals" className={buttonClass('secondary')}>
            Open Terminals
          </Link>
        </div>
        {requested && !cancelled && <ConfirmTerminalDialog spec={requested} onConfirm={setConfirmed} onCancel={() => setCancelled(true)} />}
      </div>
    );
  }

  return (
    <div className="flex h-dvh flex-col bg-zinc-950">
      <header className="flex shrink-0 items-center gap-2 border-b border-zinc-800 bg-zinc-900 px-3 py-1.5 text-xs text-zinc-300">
        <span className="font-semibold text-white">Wharf</span>
        <span className="text-zinc-600">/</span>
        <span className="truncate" data-testid="popout-title">
          {meta?.containerName ?? spec.container} · {meta?.hostName ?? spec.hostId} · {shellLabel(spec)}
        </span>
        <span className="ml-auto text-zinc-500">Pop-out: a separate session; closing this window ends its shell.</span>
      </header>
      <TerminalView spec={spec} allowPopOut={false} onMeta={setMeta} className="min-h-0 flex-1" />
    </div>
  );
}
