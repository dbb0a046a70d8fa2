import { route } from '@/server/http/route';
import { disconnectSession } from '@/server/realtime';
import { clearSessionCookie, logout } from '@/server/services/auth';

export const dynamic = 'force-dynamic';

export const POST = route(
  ({ rt, token, user, https }) => {
    logout(rt, token, user);
    disconnectSession(rt.io, token);
    return new Response(null, { status: 204, headers: { 'set-cookie': clearSessionCookie(rt, https) } });
  },
  { public: true },
);
