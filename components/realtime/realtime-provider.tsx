'use client';

import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/server/contracts/socket-events';
import { goToLogin } from '../api';
import { applyEngineSummary, removeEngineFromCache } from '../hosts/engine-cache';
import { queryKeys } from '../query-keys';

export type RealtimeState = 'connecting' | 'connected' | 'reconnecting' | 'offline';
export type WharfClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface RealtimeValue {
  state: RealtimeState;
  socket: WharfClientSocket | null;
}

const RealtimeContext = createContext<RealtimeValue>({ state: 'connecting', socket: null });

/**
 * One socket for the signed-in console. Engine events are written straight into the
 * react-query cache; after every (re)connect the list is refetched once to catch up on
 * whatever happened while we were away.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [value, setValue] = useState<RealtimeValue>({ state: 'connecting', socket: null });

  useEffect(() => {
    const socket: WharfClientSocket = io({ withCredentials: true });
    const set = (state: RealtimeState) => setValue({ state, socket });
    set('connecting');

    socket.on('connect', () => {
      set('connected');
      void qc.invalidateQueries({ queryKey: queryKeys.engines.all });
    });
    socket.on('disconnect', (reason) => {
      // The server only hangs up on purpose when the session ends (sign-out elsewhere).
      if (reason === 'io server disconnect') return goToLogin();
      set('reconnecting');
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'UNAUTHENTICATED') return goToLogin();
      set(socket.active ? 'reconnecting' : 'offline');
    });
    socket.on('engine.status', (summary) => applyEngineSummary(qc, summary));
    socket.on('engine.removed', ({ id }) => removeEngineFromCache(qc, id));
    socket.on('session.expired', () => goToLogin());

    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [qc]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeValue {
  return useContext(RealtimeContext);
}
