'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { RealtimeProvider } from '../realtime/realtime-provider';
import { buttonClass } from '../ui/button';
import { shellLabel, specFromParams, takeHandoffEnv } from './spec';
import { TerminalView, type SessionMeta } from './terminal-view';

/**
 * The pop-out window: one full-window terminal with its own socket. It opens a new session:
 * the terminal it was popped out of keeps its own shell.
 */
export function PopoutTerminal() {
  const params = useSearchParams();
  const query = params.toString();
  const spec = useMemo(() => {
    const p = new URLSearchParams(query);
    const s = specFromParams(p);
    return s && s.mode === 'exec' ? { ...s, env: takeHandoffEnv(p.get('handoff')) } : s;
  }, [query]);
  const [meta, setMeta] = useState<SessionMeta | null>(null);

  useEffect(() => {
    if (!spec) return;
    const what = `${meta?.containerName ?? spec.container} · ${meta?.hostName ?? spec.hostId} · ${shellLabel(spec)}`;
    document.title = `${meta?.state === 'ended' ? '(ended) ' : ''}${what} · Wharf`;
  }, [spec, meta]);

  if (!spec) {
    return (
      <div className="flex h-dvh flex-col items-center justify-center gap-3 bg-zinc-950 text-zinc-300">
        <p>This window needs a host and a container (?host=…&container=…).</p>
        <Link href="/terminals" className={buttonClass('secondary')}>
          Open Terminals
        </Link>
      </div>
    );
  }

  return (
    <RealtimeProvider>
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
    </RealtimeProvider>
  );
}
