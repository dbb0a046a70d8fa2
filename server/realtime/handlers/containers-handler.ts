import { containerRefSchema } from '../../contracts/container-actions';
import { logsRoom, statsRoom } from '../../contracts/socket-events';
import { authorize } from '../../services/authorize';
import type { SocketHandler } from './index';
import { respond } from './respond';

export const registerContainersHandler: SocketHandler = (socket, rt, _io, ctx) => {
  for (const kind of ['logs', 'stats'] as const) {
    const roomOf = kind === 'logs' ? logsRoom : statsRoom;
    socket.on(
      `${kind}.subscribe`,
      respond(containerRefSchema, async (ref) => {
        authorize(socket.data.user, 'containers.read');
        rt.engines.get(ref.hostId);
        await socket.join(roomOf(ref.hostId, ref.id));
        return { following: await ctx.streams.ensure(kind, ref) };
      }),
    );
    socket.on(
      `${kind}.unsubscribe`,
      respond(containerRefSchema, async (ref) => {
        await socket.leave(roomOf(ref.hostId, ref.id));
        return null;
      }),
    );
  }
};
