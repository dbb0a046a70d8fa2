import { route } from '@/server/http/route';
import { authState } from '@/server/services/auth';

export const dynamic = 'force-dynamic';

export const GET = route(({ rt, user }) => authState(rt, user), { public: true });
