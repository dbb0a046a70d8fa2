import { route } from '@/server/http/route';
import { deployPlan } from '@/server/services/deploy';

export const dynamic = 'force-dynamic';

/** The deploy form pre-filled: `?ref=` (a registry tag), `?host=&image=` (a local image) or `?template=`. */
export const GET = route(({ req, rt, user }) => {
  const q = new URL(req.url).searchParams;
  const source = q.get('template')
    ? { kind: 'template', id: q.get('template') }
    : q.get('host')
      ? { kind: 'local', hostId: q.get('host'), image: q.get('image') ?? '' }
      : { kind: 'registry', ref: q.get('ref') ?? '' };
  return deployPlan(rt, user, source);
});
