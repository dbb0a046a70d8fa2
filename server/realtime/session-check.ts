import type { Runtime } from '../runtime';
import { userFromToken } from '../services/auth';
import type { WharfSocket } from '.';

/**
 * Every event re-resolves the socket's session before any handler runs: a session revoked, expired
 * or of a disabled user is refused at the next event (its ack answers UNAUTHENTICATED) and the
 * socket is closed; otherwise the handlers see the user as the store has it now (role, grants).
 */
export function recheckSessionOnEvents(socket: WharfSocket, rt: Runtime): void {
  socket.use((packet, next) => {
    const user = userFromToken(rt, socket.data.token);
    if (user) {
      socket.data.user = { ...user, ...(socket.data.user.token ? { token: socket.data.user.token } : {}) };
      return next();
    }
    const ack: unknown = packet[packet.length - 1];
    if (typeof ack === 'function') ack({ ok: false, code: 'UNAUTHENTICATED', message: 'Your session has ended: sign in again' });
    socket.emit('session.expired');
    socket.disconnect(true);
  });
}
