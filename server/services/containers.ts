import {
  bulkActionSchema,
  containerActionSchema,
  deletedQuerySchema,
  logsQuerySchema,
  REMOVED_OUTSIDE,
} from '../contracts/container-actions';
import type { SessionUser } from '../contracts/auth';
import type Dockerode from 'dockerode';
import type {
  ActionResult,
  ContainerAction,
  ContainerDetail,
  ContainerProcessList,
  ContainerSummary,
  DeletedContainer,
  DeletedPage,
  LogLine,
} from '../contracts/containers';
import { DELETED_PAGE_SIZE } from '../contracts/containers';
import { toContainerDetail } from '../engines/container-mappers';
import { engineFailure, onlineEngine, resolveContainer } from '../engines/access';
import type { EngineHub } from '../engines/hub';
import { parseLogs } from '../engines/streams';
import { isAppError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import { deletedRemovers, pageDeleted } from '../store/deleted';
import { audited, onHost, type Actor, type AuditTarget } from './audit';
import { maskContainerDetail } from './access';
import { authorize, canSeeHost } from './authorize';

export interface ListQuery {
  hostId?: string;
  state?: string;
  q?: string;
}

/** Answered from the hubs' snapshots, which events keep exact: no engine round trip. */
export function listContainers(rt: Runtime, actor: Actor | null, query: ListQuery = {}): ContainerSummary[] {
  authorize(actor, 'containers.read', query.hostId);
  const hubs = query.hostId ? [rt.engines.get(query.hostId)] : rt.engines.list().filter((h) => canSeeHost(actor, h.id));
  const q = query.q?.toLowerCase();
  const out: ContainerSummary[] = [];
  for (const hub of hubs) {
    for (const c of hub.containers.values()) {
      if (query.state && c.state !== query.state) continue;
      if (q && !c.name.toLowerCase().includes(q) && !c.image.toLowerCase().includes(q)) continue;
      out.push(c);
    }
  }
  return out;
}

/** The hosts whose deleted records an actor may read: filtered in SQL, so a page is full and its total right. */
function readableHosts(actor: SessionUser): 'all' | readonly string[] {
  return (actor.role === 'admin' && !actor.token) || actor.hosts === 'all' ? 'all' : actor.hosts;
}

export function listDeletedContainers(rt: Runtime, actor: Actor | null, hostId?: string, limit = DELETED_PAGE_SIZE): DeletedContainer[] {
  return deletedHistory(rt, actor, { host: hostId, limit }).records;
}

/** A page of the deleted history of the hosts the actor sees, with its total and the removers to filter by. */
export function deletedHistory(rt: Runtime, actor: Actor | null, input: unknown): DeletedPage {
  const parsed = deletedQuerySchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const query = parsed.data;
  authorize(actor, 'containers.read', query.host);
  if (query.host) rt.engines.get(query.host);
  const hosts = readableHosts(actor);
  const { records, total } = pageDeleted(
    rt.db,
    {
      hosts,
      hostId: query.host,
      q: query.q || undefined,
      image: query.image || undefined,
      by: query.by === REMOVED_OUTSIDE ? null : query.by || undefined,
      id: query.id,
    },
    query.offset,
    query.limit,
  );
  return { records, total, removers: deletedRemovers(rt.db, hosts) };
}

export async function getContainer(rt: Runtime, actor: Actor | null, hostId: string, id: string): Promise<ContainerDetail> {
  authorize(actor, 'containers.read', hostId);
  const { hub, docker } = onlineEngine(rt, hostId);
  try {
    const raw = await docker.getContainer(id).inspect();
    return maskContainerDetail(toContainerDetail(hostId, hub.name, raw as unknown as Record<string, unknown>));
  } catch (err) {
    throw engineFailure(err, `Container ${id}`);
  }
}

function auditTarget(hub: EngineHub, id: string): AuditTarget {
  const c = resolveContainer(hub, id);
  return onHost(hub, 'container', c?.name ?? id.slice(0, 12));
}

export async function containerAction(rt: Runtime, actor: Actor | null, hostId: string, id: string, input: unknown): Promise<ActionResult> {
  authorize(actor, 'containers.manage', hostId);
  const parsed = containerActionSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const a = parsed.data;
  const { hub, docker } = onlineEngine(rt, hostId);
  const target = auditTarget(hub, id);
  const fullId = resolveContainer(hub, id)?.id ?? id;
  const c = docker.getContainer(fullId);
  const detail =
    a.action === 'stop' || a.action === 'restart'
      ? a.timeout !== undefined
        ? `timeout ${a.timeout}s`
        : null
      : a.action === 'kill'
        ? a.signal
        : a.action === 'rename'
          ? `to ${a.name}`
          : a.action === 'remove'
            ? [a.force && 'force', a.volumes && 'volumes'].filter(Boolean).join(', ') || null
            : null;
  const unchanged = await audited(
    rt,
    actor,
    `container.${a.action}`,
    target,
    async (): Promise<string | null> => {
      try {
        switch (a.action) {
          case 'start':
          case 'stop':
            await (a.action === 'start' ? c.start() : c.stop(a.timeout !== undefined ? { t: a.timeout } : {}));
            return null;
          case 'restart':
            await c.restart(a.timeout !== undefined ? { t: a.timeout } : {});
            return null;
          case 'kill':
            await c.kill({ signal: a.signal });
            return null;
          case 'pause':
          case 'unpause':
            await (a.action === 'pause' ? c.pause() : c.unpause());
            return null;
          case 'rename':
            await c.rename({ name: a.name.replace(/^\//, '') });
            return null;
          case 'remove':
            rt.deleted.markRemoving(hostId, fullId, actor.username);
            try {
              await c.remove({ force: a.force, v: a.volumes });
              return null;
            } catch (err) {
              rt.deleted.unmark(hostId, fullId);
              throw err;
            }
        }
      } catch (err) {
        const already = await alreadyDone(a.action, err, c);
        if (already) return already;
        throw engineFailure(err, `${a.action} ${target.text}`);
      }
    },
    (note) => [detail, note].filter(Boolean).join(', ') || null,
  );
  return unchanged ? { hostId, id: fullId, ok: true, unchanged: true, message: unchanged } : { hostId, id: fullId, ok: true };
}

/**
 * Like the CLI, asking for the state a container is already in is done, not a failure: the engine
 * answers 304 to a start or stop with nothing to do, and a conflict to pausing a paused (or unpausing a
 * running) container, where the state read again tells it from a real refusal.
 */
async function alreadyDone(action: ContainerAction, err: unknown, c: Dockerode.Container): Promise<string | null> {
  const status = (err as { statusCode?: number } | null)?.statusCode;
  if (status === 304 && action === 'start') return 'Already running';
  if (status === 304 && action === 'stop') return 'Already stopped';
  // Engines answer these with a 409 or (older ones) a 500.
  if ((status !== 409 && status !== 500) || (action !== 'pause' && action !== 'unpause')) return null;
  const state = await c.inspect().then(
    (i) => i.State,
    () => null,
  );
  if (action === 'pause' && state?.Paused) return 'Already paused';
  if (action === 'unpause' && state?.Running && !state.Paused) return 'Already running (not paused)';
  return null;
}

/** Runs one action over a selection, a few at a time; each target answers for itself. */
export async function bulkAction(rt: Runtime, actor: Actor | null, input: unknown): Promise<ActionResult[]> {
  authorize(actor, 'containers.manage');
  const parsed = bulkActionSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { targets, action } = parsed.data;
  const results: ActionResult[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      const t = targets[i]!;
      try {
        results[i] = await containerAction(rt, actor, t.hostId, t.id, action);
      } catch (err) {
        results[i] = { hostId: t.hostId, id: t.id, ok: false, message: isAppError(err) ? err.message : 'Internal error' };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, targets.length) }, worker));
  return results;
}

export async function containerLogs(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  id: string,
  query: unknown,
): Promise<{ lines: LogLine[]; tty: boolean; name: string }> {
  authorize(actor, 'containers.read', hostId);
  const parsed = logsQuerySchema.safeParse(query);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { docker } = onlineEngine(rt, hostId);
  const c = docker.getContainer(id);
  try {
    const info = await c.inspect();
    const body = (await c.logs({
      stdout: true,
      stderr: true,
      follow: false,
      timestamps: true,
      tail: parsed.data.tail ?? 500,
      ...(parsed.data.since ? { since: parsed.data.since } : {}),
    })) as unknown as Buffer;
    return {
      lines: parseLogs(Buffer.isBuffer(body) ? body : Buffer.from(String(body)), info.Config.Tty),
      tty: info.Config.Tty,
      name: info.Name.replace(/^\//, ''),
    };
  } catch (err) {
    throw engineFailure(err, `Logs of ${id}`);
  }
}

export async function containerTop(rt: Runtime, actor: Actor | null, hostId: string, id: string): Promise<ContainerProcessList> {
  authorize(actor, 'containers.read', hostId);
  const { docker } = onlineEngine(rt, hostId);
  try {
    const top = (await docker.getContainer(id).top()) as { Titles?: string[]; Processes?: string[][] };
    return { titles: top.Titles ?? [], processes: top.Processes ?? [] };
  } catch (err) {
    throw engineFailure(err, `Processes of ${id}`);
  }
}
