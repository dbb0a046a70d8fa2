import { readJson, route } from '@/server/http/route';
import { containerAction } from '@/server/services/containers';

export const dynamic = 'force-dynamic';

type Params = { hostId: string; id: string };

export const POST = route<Params>(async ({ req, rt, user, params }) =>
  containerAction(rt, user, params.hostId, params.id, await readJson(req)),
);
