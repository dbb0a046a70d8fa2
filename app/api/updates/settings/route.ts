import { readJson, route } from '@/server/http/route';
import { saveUpdateSettings, updateSettings } from '@/server/services/updates';

export const dynamic = 'force-dynamic';

export const GET = route(({ rt, user }) => updateSettings(rt, user));

export const PUT = route(async ({ req, rt, user }) => saveUpdateSettings(rt, user, await readJson(req)));
