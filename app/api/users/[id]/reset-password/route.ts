import { route } from '@/server/http/route';
import { resetPassword } from '@/server/services/users';

export const dynamic = 'force-dynamic';

export const POST = route<{ id: string }>(({ rt, user, params }) => resetPassword(rt, user, params.id));
