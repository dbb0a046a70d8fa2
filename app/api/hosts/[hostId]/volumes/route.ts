import { route } from '@/server/http/route';
import { listVolumeOptions } from '@/server/services/engine-resources';

export const dynamic = 'force-dynamic';

export const GET = route<{ hostId: string }>(({ rt, user, params }) => listVolumeOptions(rt, user, params.hostId));
