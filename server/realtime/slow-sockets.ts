import type { Server as HttpServer } from 'node:http';
import type { WharfServer } from './index';

/**
 * Bounded per-socket buffering. socket.io queues what a room broadcast sends to each client without
 * limit, so a browser that stops reading (a frozen tab, a link that died before TCP noticed) would make
 * the server hold every later event for it. Once a second each socket's unsent backlog is measured;
 * past a limit the connection is cut at once (no goodbye: it would queue behind the backlog). The
 * browser sees a dropped transport, reconnects and refetches, as after any network drop.
 */
export interface SlowSocketLimits {
  /** Packets queued in engine.io and not yet handed to the transport. */
  maxPackets: number;
  /** Bytes of those packets plus what the websocket holds unsent above the kernel. */
  maxBytes: number;
  /** How often every socket is measured. */
  checkEveryMs: number;
}

export const SLOW_SOCKET_LIMITS: SlowSocketLimits = { maxPackets: 2_000, maxBytes: 8 * 1024 * 1024, checkEveryMs: 1_000 };

/** The engine.io and ws internals measured (typed here: engine.io marks writeBuffer private). */
interface EngineConn {
  readyState: string;
  writeBuffer?: Array<{ data?: unknown }>;
  transport?: { name: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): void;
}

export interface Backlog {
  packets: number;
  bytes: number;
}

const dataBytes = (d: unknown): number =>
  typeof d === 'string' ? d.length : d instanceof ArrayBuffer || ArrayBuffer.isView(d) ? d.byteLength : 0;

/** What one connection has not sent yet; summing bytes stops once past `stopAt` (cost stays bounded). */
export function backlogOf(conn: EngineConn, stopAt = Infinity): Backlog {
  const queue = conn.writeBuffer ?? [];
  let bytes = conn.transport?.name === 'websocket' ? (conn.transport.socket?.bufferedAmount ?? 0) : 0;
  for (let i = 0; i < queue.length && bytes <= stopAt; i++) bytes += dataBytes(queue[i]!.data);
  return { packets: queue.length, bytes };
}

interface GuardState {
  dropped: number;
}
const guards = new WeakMap<WharfServer, GuardState>();

/** How many sockets this server has cut for being too far behind (tests and benches read it). */
export function slowSocketsDropped(io: WharfServer): number {
  return guards.get(io)?.dropped ?? 0;
}

/** Starts the once-a-second check; it stops when the HTTP server closes. */
export function guardSlowSockets(io: WharfServer, server: HttpServer, limits: SlowSocketLimits = SLOW_SOCKET_LIMITS): void {
  const state: GuardState = { dropped: 0 };
  guards.set(io, state);
  const timer = setInterval(() => {
    for (const socket of io.sockets.sockets.values()) {
      const conn = socket.conn as unknown as EngineConn;
      if (conn.readyState !== 'open') continue;
      const backlog = backlogOf(conn, limits.maxBytes);
      if (backlog.packets <= limits.maxPackets && backlog.bytes <= limits.maxBytes) continue;
      state.dropped++;
      console.warn(
        `[wharf] socket of ${socket.data.user?.username ?? '?'} dropped: ${backlog.packets} packets / ` +
          `${(backlog.bytes / 1048576).toFixed(1)} MB unsent (limits ${limits.maxPackets} / ${(limits.maxBytes / 1048576).toFixed(0)} MB)`,
      );
      const ws = conn.transport?.name === 'websocket' ? conn.transport.socket : undefined;
      // Discard the queue and close now (a plain close would wait for the backlog to drain first).
      conn.close(true);
      // ws would wait up to 30 s for the peer's close frame, holding the unsent bytes: destroy the TCP socket.
      ws?.terminate?.();
    }
  }, limits.checkEveryMs);
  timer.unref();
  server.once('close', () => clearInterval(timer));
}
