'use client';

import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/server/contracts/socket-events';
import { goToLogin } from '../api';
import { liveViewsFor } from './use-live';

export type RealtimeState = 'connecting' | 'connected' | 'reconnecting' | 'offline';
export type WharfClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface RealtimeValue {
  state: RealtimeState;
  socket: WharfClientSocket | null;
}

const RealtimeContext = createContext<RealtimeValue>({ state: 'connecting', socket: null });

/**
 * One socket for the signed-in console. Live views (components/realtime/live-views.ts) ride on it;
 * after a reconnect every view on screen subscribes again and gets a fresh snapshot.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [value, setValue] = useState<RealtimeValue>({ state: 'connecting', socket: null });

  useEffect(() => {
    const socket: WharfClientSocket = io({ withCredentials: true });
    const set = (state: RealtimeState) => setValue({ state, socket });
    set('connecting');
    const detach = liveViewsFor(qc).attach(socket);

    socket.on('connect', () => set('connected'));
    socket.on('disconnect', (reason) => {
      // The server only hangs up on purpose when the session ends (sign-out elsewhere).
      if (reason === 'io server disconnect') return goToLogin();
      set('reconnecting');
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'UNAUTHENTICATED') return goToLogin();
      set(socket.active ? 'reconnecting' : 'offline');
    });
    socket.on('session.expired', () => goToLogin());

    return () => {
      detach();
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [qc]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeValue {
  return useContext(RealtimeContext);
}
