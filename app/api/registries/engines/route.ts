import { route } from '@/server/http/route';
import { listEngineRegistryConfigs } from '@/server/services/registry-browse';

export const dynamic = 'force-dynamic';

/** Each engine's own mirrors and insecure registries, from its last `docker info`. */
export const GET = route(({ rt, user }) => listEngineRegistryConfigs(rt, user));
