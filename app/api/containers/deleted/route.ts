import { route } from '@/server/http/route';
import { listDeletedContainers } from '@/server/services/containers';

export const dynamic = 'force-dynamic';

export const GET = route(({ req, rt, user }) => {
  const q = new URL(req.url).searchParams;
  const limit = Number(q.get('limit') ?? 1000);
  return listDeletedContainers(rt, user, q.get('host') ?? undefined, Number.isFinite(limit) ? limit : 1000);
});
