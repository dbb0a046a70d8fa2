import { z } from 'zod';
import { containerRefValue, hostIdSchema, imageRefValue } from '../../contracts/refs';
import type { SocketHandler } from './index';
import { respond } from './respond';

/** Every view kind a client may subscribe to (the permission matrix tries each). */
export const viewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hosts') }),
  z.object({ kind: z.literal('containers'), hostId: hostIdSchema.optional() }),
  z.object({ kind: z.literal('container'), hostId: hostIdSchema, id: containerRefValue }),
  z.object({ kind: z.literal('deleted') }),
  z.object({ kind: z.literal('images'), hostId: hostIdSchema.optional() }),
  z.object({ kind: z.literal('image'), hostId: hostIdSchema, id: imageRefValue }),
  z.object({ kind: z.literal('operations') }),
  z.object({ kind: z.literal('operation'), id: z.string().uuid('Not an operation id') }),
  z.object({ kind: z.literal('updates') }),
  z.object({ kind: z.literal('events'), hostId: hostIdSchema.optional() }),
  z.object({ kind: z.literal('networks'), hostId: hostIdSchema.optional() }),
  z.object({ kind: z.literal('volumes'), hostId: hostIdSchema.optional() }),
  z.object({ kind: z.literal('audit') }),
]);

/** Live views: `live.subscribe` answers with a snapshot and joins the view's rooms; deltas follow as `live.delta`. */
export const registerLiveHandler: SocketHandler = (socket, _rt, _io, ctx) => {
  socket.on(
    'live.subscribe',
    respond(viewSchema, (spec) => ctx.live.subscribe(socket, spec)),
  );
  socket.on(
    'live.unsubscribe',
    respond(z.object({ view: viewSchema }), ({ view }) => {
      ctx.live.unsubscribe(socket, view);
      return null;
    }),
  );
};
