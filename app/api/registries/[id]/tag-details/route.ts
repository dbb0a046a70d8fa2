import { route } from '@/server/http/route';
import { tagDetails } from '@/server/services/registry-browse';

export const dynamic = 'force-dynamic';

/** Digest, size and created of the tags on a visible page: `?repo=team/app&tag=1.0&tag=latest`. */
export const GET = route<{ id: string }>(({ req, rt, user, params }) => {
  const q = new URL(req.url).searchParams;
  return tagDetails(rt, user, params.id, { repo: q.get('repo'), tags: q.getAll('tag') });
});
