import { route } from '@/server/http/route';
import { containerAction, getContainer } from '@/server/services/containers';

export const dynamic = 'force-dynamic';

type Params = { hostId: string; id: string };

export const GET = route<Params>(({ rt, user, params }) => getContainer(rt, user, params.hostId, params.id));

export const DELETE = route<Params>(({ req, rt, user, params }) => {
  const q = new URL(req.url).searchParams;
  return containerAction(rt, user, params.hostId, params.id, {
    action: 'remove',
    force: q.get('force') === '1',
    volumes: q.get('volumes') === '1',
  });
});
