import { readJson, route } from '@/server/http/route';
import { changeOwnPassword } from '@/server/services/users';

export const dynamic = 'force-dynamic';

// The one route a user on a temporary password may call.
export const POST = route(async ({ req, rt, user, sessionId }) => changeOwnPassword(rt, user, sessionId, await readJson(req)), {
  passwordChange: true,
});
