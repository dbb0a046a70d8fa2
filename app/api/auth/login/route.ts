import { PUBLIC_BODY_LIMIT, readJson, route } from '@/server/http/route';
import { clientLabel, login, sessionCookie } from '@/server/services/auth';

export const dynamic = 'force-dynamic';

export const POST = route(
  async ({ req, rt, clientIp, https }) => {
    const client = clientLabel(req.headers.get('user-agent'), clientIp);
    const { user, token } = await login(rt, await readJson(req, PUBLIC_BODY_LIMIT), clientIp, client);
    return Response.json({ user }, { headers: { 'set-cookie': sessionCookie(rt, token, https) } });
  },
  { public: true },
);
