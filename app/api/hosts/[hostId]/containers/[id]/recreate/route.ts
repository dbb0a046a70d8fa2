import { readJson, route } from '@/server/http/route';
import { recreateContainer } from '@/server/services/container-create';

export const dynamic = 'force-dynamic';

export const POST = route<{ hostId: string; id: string }>(async ({ req, rt, user, params }) =>
  recreateContainer(rt, user, params.hostId, params.id, await readJson(req)),
);
