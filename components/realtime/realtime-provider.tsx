'use client';

import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, SessionEnded } from '@/server/contracts/socket-events';
import { goToLogin, goToPasswordChange } from '../api';
import { liveViewsFor } from './use-live';

export type RealtimeState = 'connecting' | 'connected' | 'reconnecting' | 'offline';
export type WharfClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface RealtimeValue {
  state: RealtimeState;
  socket: WharfClientSocket | null;
}

/** How long the "session ended" notice stays before the sign-in page (time to read an open terminal). */
const ENDED_NOTICE_MS = 4_000;

/** The words for a session the server ended (by code, never by server English). */
export function sessionEndedMessage(p: SessionEnded): string {
  if (p.byAdmin) return 'Your session was ended by an administrator';
  return p.reason === 'password-changed'
    ? 'Your password was changed in another session: sign in again'
    : 'This session was signed out from another of your sessions';
}

const RealtimeContext = createContext<RealtimeValue>({ state: 'connecting', socket: null });

/**
 * One socket for the signed-in console. Live views (components/realtime/live-views.ts) ride on it;
 * after a reconnect every view on screen subscribes again and gets a fresh snapshot.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [value, setValue] = useState<RealtimeValue>({ state: 'connecting', socket: null });
  const [ended, setEnded] = useState<string | null>(null);

  useEffect(() => {
    // WebSocket first: no long-polling handshake to upgrade from (one round trip and two requests
    // fewer on every page load); polling only if the WebSocket cannot open (a proxy that blocks it).
    const socket: WharfClientSocket = io({ withCredentials: true, transports: ['websocket', 'polling'], tryAllTransports: true });
    const set = (state: RealtimeState) => setValue({ state, socket });
    set('connecting');
    const detach = liveViewsFor(qc).attach(socket);

    let hangUp: 'ended' | 'refresh' | null = null;
    let leave: ReturnType<typeof setTimeout> | undefined;
    socket.on('connect', () => set('connected'));
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') {
        // New rights (role or hosts changed): connect again at once and read everything afresh.
        if (hangUp === 'refresh') {
          hangUp = null;
          void qc.invalidateQueries();
          socket.connect();
          return set('reconnecting');
        }
        // Ended by the server (revoked, disabled…): the notice says why, then sign-in.
        if (hangUp === 'ended') return set('offline');
        return goToLogin();
      }
      set('reconnecting');
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'UNAUTHENTICATED') return goToLogin();
      if (err.message === 'PASSWORD_CHANGE_REQUIRED') return goToPasswordChange();
      set(socket.active ? 'reconnecting' : 'offline');
    });
    socket.on('session.expired', () => goToLogin());
    socket.on('session.ended', (p) => {
      hangUp = 'ended';
      setEnded(sessionEndedMessage(p));
      leave = setTimeout(goToLogin, ENDED_NOTICE_MS);
    });
    socket.on('session.refresh', () => {
      hangUp = 'refresh';
    });

    return () => {
      clearTimeout(leave);
      detach();
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [qc]);

  return (
    <RealtimeContext.Provider value={value}>
      {children}
      {ended && (
        <div
          role="alertdialog"
          aria-labelledby="session-ended-title"
          data-testid="session-ended"
          className="fixed inset-x-0 top-4 z-50 mx-auto flex w-fit max-w-[calc(100vw-2rem)] items-center gap-3 rounded-lg border border-red-200 bg-white px-4 py-3 shadow-xl"
        >
          <span aria-hidden className="size-2 shrink-0 rounded-full bg-red-500" />
          <div>
            <p id="session-ended-title" className="font-semibold text-zinc-900">
              {ended}
            </p>
            <p className="text-xs text-zinc-500">Taking you to the sign-in page…</p>
          </div>
          <button
            type="button"
            onClick={goToLogin}
            className="rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium text-zinc-800 hover:bg-zinc-50"
          >
            Sign in
          </button>
        </div>
      )}
    </RealtimeContext.Provider>
  );
}

export function useRealtime(): RealtimeValue {
  return useContext(RealtimeContext);
}
