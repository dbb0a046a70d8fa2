import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { SessionUser } from '../contracts/auth';
import { eventCursor, type EventPage, type WharfEvent } from '../contracts/events';
import { hostIdSchema } from '../contracts/refs';
import type { DockerEvent } from '../engines/hub';
import type { EngineRegistry } from '../engines/registry';
import { validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import type { Db } from '../store/db';
import { countEvents, insertEvents, listEvents, pruneEvents, type EventRow } from '../store/events';
import { authorize, canSeeHost } from './authorize';

export interface EventRetention {
  maxRows: number;
  maxDays: number;
}

export interface EventStoreTiming {
  /** A batch is written at most this long after its first event… */
  flushMs: number;
  /** …or as soon as it holds this many. */
  maxBatch: number;
  /** Retention by age runs this often (by count also whenever the table outgrows its bound). */
  pruneEveryMs: number;
}

const DEFAULT_TIMING: EventStoreTiming = { flushMs: 100, maxBatch: 500, pruneEveryMs: 10 * 60_000 };
const NS_PER_MS = 1_000_000n;

/** An engine event as a row: exact nanoseconds when the engine wrote them, the actor's name from its attributes. */
export function toEventRow(hostId: string, ev: DockerEvent): EventRow {
  const attributes = ev.Actor?.Attributes ?? {};
  const type = ev.Type ?? 'container';
  const actorId = ev.Actor?.ID ?? ev.id ?? '';
  let timeNs: bigint;
  if (ev.timeNanoText) timeNs = BigInt(ev.timeNanoText);
  else if (typeof ev.timeNano === 'number') timeNs = BigInt(Math.round(ev.timeNano));
  else if (typeof ev.time === 'number') timeNs = BigInt(ev.time) * 1_000_000_000n;
  else timeNs = BigInt(Date.now()) * NS_PER_MS;
  return {
    hostId,
    timeNs,
    type,
    action: ev.Action ?? ev.status ?? '',
    actorId,
    // A volume's id is its name; the others carry a `name` attribute.
    actorName: attributes.name ?? (type === 'volume' ? actorId : ''),
    attributes,
  };
}

/**
 * Wharf's own record of every engine event, fed by the hubs' single `/events` streams: written in
 * batches (one transaction per ~100 ms or 500 events, so a burst never holds the event loop for long),
 * deduplicated (a reconnect replays from `since`), pruned by count and age. `stored` carries each
 * batch's new events once they are in the table, so a snapshot read after it includes them.
 */
export class EventStore extends EventEmitter<{ stored: [WharfEvent[]] }> {
  private buffer: EventRow[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly pruneTimer: NodeJS.Timeout;
  private rows: number;
  private readonly timing: EventStoreTiming;
  private readonly onEvent = ({ hostId, event }: { hostId: string; event: DockerEvent }) => this.push(toEventRow(hostId, event));

  constructor(
    private readonly db: Db,
    private readonly registry: EngineRegistry,
    private readonly retention: () => EventRetention,
    timing: Partial<EventStoreTiming> = {},
  ) {
    super();
    this.setMaxListeners(0);
    this.timing = { ...DEFAULT_TIMING, ...timing };
    this.rows = countEvents(db);
    registry.on('engine.event', this.onEvent);
    this.prune();
    this.pruneTimer = setInterval(() => this.prune(), this.timing.pruneEveryMs);
    this.pruneTimer.unref();
  }

  private push(row: EventRow): void {
    this.buffer.push(row);
    if (this.buffer.length >= this.timing.maxBatch) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.timing.flushMs);
  }

  /** Writes what is buffered now; answers the events that were new. */
  flush(): WharfEvent[] {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (!this.buffer.length) return [];
    const batch = this.buffer;
    this.buffer = [];
    let stored: WharfEvent[];
    try {
      stored = insertEvents(this.db, batch);
    } catch (err) {
      console.error('[wharf] could not store engine events', err);
      return [];
    }
    this.rows += stored.length;
    // Past the bound by a margin: prune now rather than at the next tick of the schedule.
    const { maxRows } = this.retention();
    if (this.rows > maxRows + Math.max(100, maxRows / 20)) this.prune();
    if (stored.length) this.emit('stored', stored);
    return stored;
  }

  /** Applies retention now; answers how many events went. */
  prune(nowMs = Date.now()): number {
    const { maxRows, maxDays } = this.retention();
    const olderThanNs = BigInt(Math.floor(nowMs - maxDays * 86_400_000)) * NS_PER_MS;
    try {
      const removed = pruneEvents(this.db, { maxRows, olderThanNs });
      this.rows = countEvents(this.db);
      return removed;
    } catch (err) {
      console.error('[wharf] could not prune stored events', err);
      return 0;
    }
  }

  close(): void {
    this.registry.off('engine.event', this.onEvent);
    clearInterval(this.pruneTimer);
    this.flush();
    this.removeAllListeners();
  }
}

const cursorSchema = z
  .string()
  .regex(/^\d{1,20}\.\d{1,15}$/, 'Not an events cursor')
  .transform((s) => {
    const [ns, id] = s.split('.');
    return { timeNs: BigInt(ns!), id: Number(id) };
  });

export const eventQuerySchema = z.object({
  host: hostIdSchema.optional(),
  type: z
    .string()
    .max(50, 'Type is too long')
    .regex(/^[a-z]*$/, 'Type is a word such as container, image, network or volume')
    .optional()
    .transform((s) => s || undefined),
  // Any text: `exec_start: sh -c '…'` carries the command (a bound parameter, never SQL).
  action: z
    .string()
    .max(1000, 'Action is too long')
    .optional()
    .transform((s) => s?.trim() || undefined),
  name: z
    .string()
    .max(200, 'Name is too long')
    .optional()
    .transform((s) => s?.trim() || undefined),
  before: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1, 'Limit is at least 1').max(1000, 'Limit is at most 1000').default(100),
});

/** GET /api/events: one page of stored events of the hosts the actor can see (or of one host). */
export function eventPage(rt: Runtime, actor: SessionUser | null, params: Record<string, string>): EventPage {
  const parsed = eventQuerySchema.safeParse(params);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const q = parsed.data;
  authorize(actor, 'hosts.read', q.host);
  const hostIds = q.host ? [q.host] : visibleHosts(rt, actor);
  // Flushed first: a page holds every event received so far.
  rt.events.flush();
  const events = listEvents(rt.db, { hostIds, type: q.type, action: q.action, name: q.name, before: q.before, limit: q.limit + 1 });
  const more = events.length > q.limit;
  const page = more ? events.slice(0, q.limit) : events;
  return { events: page, next: more ? eventCursor(page.at(-1)!) : null };
}

/** The hosts an actor can see, of those Wharf knows (events of a removed engine are not shown). */
export function visibleHosts(rt: Runtime, actor: SessionUser): string[] {
  return rt.engines
    .list()
    .map((h) => h.id)
    .filter((id) => canSeeHost(actor, id));
}
