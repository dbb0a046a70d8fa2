import type { ExecExit } from '@/server/contracts/exec';

// What a terminal tab shows of its session, apart from the terminal itself: the provider and the dock
// read it without loading xterm's wiring (components/terminal/terminal-view.tsx).

/** `reconnecting`: the socket dropped; the shell lives on on the server for the grace period and is re-attached. */
export type SessionState = 'opening' | 'open' | 'reconnecting' | 'ended';

/** What the chrome around a terminal shows; changes only at open / exit / error, never per output chunk. */
export interface SessionMeta {
  state: SessionState;
  sessionId: string | null;
  containerName: string | null;
  hostName: string | null;
  /** Why the session could not open (shown as a red banner in the panel). */
  error: string | null;
  exit: ExecExit | null;
  /** The shell was lost with the connection (it ended before the browser could re-attach). */
  lost: boolean;
  /** The server ended the whole session: why, in words. */
  endedBy: string | null;
}

export const INITIAL_META: SessionMeta = {
  state: 'opening',
  sessionId: null,
  containerName: null,
  hostName: null,
  error: null,
  exit: null,
  lost: false,
  endedBy: null,
};
