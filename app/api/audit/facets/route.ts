import { route } from '@/server/http/route';
import { listAuditFacets } from '@/server/services/audit';

export const dynamic = 'force-dynamic';

/** The users, hosts and actions that occur in the log (the filter bar's choices). */
export const GET = route(({ rt, user }) => listAuditFacets(rt, user));
