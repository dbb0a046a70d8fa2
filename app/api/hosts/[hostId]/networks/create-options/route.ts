import { route } from '@/server/http/route';
import { networkCreateOptions } from '@/server/services/networks';

export const dynamic = 'force-dynamic';

/** The drivers the create dialog may offer on this host (overlay only on a swarm manager). */
export const GET = route<{ hostId: string }>(({ rt, user, params }) => networkCreateOptions(rt, user, params.hostId));
