import { route } from '@/server/http/route';
import { listRepositories } from '@/server/services/registry-browse';

export const dynamic = 'force-dynamic';

/** One page of the catalog: `?n=50&last=<repo>`, or of the names that start with `?prefix=`. */
export const GET = route<{ id: string }>(({ req, rt, user, params }) => {
  const q = new URL(req.url).searchParams;
  return listRepositories(rt, user, params.id, {
    n: q.get('n') ?? undefined,
    last: q.get('last') ?? undefined,
    prefix: q.get('prefix') ?? undefined,
  });
});
