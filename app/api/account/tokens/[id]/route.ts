import { route } from '@/server/http/route';
import { revokeToken } from '@/server/services/api-tokens';

export const dynamic = 'force-dynamic';

export const DELETE = route<{ id: string }>(({ rt, user, params }) => revokeToken(rt, user, params.id));
