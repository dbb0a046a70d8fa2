import { readJson, route } from '@/server/http/route';
import { createContainer } from '@/server/services/container-create';
import { listContainers } from '@/server/services/containers';

export const dynamic = 'force-dynamic';

type Params = { hostId: string };

export const GET = route<Params>(({ rt, user, params }) => listContainers(rt, user, { hostId: params.hostId }));

/** Create (≈ docker run). The socket event `container.create` does the same with pull progress. */
export const POST = route<Params>(async ({ req, rt, user, params }) => {
  const result = await createContainer(rt, user, params.hostId, await readJson(req));
  return Response.json(result, { status: 201 });
});
