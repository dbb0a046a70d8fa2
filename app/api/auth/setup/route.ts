import { readJson, route } from '@/server/http/route';
import { createSession, sessionCookie, setupAdmin } from '@/server/services/auth';

export const dynamic = 'force-dynamic';

export const POST = route(
  async ({ req, rt }) => {
    const user = await setupAdmin(rt, await readJson(req));
    const token = createSession(rt, user);
    return Response.json({ user }, { status: 201, headers: { 'set-cookie': sessionCookie(rt, token) } });
  },
  { public: true },
);
