import { readJson, route } from '@/server/http/route';
import { runPrune } from '@/server/services/disk-usage';

export const dynamic = 'force-dynamic';

/** `{kind, mode?, label?}`: runs the prune; answers what went and the engine's SpaceReclaimed. */
export const POST = route<{ hostId: string }>(async ({ req, rt, user, params }) => runPrune(rt, user, params.hostId, await readJson(req)));
