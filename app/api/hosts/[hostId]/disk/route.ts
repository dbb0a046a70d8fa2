import { route } from '@/server/http/route';
import { diskUsage } from '@/server/services/disk-usage';

export const dynamic = 'force-dynamic';

/** `docker system df` as a breakdown; reused up to 30 s unless `?fresh=1`. */
export const GET = route<{ hostId: string }>(({ req, rt, user, params }) =>
  diskUsage(rt, user, params.hostId, { fresh: new URL(req.url).searchParams.get('fresh') === '1' }),
);
