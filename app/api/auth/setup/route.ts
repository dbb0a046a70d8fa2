import { PUBLIC_BODY_LIMIT, readJson, route } from '@/server/http/route';
import { assertSetupOpen, clientLabel, createSession, sessionCookie, setupAdmin } from '@/server/services/auth';

export const dynamic = 'force-dynamic';

export const POST = route(
  async ({ req, rt, clientIp, https }) => {
    // Refuse before reading the body: once set up, nothing in it matters.
    assertSetupOpen(rt);
    const user = await setupAdmin(rt, await readJson(req, PUBLIC_BODY_LIMIT));
    const token = createSession(rt, user, clientLabel(req.headers.get('user-agent'), clientIp));
    return Response.json({ user }, { status: 201, headers: { 'set-cookie': sessionCookie(rt, token, https) } });
  },
  { public: true },
);
