import { readJson, route } from '@/server/http/route';
import { pruneNetworks } from '@/server/services/networks';

export const dynamic = 'force-dynamic';

/** `{label?}`: removes the networks no container is attached to; answers which went. */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) =>
  pruneNetworks(rt, user, params.hostId, await readJson(req)),
);
