import { readJson, route } from '@/server/http/route';
import { getEngine, removeEngine, updateEngine } from '@/server/services/engines';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export const GET = route<Params>(({ rt, user, params }) => getEngine(rt, user, params.id));

export const PUT = route<Params>(async ({ req, rt, user, params }) => updateEngine(rt, user, params.id, await readJson(req)));

export const DELETE = route<Params>(async ({ rt, user, params }) => {
  await removeEngine(rt, user, params.id);
});
