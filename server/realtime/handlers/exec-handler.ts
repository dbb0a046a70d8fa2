import { z } from 'zod';
import { execInputSchema, execResizeSchema, sessionRefSchema } from '../../contracts/exec';
import { getSession, openAttach, openExec, type ExecSession, type ExecSink } from '../../services/exec';
import type { SocketHandler } from './index';
import { respond } from './respond';

// The open payloads are validated by the services' own schemas.
const anyPayload = z.unknown();

/** Terminals: each socket owns its sessions; a disconnect ends them all (no orphaned shells). */
export const registerExecHandler: SocketHandler = (socket, rt) => {
  const owned = new Set<string>();

  for (const [event, open] of [
    ['exec.open', openExec],
    ['attach.open', openAttach],
  ] as const) {
    socket.on(event, (payload: unknown, ack: unknown) => {
      let session: ExecSession | null = null;
      const handle = respond(anyPayload, async (input) => {
        const sink: ExecSink = {
          output: (sessionId, data, done) => socket.emit('exec.output', { sessionId, data }, done),
          exit: (info) => {
            owned.delete(info.sessionId);
            socket.emit('exec.exit', info);
          },
        };
        const opened = await open(rt, socket.data.user, input, sink);
        session = opened.session;
        owned.add(session.id);
        return opened.opened;
      });
      // The session is created held: its output and exit go out only after the ack that names it.
      void handle(payload, (reply: unknown) => {
        if (typeof ack === 'function') ack(reply);
        const s = session as ExecSession | null;
        if (!s) return;
        s.start();
        if (!socket.connected) void s.close('The browser disconnected');
      });
    });
  }

  socket.on(
    'exec.input',
    respond(execInputSchema, ({ sessionId, data }) => {
      getSession(socket.data.user, sessionId, owned).input(data);
      return null;
    }),
  );
  socket.on(
    'exec.resize',
    respond(execResizeSchema, async ({ sessionId, cols, rows }) => {
      await getSession(socket.data.user, sessionId, owned).resize(cols, rows);
      return null;
    }),
  );
  socket.on(
    'exec.close',
    respond(sessionRefSchema, async ({ sessionId }) => {
      await getSession(socket.data.user, sessionId, owned).close('Closed');
      return null;
    }),
  );
  socket.on('disconnect', () => {
    for (const id of [...owned]) {
      try {
        void getSession(socket.data.user, id, owned).close('The browser disconnected');
      } catch {
        // already ended
      }
    }
  });
};
