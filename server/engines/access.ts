import type Docker from 'dockerode';
import type { ContainerSummary } from '../contracts/containers';
import { AppError, ConflictError, EngineError, NotFoundError, isAppError } from '../errors';
import type { Runtime } from '../runtime';
import { extractDockerMessage } from './connect';
import type { EngineHub } from './hub';

// How services reach an engine: a live client or a clear error, references resolved in the hub's
// snapshot, and engine refusals turned into errors that say what the caller can do.

class EngineOfflineError extends AppError {
  constructor(hub: EngineHub) {
    super('ENGINE_UNREACHABLE', `Engine ${hub.name} is offline${hub.lastError ? `: ${hub.lastError}` : ''}`, 409);
  }
}

/** The hub and a live client for a host, or a clear error. */
export function onlineEngine(rt: Runtime, hostId: string): { hub: EngineHub; docker: Docker } {
  const hub = rt.engines.get(hostId);
  const docker = hub.docker();
  if (!docker) throw new EngineOfflineError(hub);
  return { hub, docker };
}

// The engine answers many refusals of the caller's input with a 500; the words tell them apart.
const ENGINE_CONFLICT_500 = [
  /\bis (not|already) (running|paused|restarting)\b|\bis (paused|restarting)\b/i,
  /port is already allocated|address already in use|already in use by container/i,
];
const ENGINE_INPUT_500 = [
  /unable to find (user|group)|no matching entries in (passwd|group) file/i,
  /invalid signal|invalid (mount|volume|reference|argument|port|env)|invalid .* format|is not a valid/i,
  /not a directory|no such file or directory|could not find the file|is a directory/i,
  /executable file not found|permission denied|exec format error/i,
  /bind source path does not exist|invalid mode|duplicate mount point/i,
  /cannot (be|set|use|join|link)|must be|not supported|conflicting options/i,
];

/** Engine refusals keep their status and words; 304 ("already started") becomes a 409 that says so. */
export function engineFailure(err: unknown, what: string): AppError {
  if (isAppError(err)) return err;
  const e = err as { statusCode?: number; json?: { message?: string } | null; reason?: string; message?: string };
  // dockerode leaves `json` null on some endpoints; the engine's words are then in the message.
  const words = e?.json?.message ?? extractDockerMessage(e?.message ?? '') ?? e?.reason ?? e?.message;
  if (e?.statusCode === 304) return new ConflictError(`${what}: nothing to do, the container is already in that state`);
  if (e?.statusCode === 404) return new NotFoundError(words ?? `${what}: no such container`);
  if (e?.statusCode === 500 && words) {
    if (ENGINE_CONFLICT_500.some((re) => re.test(words))) return new ConflictError(words);
    if (ENGINE_INPUT_500.some((re) => re.test(words))) return new EngineError(words, 422);
  }
  if (typeof e?.statusCode === 'number') return new EngineError(words ?? 'Engine refused', e.statusCode);
  return new EngineError(`${what}: ${e?.message ?? String(err)}`, 502);
}

/** Finds a container in the hub's snapshot by full id, id prefix or name. */
export function resolveContainer(hub: EngineHub, ref: string): ContainerSummary | undefined {
  const direct = hub.containers.get(ref);
  if (direct) return direct;
  for (const c of hub.containers.values()) if (c.name === ref || c.name === ref.replace(/^\//, '')) return c;
  if (ref.length >= 4) for (const c of hub.containers.values()) if (c.id.startsWith(ref)) return c;
  return undefined;
}
