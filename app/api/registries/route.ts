import { readJson, route } from '@/server/http/route';
import { addRegistry, listRegistries } from '@/server/services/registries';

export const dynamic = 'force-dynamic';

export const GET = route(({ rt, user }) => listRegistries(rt, user));

export const POST = route(async ({ req, rt, user }) => Response.json(await addRegistry(rt, user, await readJson(req)), { status: 201 }));
