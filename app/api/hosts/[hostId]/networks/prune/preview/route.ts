import { readJson, route } from '@/server/http/route';
import { pruneNetworksPreview } from '@/server/services/networks';

export const dynamic = 'force-dynamic';

/** `{label?}`: the networks a prune would remove; changes nothing. */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) =>
  pruneNetworksPreview(rt, user, params.hostId, await readJson(req)),
);
