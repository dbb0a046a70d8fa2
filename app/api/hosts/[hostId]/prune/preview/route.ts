import { readJson, route } from '@/server/http/route';
import { prunePreview } from '@/server/services/disk-usage';

export const dynamic = 'force-dynamic';

/** `{kind, mode?, label?}`: exactly what the prune would remove; changes nothing. */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) =>
  prunePreview(rt, user, params.hostId, await readJson(req)),
);
