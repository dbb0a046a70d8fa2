import { route } from '@/server/http/route';
import { health } from '@/server/services/health';

export const dynamic = 'force-dynamic';

export const GET = route(({ rt }) => health(rt), { public: true });
