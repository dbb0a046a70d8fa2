import { readJson, route } from '@/server/http/route';
import { testEngine } from '@/server/services/engines';

export const dynamic = 'force-dynamic';

export const POST = route(async ({ req, rt, user }) => testEngine(rt, user, await readJson(req)));
