import type { Config } from './config';
import type { EngineRegistry } from './engines/registry';
import type { Db } from './store/db';
import type { SecretBox } from './store/secrets';
import type { LoginLimiter } from './services/rate-limit';
import type { WharfServer } from './realtime';
import type { DeletedRecorder } from './services/deleted-recorder';
import type { LiveState } from './realtime/live-state';
import type { Operations } from './services/operations';
import type { UpdateChecker } from './services/update-checks';
import type { EventStore } from './services/events';

/** Everything stateful in one process. */
export interface Runtime {
  config: Config;
  db: Db;
  box: SecretBox;
  engines: EngineRegistry;
  loginLimiter: LoginLimiter;
  deleted: DeletedRecorder;
  /** Every engine event, in Wharf's own store (more than the engine's last 256, across engine restarts). */
  events: EventStore;
  /** Long operations (pull, push, build, …): the activity tray. */
  operations: Operations;
  /** "Update available": registry digests of running containers' tags (set by createRuntime). */
  updates?: UpdateChecker;
  version: string;
  startedAt: Date;
  /** Set once socket.io is attached. */
  io?: WharfServer;
  /** The live views' revisions and snapshots (set with io); pages render their first screen from it. */
  live?: LiveState;
  /** Stops the hourly audit prune (set by createRuntime). */
  stopAuditPrune?: () => void;
}

// The custom server and Next's route bundle may load separate copies of server modules;
// the one live runtime is shared through a global symbol so both see the same engines and DB.
const KEY = Symbol.for('wharf.runtime');
type WithRuntime = typeof globalThis & { [KEY]?: Runtime };

export function setRuntime(rt: Runtime | undefined): void {
  (globalThis as WithRuntime)[KEY] = rt;
}

export function getRuntime(): Runtime {
  const rt = (globalThis as WithRuntime)[KEY];
  if (!rt) throw new Error('Wharf runtime is not started: run the app through server/index.ts');
  return rt;
}
