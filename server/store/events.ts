import type { WharfEvent } from '../contracts/events';
import { parseJsonOr, toJson } from '../json';
import type { Db } from './db';

/** An engine event as it goes into the store. */
export interface EventRow {
  hostId: string;
  timeNs: bigint;
  type: string;
  action: string;
  actorId: string;
  actorName: string;
  attributes: Record<string, string>;
}

export interface EventFilter {
  /** Only these hosts (null: every host). */
  hostIds: string[] | null;
  type?: string;
  action?: string;
  /** Part of the actor's name, or the start of its id. */
  name?: string;
  /** Strictly older than this (timeNs, id) position. */
  before?: { timeNs: bigint; id: number };
  limit: number;
}

interface Stored {
  id: number;
  host_id: string;
  time_ns: string;
  type: string;
  action: string;
  actor_id: string;
  actor_name: string;
  attributes: string;
}

const COLUMNS = 'id, host_id, CAST(time_ns AS TEXT) AS time_ns, type, action, actor_id, actor_name, attributes';

function toEvent(r: Stored): WharfEvent {
  return {
    id: r.id,
    hostId: r.host_id,
    timeNano: r.time_ns,
    time: new Date(Number(BigInt(r.time_ns) / 1_000_000n)).toISOString(),
    type: r.type,
    action: r.action,
    actorId: r.actor_id,
    actorName: r.actor_name,
    attributes: parseJsonOr<Record<string, string>>(r.attributes, {}),
  };
}

/**
 * Writes a batch in one transaction. An event already stored (the engine replays from `since` after a
 * reconnect) is skipped by the unique key; only the new ones are answered, in the order given.
 */
export function insertEvents(db: Db, rows: EventRow[]): WharfEvent[] {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO events (host_id, time_ns, type, action, actor_id, actor_name, attributes) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const out: WharfEvent[] = [];
  db.transaction(() => {
    for (const r of rows) {
      const attributes = toJson(r.attributes);
      const res = insert.run(r.hostId, r.timeNs, r.type, r.action, r.actorId, r.actorName, attributes);
      if (!res.changes) continue;
      out.push(
        toEvent({
          id: Number(res.lastInsertRowid),
          host_id: r.hostId,
          time_ns: r.timeNs.toString(),
          type: r.type,
          action: r.action,
          actor_id: r.actorId,
          actor_name: r.actorName,
          attributes,
        }),
      );
    }
  })();
  return out;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Stored events newest first, filtered, from a cursor. */
export function listEvents(db: Db, f: EventFilter): WharfEvent[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.hostIds) {
    if (!f.hostIds.length) return [];
    where.push(`host_id IN (${f.hostIds.map(() => '?').join(', ')})`);
    args.push(...f.hostIds);
  }
  if (f.type) {
    where.push('type = ?');
    args.push(f.type);
  }
  if (f.action) {
    where.push('action = ?');
    args.push(f.action);
  }
  if (f.name) {
    where.push(`(actor_name LIKE ? ESCAPE '\\' OR actor_id LIKE ? ESCAPE '\\')`);
    args.push(`%${likeEscape(f.name)}%`, `${likeEscape(f.name)}%`);
  }
  if (f.before) {
    where.push('(time_ns < ? OR (time_ns = ? AND id < ?))');
    args.push(f.before.timeNs, f.before.timeNs, f.before.id);
  }
  const sql = `SELECT ${COLUMNS} FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time_ns DESC, id DESC LIMIT ?`;
  return (db.prepare(sql).all(...args, f.limit) as Stored[]).map(toEvent);
}

export function countEvents(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
}

/** Retention: drops events older than `olderThanNs`, then the oldest beyond `maxRows`. Answers how many went. */
export function pruneEvents(db: Db, opts: { maxRows: number; olderThanNs: bigint }): number {
  return db.transaction(() => {
    let removed = db.prepare('DELETE FROM events WHERE time_ns < ?').run(opts.olderThanNs).changes;
    const excess = countEvents(db) - opts.maxRows;
    if (excess > 0)
      removed += db
        .prepare('DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY time_ns ASC, id ASC LIMIT ?)')
        .run(excess).changes;
    return removed;
  })();
}
