import { route } from '@/server/http/route';
import { removeNetwork } from '@/server/services/networks';

export const dynamic = 'force-dynamic';

/** Removes the network; refused in words while containers use it, and for the engine's own networks. */
export const POST = route<{ hostId: string; id: string }>(({ rt, user, params }) => removeNetwork(rt, user, params.hostId, params.id));
