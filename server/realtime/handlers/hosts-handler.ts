import { z } from 'zod';
import { hostIdSchema as hostId } from '../../contracts/refs';
import { hostRoom } from '../../contracts/socket-events';
import { authorize } from '../../services/authorize';
import { listEngines } from '../../services/engines';
import type { SocketHandler } from './index';
import { respond } from './respond';

const hostIdSchema = z.object({ hostId });

export const registerHostsHandler: SocketHandler = (socket, rt) => {
  socket.on('hosts.list', respond(z.object({}), () => listEngines(rt, socket.data.user)));
  socket.on(
    'host.subscribe',
    respond(hostIdSchema, async ({ hostId }) => {
      authorize(socket.data.user, 'hosts.read');
      rt.engines.get(hostId);
      await socket.join(hostRoom(hostId));
      return null;
    }),
  );
  socket.on(
    'host.unsubscribe',
    respond(hostIdSchema, async ({ hostId }) => {
      await socket.leave(hostRoom(hostId));
      return null;
    }),
  );
};
