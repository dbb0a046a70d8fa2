import { route } from '@/server/http/route';
import { listOwnSessions } from '@/server/services/users';

export const dynamic = 'force-dynamic';

export const GET = route(({ rt, user, sessionId }) => listOwnSessions(rt, user, sessionId));
