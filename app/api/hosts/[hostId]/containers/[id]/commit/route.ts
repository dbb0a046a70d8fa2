import { readJson, route } from '@/server/http/route';
import { commitContainer } from '@/server/services/container-files';

export const dynamic = 'force-dynamic';

export const POST = route<{ hostId: string; id: string }>(async ({ req, rt, user, params }) => {
  const result = await commitContainer(rt, user, params.hostId, params.id, await readJson(req));
  return Response.json(result, { status: 201 });
});
