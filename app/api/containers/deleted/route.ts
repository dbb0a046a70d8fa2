import { route } from '@/server/http/route';
import { listDeletedContainers } from '@/server/services/containers';

export const dynamic = 'force-dynamic';

export const GET = route(({ req, rt, user }) =>
  listDeletedContainers(rt, user, new URL(req.url).searchParams.get('host') ?? undefined),
);
