import type { QueryClient } from '@tanstack/react-query';
import { newerSummary } from '@/server/contracts/engine-kinds';
import type { EngineDetail, EngineSummary } from '@/server/contracts/engines';
import { queryKeys } from '../query-keys';

/**
 * Puts a fresh engine summary (socket `engine.status`, or a save's answer) into the cache:
 * replaces it in the list (or appends a new one) and merges it into a loaded detail.
 */
export function applyEngineSummary(qc: QueryClient, summary: EngineSummary): void {
  // A save's HTTP answer can arrive after a socket event that is newer: never go back in time.
  qc.setQueryData<EngineSummary[]>(queryKeys.engines.list, (old) => {
    if (!old) return old;
    return old.some((e) => e.id === summary.id) ? old.map((e) => (e.id === summary.id ? newerSummary(e, summary) : e)) : [...old, summary];
  });
  const key = queryKeys.engines.detail(summary.id);
  const before = qc.getQueryData<EngineDetail>(key);
  if (!before || before.revision > summary.revision) return;
  qc.setQueryData<EngineDetail>(key, { ...before, ...summary });
  // The summary has no raw `docker info`: when the engine (re)connects, that may have changed.
  const reconnected = summary.status === 'online' && before.status !== 'online';
  const otherEngine = summary.info?.dockerVersion !== before.info?.dockerVersion;
  if (reconnected || otherEngine) void qc.invalidateQueries({ queryKey: key, exact: true });
}

/** A refetched list keeps any entry that a socket event made newer while the fetch was in flight. */
export function mergeEngineLists(old: unknown, next: unknown): unknown {
  if (!Array.isArray(old) || !Array.isArray(next)) return next;
  const byId = new Map((old as EngineSummary[]).map((e) => [e.id, e]));
  return (next as EngineSummary[]).map((e) => newerSummary(byId.get(e.id), e));
}

export function removeEngineFromCache(qc: QueryClient, id: string): void {
  qc.setQueryData<EngineSummary[]>(queryKeys.engines.list, (old) => old?.filter((e) => e.id !== id));
  // A detail page still open for it refetches, gets 404 and says the engine is gone.
  void qc.invalidateQueries({ queryKey: queryKeys.engines.detail(id), exact: true });
}
