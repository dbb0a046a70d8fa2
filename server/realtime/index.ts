import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { SessionUser } from '../contracts/auth';
import type { ClientToServerEvents, ServerToClientEvents } from '../contracts/socket-events';
import { originAllowed } from '../http/origin';
import type { Runtime } from '../runtime';
import { parseCookies, resolveSession, SESSION_COOKIE } from '../services/auth';
import { handlers, type RealtimeContext } from './handlers';
import { LiveState } from './live-state';
import { LiveStreams } from './live-streams';
import { recheckSessionOnEvents } from './session-check';
import { guardSlowSockets } from './slow-sockets';
import { trackSocket } from './socket-registry';

export interface SocketData {
  user: SessionUser;
  token: string;
  /** The session's public id (server/realtime/socket-registry.ts ends its sockets when it is revoked). */
  sessionId: string;
}

export type WharfServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type WharfSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const contexts = new WeakMap<WharfServer, RealtimeContext>();

/** How many engine log/stats streams are open (tests and benches check nothing leaks). */
export function openLiveStreams(io: WharfServer): number {
  return contexts.get(io)?.streams.openCount() ?? 0;
}

/** How many containers' stats rings are kept, watched or lingering (tests check they go). */
export function keptStatsRings(io: WharfServer): number {
  return contexts.get(io)?.streams.ringCount() ?? 0;
}

/**
 * A socket handshake from Wharf's own page (or a non-browser client). JSONP polling (`j=`) is a <script>
 * include: it carries the cookie on the same site but no Origin, and hands the session id to the including
 * page. Any handshake without Origin that a browser marks as coming from another site is refused too.
 */
function handshakeAllowed(req: IncomingMessage, allowed: string[]): boolean {
  if (new URL(req.url ?? '/', 'http://wharf.local').searchParams.has('j')) return false;
  const origin = req.headers.origin;
  if (origin === undefined) {
    const site = req.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }
  return originAllowed(origin, req.headers.host, allowed);
}

/** socket.io on the same HTTP server: authenticated like HTTP, one fan-out from each engine hub to the rooms of live views. */
export function attachRealtime(server: HttpServer, rt: Runtime): WharfServer {
  const io: WharfServer = new Server(server, {
    path: '/socket.io/',
    serveClient: false,
    // Other upgrade requests (Next's dev HMR) are not ours: leave them alone instead of destroying them.
    destroyUpgrade: false,
    maxHttpBufferSize: 1_000_000,
    // Only the handshake is checked (later requests name its session id), so it must come from our own page.
    allowRequest: (req, cb) => {
      cb(null, handshakeAllowed(req, rt.config.allowedOrigins));
    },
  });

  // The session cookie only: API tokens are for the HTTP API, never for sockets.
  io.use((socket, next) => {
    const token = parseCookies(socket.request.headers.cookie)[SESSION_COOKIE];
    const session = resolveSession(rt, token);
    if (!session || !token) return next(new Error('UNAUTHENTICATED'));
    // A temporary password: no live views or shells until a new one is chosen.
    if (session.user.mustChangePassword) return next(new Error('PASSWORD_CHANGE_REQUIRED'));
    socket.data.user = session.user;
    socket.data.token = token;
    socket.data.sessionId = session.sessionId;
    trackSocket(socket);
    next();
  });

  // Room broadcasts queue per socket without limit: cut a socket that falls too far behind (docs/architecture.md).
  guardSlowSockets(io, server);

  // Live state: views answered with a snapshot, then ordered deltas (server/contracts/live.ts).
  const ctx: RealtimeContext = { streams: new LiveStreams(rt, io), live: new LiveState(rt, io) };
  contexts.set(io, ctx);
  rt.live = ctx.live;
  io.on('connection', (socket) => {
    recheckSessionOnEvents(socket, rt);
    for (const register of handlers) register(socket, rt, io, ctx);
  });
  return io;
}

/** Ends every socket opened with this session token (sign-out). */
export function disconnectSession(io: WharfServer | undefined, token: string | undefined): void {
  if (!io || !token) return;
  for (const s of io.sockets.sockets.values()) {
    if (s.data.token === token) {
      s.emit('session.expired');
      s.disconnect(true);
    }
  }
}
