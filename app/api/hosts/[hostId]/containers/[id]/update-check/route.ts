import { route } from '@/server/http/route';
import { checkContainer } from '@/server/services/updates';

export const dynamic = 'force-dynamic';

/** "Check now": asks the container's registry at once and answers with the result (also sent live). */
export const POST = route<{ hostId: string; id: string }>(({ rt, user, params }) => checkContainer(rt, user, params.hostId, params.id));
