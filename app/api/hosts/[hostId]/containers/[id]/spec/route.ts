import { route } from '@/server/http/route';
import { containerSpec } from '@/server/services/container-create';

export const dynamic = 'force-dynamic';

export const GET = route<{ hostId: string; id: string }>(({ rt, user, params }) => containerSpec(rt, user, params.hostId, params.id));
