import { readJson, route } from '@/server/http/route';
import { startPush } from '@/server/services/image-transfer';

export const dynamic = 'force-dynamic';

/** Starts a push (under a new name with `as`) and answers its operation id at once. */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) => {
  const { operationId } = await startPush(rt, user, params.hostId, await readJson(req));
  return Response.json({ operationId }, { status: 202 });
});
