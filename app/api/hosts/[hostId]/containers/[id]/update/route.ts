import { route } from '@/server/http/route';
import { startUpdate } from '@/server/services/updates';

export const dynamic = 'force-dynamic';

/** Pull the container's reference and recreate it with the same settings, as an operation. */
export const POST = route<{ hostId: string; id: string }>(async ({ rt, user, params }) => {
  const { operationId } = await startUpdate(rt, user, params.hostId, params.id);
  return Response.json({ operationId }, { status: 202 });
});
