import { route } from '@/server/http/route';
import { deletedHistory } from '@/server/services/containers';

export const dynamic = 'force-dynamic';

/** A page of the deleted history (filters and paging in the query string); the newest page is also live. */
export const GET = route(({ req, rt, user }) => {
  const q = new URL(req.url).searchParams;
  const input: Record<string, string> = {};
  for (const k of ['host', 'q', 'image', 'by', 'id', 'offset', 'limit']) {
    const v = q.get(k);
    if (v !== null && v !== '') input[k] = v;
  }
  return deletedHistory(rt, user, input);
});
