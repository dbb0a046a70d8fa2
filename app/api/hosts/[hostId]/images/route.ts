import { route } from '@/server/http/route';
import { listImageOptions } from '@/server/services/engine-resources';

export const dynamic = 'force-dynamic';

export const GET = route<{ hostId: string }>(({ rt, user, params }) => listImageOptions(rt, user, params.hostId));
