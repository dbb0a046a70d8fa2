import type { ExecExit } from '@/server/contracts/exec';
import type { WharfClientSocket } from '../realtime/realtime-provider';

export interface SessionHandlers {
  /** Write `data` and call `ack` once it is on screen (flow control: the server pauses above 100 kB unacked). */
  output(data: Uint8Array, ack: () => void): void;
  exit(info: ExecExit): void;
}

const routers = new WeakMap<WharfClientSocket, Map<string, SessionHandlers>>();

export function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new TextEncoder().encode(String(data ?? ''));
}

/**
 * One `exec.output` / `exec.exit` listener per socket, whatever the number of terminals, routing by
 * session id. The server answers `exec.open` before any output of the session flows, so a session
 * is always known by the time its first byte arrives; output for a session nobody holds (a tab
 * just closed) is acknowledged at once so the server never waits on it.
 */
function routerFor(socket: WharfClientSocket): Map<string, SessionHandlers> {
  const known = routers.get(socket);
  if (known) return known;
  const sessions = new Map<string, SessionHandlers>();
  socket.on('exec.output', (p, ack) => {
    const h = sessions.get(p.sessionId);
    if (h) h.output(toBytes(p.data), ack);
    else ack();
  });
  socket.on('exec.exit', (info) => {
    const h = sessions.get(info.sessionId);
    sessions.delete(info.sessionId);
    h?.exit(info);
  });
  routers.set(socket, sessions);
  return sessions;
}

/**
 * Call before emitting an open; call the returned function, from the open's ack, with the session id
 * (or null) and its handlers. It returns the function that stops routing to them.
 */
export function beginOpen(socket: WharfClientSocket): (sessionId: string | null, handlers?: SessionHandlers) => () => void {
  const sessions = routerFor(socket);
  let settled = false;
  return (sessionId, handlers) => {
    if (settled || !sessionId || !handlers) return () => {};
    settled = true;
    sessions.set(sessionId, handlers);
    return () => {
      if (sessions.get(sessionId) === handlers) sessions.delete(sessionId);
    };
  };
}
