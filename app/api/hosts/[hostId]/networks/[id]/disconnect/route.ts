import { readJson, route } from '@/server/http/route';
import { disconnectNetwork } from '@/server/services/networks';

export const dynamic = 'force-dynamic';

/** `{container, force?}` */
export const POST = route<{ hostId: string; id: string }>(async ({ req, rt, user, params }) =>
  disconnectNetwork(rt, user, params.hostId, params.id, await readJson(req)),
);
