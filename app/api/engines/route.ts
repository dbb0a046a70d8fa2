import { readJson, route } from '@/server/http/route';
import { addEngine, listEngines } from '@/server/services/engines';

export const dynamic = 'force-dynamic';

export const GET = route(({ rt, user }) => listEngines(rt, user));

export const POST = route(async ({ req, rt, user }) => {
  const engine = await addEngine(rt, user, await readJson(req));
  return Response.json(engine, { status: 201 });
});
