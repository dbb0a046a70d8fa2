import { readJson, route } from '@/server/http/route';
import { testRegistry } from '@/server/services/registries';

export const dynamic = 'force-dynamic';

export const POST = route(async ({ req, rt, user }) => testRegistry(rt, user, await readJson(req)));
