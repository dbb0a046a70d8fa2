import { route } from '@/server/http/route';
import { setUserEnabled } from '@/server/services/users';

export const dynamic = 'force-dynamic';

export const POST = route<{ id: string }>(({ rt, user, params }) => setUserEnabled(rt, user, params.id, false));
