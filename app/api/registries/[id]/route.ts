import { readJson, route } from '@/server/http/route';
import { removeRegistry, updateRegistry } from '@/server/services/registries';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export const PUT = route<Params>(async ({ req, rt, user, params }) => updateRegistry(rt, user, params.id, await readJson(req)));

export const DELETE = route<Params>(async ({ rt, user, params }) => {
  await removeRegistry(rt, user, params.id);
});
