import { readJson, route } from '@/server/http/route';
import { startDeploy } from '@/server/services/deploy';

export const dynamic = 'force-dynamic';

/** Starts a deploy: one operation per host, answered at once; progress is in the operations' live views. */
export const POST = route(async ({ req, rt, user }) => {
  const { deployId, hosts } = startDeploy(rt, user, await readJson(req));
  return Response.json({ deployId, hosts }, { status: 202 });
});
