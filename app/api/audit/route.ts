import { route } from '@/server/http/route';
import { listAuditEntries, parseAuditQuery } from '@/server/services/audit';

export const dynamic = 'force-dynamic';

/** Filters: user, host, action (prefix), result, from, to, q; paging: limit and cursor (`nextCursor` of the last page). */
export const GET = route(({ req, rt, user }) => listAuditEntries(rt, user, parseAuditQuery(new URL(req.url).searchParams)));
