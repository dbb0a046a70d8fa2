import { route } from '@/server/http/route';
import { diskSummary } from '@/server/services/disk-usage';

export const dynamic = 'force-dynamic';

/** Every host's disk usage for the overview (answers reused up to 30 s per host). */
export const GET = route(({ rt, user }) => diskSummary(rt, user));
