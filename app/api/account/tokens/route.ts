import { readJson, route } from '@/server/http/route';
import { createToken, listOwnTokens } from '@/server/services/api-tokens';

export const dynamic = 'force-dynamic';

export const GET = route(({ rt, user }) => listOwnTokens(rt, user));

export const POST = route(async ({ req, rt, user }) => Response.json(await createToken(rt, user, await readJson(req)), { status: 201 }));
