import { readJson, route } from '@/server/http/route';
import { createUser, listUsers } from '@/server/services/users';

export const dynamic = 'force-dynamic';

export const GET = route(({ rt, user }) => listUsers(rt, user));

export const POST = route(async ({ req, rt, user }) => Response.json(await createUser(rt, user, await readJson(req)), { status: 201 }));
