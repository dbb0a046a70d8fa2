'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { queryKeys } from '../query-keys';
import { useEngines } from '../hosts/use-engines';
import { useRealtime } from '../realtime/realtime-provider';
import { ContainerCacheWriter } from './container-cache';

/**
 * Keeps the containers cache live: joins the `host:<id>` room of every engine and writes
 * `container.updated / removed / deleted` into the cache (never a refetch per event).
 * After a reconnect, or an engine coming back online, the lists are refetched once.
 */
export function useContainersLive(): void {
  const qc = useQueryClient();
  const { socket, state } = useRealtime();
  const engines = useEngines();
  const subscribed = useRef(new Set<string>());
  const wasConnected = useRef(false);
  const statuses = useRef(new Map<string, string>());

  useEffect(() => {
    if (!socket) return;
    const writer = new ContainerCacheWriter(qc);
    const onUpdated = writer.updated.bind(writer);
    const onRemoved = ({ hostId, id }: { hostId: string; id: string }) => writer.removed(hostId, id);
    const onDeleted = writer.deletedRecord.bind(writer);
    socket.on('container.updated', onUpdated);
    socket.on('container.removed', onRemoved);
    socket.on('container.deleted', onDeleted);
    return () => {
      socket.off('container.updated', onUpdated);
      socket.off('container.removed', onRemoved);
      socket.off('container.deleted', onDeleted);
      writer.dispose();
    };
  }, [socket, qc]);

  // A new socket session has no rooms: forget what we joined, and catch up once.
  useEffect(() => {
    if (state !== 'connected') {
      subscribed.current = new Set();
      return;
    }
    if (wasConnected.current) {
      void qc.invalidateQueries({ queryKey: queryKeys.containers.list, exact: true });
      void qc.invalidateQueries({ queryKey: queryKeys.containers.deleted, exact: true });
    }
    wasConnected.current = true;
  }, [state, qc]);

  const engineList = engines.data;
  useEffect(() => {
    if (!socket || state !== 'connected' || !engineList) return;
    const joining: Array<Promise<void>> = [];
    const startedAt = Date.now();
    for (const e of engineList) {
      const before = statuses.current.get(e.id);
      statuses.current.set(e.id, e.status);
      if (before && before !== 'online' && e.status === 'online') {
        void qc.invalidateQueries({ queryKey: queryKeys.containers.list, exact: true });
      }
      if (subscribed.current.has(e.id)) continue;
      subscribed.current.add(e.id);
      joining.push(
        new Promise<void>((resolve) => {
          socket.emit('host.subscribe', { hostId: e.id }, (reply) => {
            if (!reply.ok) subscribed.current.delete(e.id);
            resolve();
          });
        }),
      );
    }
    if (!joining.length) return;
    // Events between our list fetch and joining the room would be lost: refetch if the list is older.
    void Promise.all(joining).then(() => {
      const q = qc.getQueryState(queryKeys.containers.list);
      if (q?.dataUpdatedAt && q.dataUpdatedAt < startedAt) void qc.invalidateQueries({ queryKey: queryKeys.containers.list, exact: true });
    });
  }, [socket, state, engineList, qc]);
}
