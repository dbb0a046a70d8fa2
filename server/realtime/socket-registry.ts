import type { SessionEnded } from '../contracts/socket-events';
import type { WharfSocket } from './index';

/**
 * The open sockets of each session and each user, so revoking a session or disabling a user ends
 * their sockets at once. Shared through a global symbol: route handlers (Next's bundle) and the
 * custom server may hold separate copies of this module.
 */
interface Registry {
  bySession: Map<string, Set<WharfSocket>>;
  byUser: Map<number, Set<WharfSocket>>;
}

const KEY = Symbol.for('wharf.socketRegistry');
type WithRegistry = typeof globalThis & { [KEY]?: Registry };

function registry(): Registry {
  const g = globalThis as WithRegistry;
  g[KEY] ??= { bySession: new Map(), byUser: new Map() };
  return g[KEY];
}

function add<K>(map: Map<K, Set<WharfSocket>>, key: K, socket: WharfSocket): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(socket);
}

function remove<K>(map: Map<K, Set<WharfSocket>>, key: K, socket: WharfSocket): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(socket);
  if (set.size === 0) map.delete(key);
}

/** Registers an authenticated socket until it disconnects. */
export function trackSocket(socket: WharfSocket): void {
  const { sessionId, user } = socket.data;
  const r = registry();
  add(r.bySession, sessionId, socket);
  add(r.byUser, user.id, socket);
  socket.once('disconnect', () => {
    remove(r.bySession, sessionId, socket);
    remove(r.byUser, user.id, socket);
  });
}

/** Tells the browser why (so an open terminal can say so), then hangs up; `null`: reconnect with new rights. */
function end(sockets: Iterable<WharfSocket>, why: SessionEnded | null): number {
  let n = 0;
  for (const s of [...sockets]) {
    if (why) s.emit('session.ended', why);
    else s.emit('session.refresh');
    s.disconnect(true);
    n++;
  }
  return n;
}

/** Ends the open sockets of these sessions; answers how many. */
export function endSessionSockets(sessionIds: Iterable<string>, why: SessionEnded): number {
  const r = registry();
  let n = 0;
  for (const id of sessionIds) n += end(r.bySession.get(id) ?? [], why);
  return n;
}

/** Ends every open socket of a user; with `why` null the browser reconnects at once (its rights changed). */
export function endUserSockets(userId: number, why: SessionEnded | null): number {
  return end(registry().byUser.get(userId) ?? [], why);
}

/** How many sockets a session has open (tests). */
export const openSocketsOfSession = (sessionId: string): number => registry().bySession.get(sessionId)?.size ?? 0;
