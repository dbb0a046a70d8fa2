import { z } from 'zod';
import { execInputSchema, execResizeSchema, sessionRefSchema } from '../../contracts/exec';
import { userFromToken } from '../../services/auth';
import { can } from '../../services/authorize';
import {
  getClosableSession,
  getSession,
  openAttach,
  openExec,
  reattachSession,
  sessionsOfSocket,
  type ExecSession,
  type ExecSink,
  type TerminalOwner,
} from '../../services/exec';
import type { SocketHandler } from './index';
import { respond } from './respond';

// The open and re-attach payloads are validated by the services' own schemas.
const anyPayload = z.unknown();

/**
 * Terminals: a session belongs to the user and sign-in that opened it, and is attached to one socket at
 * a time. A disconnect detaches it for the grace period (WHARF_TERMINAL_GRACE_S) so a reload or a
 * dropped connection can re-attach; a closed tab, a sign-out or the grace running out ends it.
 */
export const registerExecHandler: SocketHandler = (socket, rt) => {
  // Read when a terminal opens (not at registration): the socket's sign-in, which alone may re-attach.
  const ownerOf = (): TerminalOwner => {
    const { token, sessionId: loginSession, user } = socket.data;
    return {
      userId: user.id,
      loginSession,
      stillAllowed: (hostId) => {
        const u = userFromToken(rt, token);
        return u !== null && u.id === user.id && can(u, 'exec', hostId);
      },
    };
  };
  const sink: ExecSink = {
    output: (sessionId, data, done) => socket.emit('exec.output', { sessionId, data }, done),
    exit: (info) => socket.emit('exec.exit', info),
  };
  const graceS = () => rt.config.terminalGraceS;

  for (const [event, open] of [
    ['exec.open', openExec],
    ['attach.open', openAttach],
  ] as const) {
    socket.on(event, (payload: unknown, ack: unknown) => {
      let session: ExecSession | null = null;
      const handle = respond(anyPayload, async (input) => {
        const opened = await open(rt, socket.data.user, input, sink);
        session = opened.session;
        session.owner = ownerOf();
        session.socketId = socket.id;
        return opened.opened;
      });
      // The session is created held: its output and exit go out only after the ack that names it.
      void handle(payload, (reply: unknown) => {
        if (typeof ack === 'function') ack(reply);
        const s = session as ExecSession | null;
        if (!s) return;
        s.start();
        if (!socket.connected) s.detachFor(graceS());
      });
    });
  }

  socket.on('exec.reattach', (payload: unknown, ack: unknown) => {
    let taken: { session: ExecSession; previous: ExecSink | null } | null = null;
    const handle = respond(anyPayload, (input) => {
      const r = reattachSession(rt, socket.data.user, socket.data.sessionId, input, sink, socket.id);
      taken = r;
      return r.reattached;
    });
    void handle(payload, (reply: unknown) => {
      if (typeof ack === 'function') ack(reply);
      const t = taken as { session: ExecSession; previous: ExecSink | null } | null;
      if (!t) return;
      // Another tab of the same sign-in had it (a duplicated tab, or a socket not yet known to be dead): tell it.
      if (t.previous && t.previous !== sink) {
        t.previous.exit({ sessionId: t.session.id, exitCode: null, reason: 'Opened in another tab', cause: 'moved' });
      }
      if (!socket.connected) t.session.detachFor(graceS());
    });
  });

  socket.on(
    'exec.input',
    respond(execInputSchema, ({ sessionId, data }) => {
      getSession(socket.data.user, sessionId, socket.id).input(data);
      return null;
    }),
  );
  socket.on(
    'exec.resize',
    respond(execResizeSchema, async ({ sessionId, cols, rows }) => {
      await getSession(socket.data.user, sessionId, socket.id).resize(cols, rows);
      return null;
    }),
  );
  socket.on(
    'exec.close',
    respond(sessionRefSchema, async ({ sessionId }) => {
      await getClosableSession(socket.data.user, sessionId, socket.id, socket.data.sessionId).close('Closed');
      return null;
    }),
  );
  // The shells stay for the grace period (ended at once if the sign-in itself ended: signed out, revoked, disabled).
  socket.on('disconnect', () => {
    for (const s of sessionsOfSocket(socket.id)) s.detachFor(graceS());
  });
};
