import fs from 'node:fs';
import type { EngineInput } from '../contracts/engines';
import { splitSpec } from '../engines/spec';
import { toJson } from '../json';
import type { Runtime } from '../runtime';
import { insertEngineRow, listEngineRows } from '../store/engines';
import { getSetting, setSetting } from '../store/settings';
import { newEngineId, probeEngine } from './engines';

// Used at start-up only (server/bootstrap.ts), never from route handlers: it looks at the filesystem.

/** Turns DOCKER_HOST (unix:// or tcp://) or the default socket into an engine spec. */
export function localEngineSpec(dockerHost: string | undefined): EngineInput | null {
  const name = 'local';
  if (!dockerHost) return { kind: 'socket', name, socketPath: '/var/run/docker.sock' };
  if (dockerHost.startsWith('unix://')) return { kind: 'socket', name, socketPath: dockerHost.slice('unix://'.length) };
  const m = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(dockerHost);
  if (m) return { kind: 'tcp', name, host: m[1]!, port: Number(m[2]) };
  return null;
}

/** A fresh store gets the local engine as its first host, if one answers. */
export async function ensureDefaultEngine(rt: Runtime): Promise<void> {
  if (rt.config.noDefaultEngine || listEngineRows(rt.db).length > 0) return;
  if (getSetting(rt.db, 'default_engine_done')) return;
  const spec = localEngineSpec(rt.config.dockerHost);
  if (!spec) {
    console.warn(`[wharf] DOCKER_HOST=${rt.config.dockerHost} is not unix:// or tcp://; add the engine in the UI`);
    return;
  }
  if (spec.kind === 'socket' && !fs.existsSync(spec.socketPath)) {
    console.warn(`[wharf] no Docker socket at ${spec.socketPath}; add an engine in the UI`);
    return;
  }
  try {
    await probeEngine(spec);
  } catch (err) {
    console.warn(`[wharf] local engine does not answer: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  const id = newEngineId();
  const { config } = splitSpec(spec);
  insertEngineRow(rt.db, { id, name: spec.name, kind: spec.kind, config: toJson(config), secrets: null });
  // Only once: an admin who removes the local engine does not get it back on the next start.
  setSetting(rt.db, 'default_engine_done', '1');
  rt.engines.add(id, spec.name, spec);
  console.log(`[wharf] added the local engine (${spec.kind === 'socket' ? spec.socketPath : rt.config.dockerHost})`);
}
