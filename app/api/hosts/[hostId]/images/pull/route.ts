import { readJson, route } from '@/server/http/route';
import { startPull } from '@/server/services/image-transfer';

export const dynamic = 'force-dynamic';

/** Starts a pull and answers its operation id at once; progress is in the operation's live view. */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) => {
  const { operationId } = startPull(rt, user, params.hostId, await readJson(req));
  return Response.json({ operationId }, { status: 202 });
});
