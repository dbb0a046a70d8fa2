import { z } from 'zod';
import { validationFromZod } from '@/server/errors';
import { route } from '@/server/http/route';
import { listContainers } from '@/server/services/containers';

export const dynamic = 'force-dynamic';

const query = z.object({
  host: z.string().max(64).optional(),
  state: z.enum(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']).optional(),
  q: z.string().max(200).optional(),
});

export const GET = route(({ req, rt, user }) => {
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  return listContainers(rt, user, { hostId: parsed.data.host, state: parsed.data.state, q: parsed.data.q });
});
