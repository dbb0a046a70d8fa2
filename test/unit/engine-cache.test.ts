import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { applyEngineSummary, mergeEngineLists } from '@/components/hosts/engine-cache';
import { queryKeys } from '@/components/query-keys';
import type { EngineSummary } from '@/server/contracts/engines';

const summary = (status: EngineSummary['status'], revision: number): EngineSummary => ({
  id: 'e1',
  name: 'tls',
  kind: 'tls',
  address: 'tcp+tls://127.0.0.1:23760',
  status,
  lastError: null,
  statusSince: new Date(0).toISOString(),
  lastSeen: null,
  info: null,
  counts: null,
  revision,
});

describe('engine summaries in the browser cache', () => {
  it('a save answer that arrives after a newer socket event does not turn the card back to "connecting"', () => {
    const qc = new QueryClient();
    qc.setQueryData(queryKeys.engines.list, []);
    applyEngineSummary(qc, summary('online', 20)); // the socket event, made second, arrives first
    applyEngineSummary(qc, summary('connecting', 10)); // the HTTP answer, made first, arrives second
    expect(qc.getQueryData<EngineSummary[]>(queryKeys.engines.list)?.map((e) => e.status)).toEqual(['online']);
  });

  it('a refetched list keeps entries that events made newer meanwhile', () => {
    const merged = mergeEngineLists([summary('offline', 30)], [summary('online', 25), { ...summary('online', 1), id: 'e2' }]) as EngineSummary[];
    expect(merged.map((e) => `${e.id}:${e.status}`)).toEqual(['e1:offline', 'e2:online']);
  });
});
