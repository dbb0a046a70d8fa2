import type { ContainerSummary, DeletedContainer, LogLine, StatsSample } from './containers';
import type { CreateResult, PullProgress } from './container-create';
import type { EngineSummary } from './engines';
import type { ExecExit, ExecOpened } from './exec';

/** Rooms: every signed-in socket joins `hosts`; per-host rooms are `host:<id>`. */
export const HOSTS_ROOM = 'hosts';
export const hostRoom = (hostId: string) => `host:${hostId}`;
export const logsRoom = (hostId: string, id: string) => `logs:${hostId}:${id}`;
export const statsRoom = (hostId: string, id: string) => `stats:${hostId}:${id}`;

export interface ContainerStreamRef {
  hostId: string;
  id: string;
}

export type Ack<T> = (
  reply: { ok: true; data: T } | { ok: false; code: string; message: string; fields?: Record<string, string> },
) => void;

export interface ServerToClientEvents {
  'engine.status': (engine: EngineSummary) => void;
  'engine.removed': (payload: { id: string }) => void;
  'session.expired': () => void;
  /** To `host:<id>` rooms: a container changed (state, name, …). */
  'container.updated': (c: ContainerSummary) => void;
  'container.removed': (p: { hostId: string; id: string }) => void;
  /** The record kept of a container that left its engine. */
  'container.deleted': (rec: DeletedContainer) => void;
  /** Live log lines of a followed container (batched). */
  'logs.lines': (p: ContainerStreamRef & { lines: LogLine[] }) => void;
  /** The followed stream ended (container stopped or vanished); it resumes when the container starts. */
  'logs.ended': (p: ContainerStreamRef & { reason: string }) => void;
  'stats.sample': (p: ContainerStreamRef & { sample: StatsSample }) => void;
  'stats.ended': (p: ContainerStreamRef & { reason: string }) => void;
  /** To the socket that asked: progress of the pull a create needed. */
  'pull.progress': (p: { opId: string; progress: PullProgress }) => void;
  /** Terminal output; the browser acks once xterm has written it (flow control). */
  'exec.output': (p: { sessionId: string; data: Buffer | ArrayBuffer }, ack: () => void) => void;
  'exec.exit': (p: ExecExit) => void;
}

export interface ClientToServerEvents {
  'hosts.list': (payload: Record<string, never>, ack: Ack<EngineSummary[]>) => void;
  'host.subscribe': (payload: { hostId: string }, ack: Ack<null>) => void;
  'host.unsubscribe': (payload: { hostId: string }, ack: Ack<null>) => void;
  'logs.subscribe': (payload: ContainerStreamRef, ack: Ack<{ following: boolean }>) => void;
  'logs.unsubscribe': (payload: ContainerStreamRef, ack: Ack<null>) => void;
  'stats.subscribe': (payload: ContainerStreamRef, ack: Ack<{ following: boolean }>) => void;
  'stats.unsubscribe': (payload: ContainerStreamRef, ack: Ack<null>) => void;
  /** Create (≈ docker run) with pull progress reported as `pull.progress` under `opId`. */
  'container.create': (payload: { hostId: string; opId: string; spec: unknown }, ack: Ack<CreateResult>) => void;
  'container.recreate': (payload: { hostId: string; id: string; opId: string; spec: unknown }, ack: Ack<CreateResult>) => void;
  'exec.open': (payload: unknown, ack: Ack<ExecOpened>) => void;
  'attach.open': (payload: unknown, ack: Ack<ExecOpened>) => void;
  'exec.input': (payload: { sessionId: string; data: string }, ack?: Ack<null>) => void;
  'exec.resize': (payload: { sessionId: string; cols: number; rows: number }, ack?: Ack<null>) => void;
  'exec.close': (payload: { sessionId: string }, ack?: Ack<null>) => void;
}
