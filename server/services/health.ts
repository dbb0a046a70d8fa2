import type { HealthResponse } from '../contracts/health';
import type { Runtime } from '../runtime';

/** The monitoring contract: nothing more sensitive than counts. */
export function health(rt: Runtime): HealthResponse {
  const hubs = rt.engines.list();
  return {
    ok: true,
    version: rt.version,
    engines: { total: hubs.length, online: hubs.filter((h) => h.status === 'online').length },
  };
}
