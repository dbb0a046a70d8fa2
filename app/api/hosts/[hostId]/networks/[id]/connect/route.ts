import { readJson, route } from '@/server/http/route';
import { connectNetwork } from '@/server/services/networks';

export const dynamic = 'force-dynamic';

/** `{container, aliases?, ipv4?}` */
export const POST = route<{ hostId: string; id: string }>(async ({ req, rt, user, params }) =>
  connectNetwork(rt, user, params.hostId, params.id, await readJson(req)),
);
