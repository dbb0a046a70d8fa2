import { readJson, route } from '@/server/http/route';
import { bulkAction } from '@/server/services/containers';

export const dynamic = 'force-dynamic';

export const POST = route(async ({ req, rt, user }) => bulkAction(rt, user, await readJson(req)));
