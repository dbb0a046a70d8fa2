import { route } from '@/server/http/route';
import { listUserSessions } from '@/server/services/users';

export const dynamic = 'force-dynamic';

export const GET = route<{ id: string }>(({ rt, user, params, sessionId }) => listUserSessions(rt, user, params.id, sessionId));
