import { route } from '@/server/http/route';
import { listSigninFailures, parseAuditQuery } from '@/server/services/audit';

export const dynamic = 'force-dynamic';

/** Failed sign-ins, apart from the activity of signed-in users: filters user, from, to; paging limit, cursor. */
export const GET = route(({ req, rt, user }) => listSigninFailures(rt, user, parseAuditQuery(new URL(req.url).searchParams)));
