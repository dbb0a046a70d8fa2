import { readJson, route } from '@/server/http/route';
import { importTemplates, listTemplates } from '@/server/services/templates';

export const dynamic = 'force-dynamic';

export const GET = route(({ rt, user }) => listTemplates(rt, user));

/** Imports a Portainer v2/v3 file: `{url}` (fetched by the server) or `{name?, content}` (an uploaded file's text). */
export const POST = route(async ({ req, rt, user }) =>
  Response.json(await importTemplates(rt, user, await readJson(req, 6 * 1024 * 1024)), { status: 201 }),
);
