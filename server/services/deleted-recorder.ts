import type { ContainerSummary, DeletedContainer } from '../contracts/containers';
import { HELPER_LABEL } from '../contracts/volumes';
import type { EngineRegistry } from '../engines/registry';
import type { Db } from '../store/db';
import { insertDeleted } from '../store/deleted';

/**
 * Keeps "deleted" as a state: every container that leaves an engine (through Wharf, the CLI, or
 * while Wharf was disconnected) is recorded from the last state Wharf saw, since the engine forgets.
 */
export class DeletedRecorder {
  /** `host:id` → who asked Wharf to remove it, until the engine's destroy event arrives. */
  private readonly pending = new Map<string, { username: string; at: number }>();
  private readonly listeners = new Set<(rec: DeletedContainer) => void>();

  constructor(
    private readonly db: Db,
    registry: EngineRegistry,
    private readonly keep: () => number,
  ) {
    registry.on('container.removed', ({ hostId, id, last }) => this.record(hostId, id, last));
  }

  /** How many records are kept (the oldest go first). */
  get retention(): number {
    return this.keep();
  }

  markRemoving(hostId: string, id: string, username: string): void {
    this.pending.set(`${hostId}:${id}`, { username, at: Date.now() });
    // Forget marks whose removal never happened (it failed): a later CLI rm is not theirs.
    for (const [k, v] of this.pending) if (Date.now() - v.at > 10 * 60_000) this.pending.delete(k);
  }

  unmark(hostId: string, id: string): void {
    this.pending.delete(`${hostId}:${id}`);
  }

  onRecord(fn: (rec: DeletedContainer) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private record(hostId: string, id: string, last: ContainerSummary | null): void {
    // Wharf's own short-lived volume-browse helpers are not containers anyone deleted.
    if (last && HELPER_LABEL in last.labels) return;
    const key = `${hostId}:${id}`;
    const by = this.pending.get(key)?.username ?? null;
    this.pending.delete(key);
    const rec: DeletedContainer = {
      hostId,
      id,
      name: last?.name ?? id.slice(0, 12),
      image: last?.image ?? '',
      command: last?.command ?? '',
      ports: last?.ports ?? [],
      labels: last?.labels ?? {},
      composeProject: last?.composeProject ?? null,
      exitCode: last?.exitCode ?? null,
      created: last?.created ?? null,
      finishedAt: last?.finishedAt ?? null,
      deletedAt: new Date().toISOString(),
      deletedBy: by,
    };
    try {
      insertDeleted(this.db, rec, this.keep());
    } catch (err) {
      console.error('[wharf] could not record deleted container', err);
    }
    for (const fn of this.listeners) fn(rec);
  }
}
