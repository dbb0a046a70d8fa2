import { route } from '@/server/http/route';
import { containerTop } from '@/server/services/containers';

export const dynamic = 'force-dynamic';

type Params = { hostId: string; id: string };

export const GET = route<Params>(({ rt, user, params }) => containerTop(rt, user, params.hostId, params.id));
