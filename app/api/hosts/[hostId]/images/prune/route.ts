import { readJson, route } from '@/server/http/route';
import { pruneImages } from '@/server/services/image-admin';

export const dynamic = 'force-dynamic';

/** `{mode, label?}`: starts the prune as an operation (the activity tray follows it) and answers its id at once. */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) => {
  const { operationId } = pruneImages(rt, user, params.hostId, await readJson(req));
  return { operationId };
});
