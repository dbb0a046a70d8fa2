import { route } from '@/server/http/route';
import { revokeOwnSession } from '@/server/services/users';

export const dynamic = 'force-dynamic';

export const DELETE = route<{ sessionId: string }>(({ rt, user, params }) => revokeOwnSession(rt, user, params.sessionId));
