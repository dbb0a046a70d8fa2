import type { QueryClient } from '@tanstack/react-query';
import type { ContainerDetail, ContainerSummary, DeletedContainer } from '@/server/contracts/containers';
import { queryKeys } from '../query-keys';
import { containerKey } from './container-model';

type Change = { kind: 'updated'; c: ContainerSummary } | { kind: 'removed'; hostId: string; id: string };

/**
 * Applies socket events to the react-query cache. Events are gathered for one frame and
 * written in a single pass, so a bulk stop of hundreds of containers is one list update.
 */
export class ContainerCacheWriter {
  private changes = new Map<string, Change>();
  private deleted: DeletedContainer[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly qc: QueryClient) {}

  updated(c: ContainerSummary): void {
    this.changes.set(containerKey(c), { kind: 'updated', c });
    this.schedule();
  }

  removed(hostId: string, id: string): void {
    this.changes.set(containerKey({ hostId, id }), { kind: 'removed', hostId, id });
    this.schedule();
  }

  deletedRecord(rec: DeletedContainer): void {
    this.deleted.push(rec);
    this.schedule();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.flush();
  }

  private schedule(): void {
    // One frame (≈16 ms): bursts still coalesce, and a single change is not held back for long.
    this.timer ??= setTimeout(() => this.flush(), 16);
  }

  private flush(): void {
    this.timer = null;
    const changes = this.changes;
    const deleted = this.deleted;
    this.changes = new Map();
    this.deleted = [];
    if (changes.size) {
      this.qc.setQueryData<ContainerSummary[]>(queryKeys.containers.list, (old) => {
        if (!old) return old;
        const next: ContainerSummary[] = [];
        const pending = new Map(changes);
        for (const c of old) {
          const ch = pending.get(containerKey(c));
          if (!ch) next.push(c);
          else {
            pending.delete(containerKey(c));
            if (ch.kind === 'updated') next.push(ch.c);
          }
        }
        for (const ch of pending.values()) if (ch.kind === 'updated') next.push(ch.c);
        return next;
      });
      for (const ch of changes.values()) this.applyToDetails(ch);
    }
    if (deleted.length) {
      this.qc.setQueryData<DeletedContainer[]>(queryKeys.containers.deleted, (old) => {
        if (!old) return old;
        const ids = new Set(deleted.map(containerKey));
        return [...deleted.slice().reverse(), ...old.filter((d) => !ids.has(containerKey(d)))];
      });
    }
  }

  /** An open container page follows its container: merged at once, re-inspected when the state moves. */
  private applyToDetails(ch: Change): void {
    const id = ch.kind === 'updated' ? ch.c.id : ch.id;
    const hostId = ch.kind === 'updated' ? ch.c.hostId : ch.hostId;
    for (const [key, detail] of this.qc.getQueriesData<ContainerDetail>({ queryKey: [...queryKeys.containers.details, hostId] })) {
      if (!detail || detail.id !== id) continue;
      if (ch.kind === 'removed') {
        void this.qc.invalidateQueries({ queryKey: key, exact: true });
        continue;
      }
      this.qc.setQueryData<ContainerDetail>(key, { ...detail, ...ch.c });
      if (detail.state !== ch.c.state || detail.name !== ch.c.name) void this.qc.invalidateQueries({ queryKey: key, exact: true });
    }
  }
}
