import path from 'node:path';
import type { Config } from './config';
import { EngineRegistry } from './engines/registry';
import { readJsonFile, toJson } from './json';
import type { HubTiming } from './engines/hub';
import type { Runtime } from './runtime';
import { startAuditRetention } from './services/audit';
import { ensureAdminFromEnv } from './services/auth';
import { ensureDefaultEngine } from './services/default-engine';
import { loadEngines } from './services/engines';
import { DeletedRecorder } from './services/deleted-recorder';
import { EventStore } from './services/events';
import { LoginLimiter } from './services/rate-limit';
import { Operations } from './services/operations';
import { UpdateChecker } from './services/update-checks';
import { installHelperSweep } from './services/volume-browse';
import { openDb } from './store/db';
import { saveLastKnown } from './store/engines';
import { SecretBox } from './store/secrets';

function readVersion(): string {
  try {
    return readJsonFile<{ version?: string }>(path.join(process.cwd(), 'package.json')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Opens the store, starts a hub per stored engine and applies first-start defaults. */
export async function createRuntime(config: Config, timing: Partial<HubTiming> = {}): Promise<Runtime> {
  const db = openDb(config.dataDir);
  const engines = new EngineRegistry(timing);
  const rt: Runtime = {
    config,
    db,
    box: SecretBox.open(config.dataDir),
    engines,
    deleted: new DeletedRecorder(db, engines, () => config.deletedRetention),
    events: new EventStore(db, engines, () => ({ maxRows: config.eventsMaxRows, maxDays: config.eventsMaxDays })),
    operations: new Operations(),
    loginLimiter: new LoginLimiter({ perUser: 5, perClient: 20, windowMs: 60_000 }),
    version: readVersion(),
    startedAt: new Date(),
  };
  engines.on('engine.last-known', ({ id, lastKnown }) => {
    try {
      saveLastKnown(db, id, toJson(lastKnown));
    } catch (err) {
      console.error('[wharf] could not save engine facts', err);
    }
  });
  installHelperSweep(rt);
  rt.stopAuditPrune = startAuditRetention(rt);
  rt.updates = new UpdateChecker(rt);
  if (!config.noUpdateSchedule) rt.updates.startSchedule();
  await ensureAdminFromEnv(rt);
  loadEngines(rt);
  await ensureDefaultEngine(rt);
  return rt;
}

export function closeRuntime(rt: Runtime): void {
  rt.updates?.close();
  rt.stopAuditPrune?.();
  rt.engines.close();
  rt.events.close();
  rt.db.close();
}
