import { readJson, route } from '@/server/http/route';
import { getAuditRetention, setAuditRetention } from '@/server/services/audit';

export const dynamic = 'force-dynamic';

export const GET = route(({ rt, user }) => getAuditRetention(rt, user));

export const PUT = route(async ({ req, rt, user }) => setAuditRetention(rt, user, await readJson(req)));
