import { containerRefSchema } from '../../contracts/container-actions';
import { hostIdSchema } from '../../contracts/refs';
import { logsRoom, statsRoom } from '../../contracts/socket-events';
import { z } from 'zod';
import { authorize } from '../../services/authorize';
import { createContainer, recreateContainer } from '../../services/container-create';
import type { SocketHandler } from './index';
import { respond } from './respond';

const createSchema = z.object({ hostId: hostIdSchema, opId: z.string().min(1).max(64), spec: z.unknown() });
const recreateSchema = createSchema.extend({
  id: containerRefSchema.shape.id,
  /** Seconds the old container gets to stop before it is killed. */
  stopTimeoutS: z.number().int().min(0).max(3600).optional(),
});

export const registerContainersHandler: SocketHandler = (socket, rt, _io, ctx) => {
  socket.on(
    'container.create',
    respond(createSchema, ({ hostId, opId, spec }) =>
      createContainer(rt, socket.data.user, hostId, spec, (progress) => socket.emit('pull.progress', { opId, progress })),
    ),
  );
  socket.on(
    'container.recreate',
    respond(recreateSchema, ({ hostId, id, opId, spec, stopTimeoutS }) =>
      recreateContainer(rt, socket.data.user, hostId, id, spec, (progress) => socket.emit('pull.progress', { opId, progress }), {
        stopTimeoutS,
        onStep: (step, state) => socket.emit('recreate.step', { opId, step, state }),
      }),
    ),
  );

  for (const kind of ['logs', 'stats'] as const) {
    const roomOf = kind === 'logs' ? logsRoom : statsRoom;
    socket.on(
      `${kind}.subscribe`,
      respond(containerRefSchema, async (ref) => {
        authorize(socket.data.user, 'containers.read', ref.hostId);
        rt.engines.get(ref.hostId);
        await socket.join(roomOf(ref.hostId, ref.id));
        // What the ring kept comes first, before any live sample of the room reaches this socket.
        if (kind === 'stats') socket.emit('stats.history', { ...ref, samples: ctx.streams.history(ref) });
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
