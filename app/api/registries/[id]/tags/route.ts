import { route } from '@/server/http/route';
import { listTags } from '@/server/services/registry-browse';

export const dynamic = 'force-dynamic';

/** One page of a repository's tags: `?repo=team/app&n=50&cursor=<from next>`. */
export const GET = route<{ id: string }>(({ req, rt, user, params }) => {
  const q = new URL(req.url).searchParams;
  return listTags(rt, user, params.id, { repo: q.get('repo'), n: q.get('n') ?? undefined, cursor: q.get('cursor') ?? undefined });
});
