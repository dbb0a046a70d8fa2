import type { ExecExit } from '@/server/contracts/exec';
import type { WharfClientSocket } from '../realtime/realtime-provider';

export interface SessionHandlers {
  /** Write `data` and call `ack` once it is on screen (flow control: the server pauses above 100 kB unacked). */
  output(data: Uint8Array, ack: () => void): void;
  exit(info: ExecExit): void;
}

interface Early {
  sessionId: string;
  data: Uint8Array;
  ack: () => void;
}

interface Router {
  sessions: Map<string, SessionHandlers>;
  /** Opens sent and not yet answered. */
  pendingOpens: number;
  /** Output that came before its session's open was answered (see below). */
  early: Early[];
  /** Exits of sessions that ended before their open was answered (a missing shell ends at once). */
  earlyExits: Map<string, ExecExit>;
  /** Bumped on each disconnect: answers to opens sent before it no longer count. */
  epoch: number;
}

const routers = new WeakMap<WharfClientSocket, Router>();
const EARLY_LIMIT = 256 * 1024;

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new TextEncoder().encode(String(data ?? ''));
}

function dropEarly(r: Router): void {
  for (const e of r.early.splice(0)) e.ack();
}

/**
 * One `exec.output` / `exec.exit` listener per socket, whatever the number of terminals, routing by
 * session id. Output for a session nobody holds (a tab just closed) is acknowledged at once so the
 * server never waits on it.
 *
 * A new session's first output (the shell's prompt) can arrive before its open is answered, under an
 * id this router does not know yet. Such output is held while opens are pending and handed to the
 * session with that id when its open is answered.
 */
function routerFor(socket: WharfClientSocket): Router {
  const known = routers.get(socket);
  if (known) return known;
  const router: Router = { sessions: new Map(), pendingOpens: 0, early: [], earlyExits: new Map(), epoch: 0 };
  socket.on('exec.output', (p, ack) => {
    const h = router.sessions.get(p.sessionId);
    if (h) return h.output(toBytes(p.data), ack);
    if (router.pendingOpens > 0) {
      const size = router.early.reduce((n, e) => n + e.data.length, 0);
      if (size < EARLY_LIMIT) return void router.early.push({ sessionId: p.sessionId, data: toBytes(p.data), ack });
    }
    ack();
  });
  socket.on('exec.exit', (info) => {
    const h = router.sessions.get(info.sessionId);
    router.sessions.delete(info.sessionId);
    if (h) h.exit(info);
    else if (router.pendingOpens > 0) router.earlyExits.set(info.sessionId, info);
  });
  socket.on('disconnect', () => {
    router.pendingOpens = 0;
    router.earlyExits.clear();
    router.epoch++;
    dropEarly(router);
  });
  routers.set(socket, router);
  return router;
}

/** Call before emitting an open; call the returned function with the session id (or null) when answered. */
export function beginOpen(socket: WharfClientSocket): (sessionId: string | null, handlers?: SessionHandlers) => () => void {
  const router = routerFor(socket);
  router.pendingOpens++;
  const epoch = router.epoch;
  let settled = false;
  return (sessionId, handlers) => {
    if (settled || epoch !== router.epoch) return () => {};
    settled = true;
    router.pendingOpens = Math.max(0, router.pendingOpens - 1);
    // Output held for this session goes to it; output nobody can claim any more is acknowledged.
    const mine = router.early.filter((e) => !!sessionId && e.sessionId === sessionId);
    router.early = router.early.filter((e) => !mine.includes(e));
    if (router.pendingOpens === 0) dropEarly(router);
    if (!sessionId || !handlers) {
      for (const e of mine) e.ack();
      return () => {};
    }
    for (const e of mine) handlers.output(e.data, e.ack);
    const exited = router.earlyExits.get(sessionId);
    router.earlyExits.delete(sessionId);
    if (router.pendingOpens === 0) router.earlyExits.clear();
    if (exited) {
      handlers.exit(exited);
      return () => {};
    }
    router.sessions.set(sessionId, handlers);
    return () => {
      if (router.sessions.get(sessionId) === handlers) router.sessions.delete(sessionId);
    };
  };
}
