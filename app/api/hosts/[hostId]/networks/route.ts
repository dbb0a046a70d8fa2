import { route } from '@/server/http/route';
import { listNetworkOptions } from '@/server/services/engine-resources';

export const dynamic = 'force-dynamic';

export const GET = route<{ hostId: string }>(({ rt, user, params }) => listNetworkOptions(rt, user, params.hostId));
