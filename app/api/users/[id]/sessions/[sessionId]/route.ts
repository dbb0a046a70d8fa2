import { route } from '@/server/http/route';
import { revokeUserSession } from '@/server/services/users';

export const dynamic = 'force-dynamic';

export const DELETE = route<{ id: string; sessionId: string }>(({ rt, user, params }) =>
  revokeUserSession(rt, user, params.id, params.sessionId),
);
