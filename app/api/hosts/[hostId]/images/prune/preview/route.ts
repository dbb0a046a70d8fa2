import { readJson, route } from '@/server/http/route';
import { prunePreview } from '@/server/services/image-admin';

export const dynamic = 'force-dynamic';

/** `{mode, label?}`: what a prune would remove and the space it would free; changes nothing. */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) =>
  prunePreview(rt, user, params.hostId, await readJson(req)),
);
