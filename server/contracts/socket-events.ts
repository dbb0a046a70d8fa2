import type { LogLine, StatsSample } from './containers';
import type { CreateResult, PullProgress, RecreateStepEvent } from './container-create';
import type { ExecExit, ExecOpened, ExecReattached } from './exec';
import type { Delta, ViewSnapshot, ViewSpec } from './live';

/** Rooms of the followed log and stats streams (live views have theirs in server/realtime/live-state.ts). */
export const logsRoom = (hostId: string, id: string) => `logs:${hostId}:${id}`;
export const statsRoom = (hostId: string, id: string) => `stats:${hostId}:${id}`;

export interface ContainerStreamRef {
  hostId: string;
  id: string;
}

export type Ack<T> = (reply: { ok: true; data: T } | { ok: false; code: string; message: string; fields?: Record<string, string> }) => void;

/** Why the server ends a session's sockets (the browser words it; `byAdmin`: someone else did it). */
export interface SessionEnded {
  reason: 'revoked' | 'disabled' | 'deleted' | 'password-reset' | 'password-changed';
  byAdmin: boolean;
}

export interface ServerToClientEvents {
  /** The next revision of a stream of a subscribed view (server/contracts/live.ts). */
  'live.delta': (delta: Delta) => void;
  'session.expired': () => void;
  /** Sent just before the server disconnects a session it ended (revoked, user disabled or deleted, password reset). */
  'session.ended': (p: SessionEnded) => void;
  /** The user's role or host grants changed: the server disconnects; the browser connects again with the new rights. */
  'session.refresh': () => void;
  /** Live log lines of a followed container (batched). */
  'logs.lines': (p: ContainerStreamRef & { lines: LogLine[] }) => void;
  /** The followed stream ended (container stopped or vanished); it resumes when the container starts. */
  'logs.ended': (p: ContainerStreamRef & { reason: string }) => void;
  /** To the socket that subscribed, before its first live sample: the kept last 5 minutes (oldest first, maybe empty). */
  'stats.history': (p: ContainerStreamRef & { samples: StatsSample[] }) => void;
  'stats.sample': (p: ContainerStreamRef & { sample: StatsSample }) => void;
  'stats.ended': (p: ContainerStreamRef & { reason: string }) => void;
  /** To the socket that asked: progress of the pull a create needed. */
  'pull.progress': (p: { opId: string; progress: PullProgress }) => void;
  'recreate.step': (p: RecreateStepEvent) => void;
  /** Terminal output; the browser acks once xterm has written it (flow control). */
  'exec.output': (p: { sessionId: string; data: Buffer | ArrayBuffer }, ack: () => void) => void;
  'exec.exit': (p: ExecExit) => void;
}

export interface ClientToServerEvents {
  /** A live view: its snapshot (streams at revisions); `live.delta` follows for each stream. */
  'live.subscribe': (view: ViewSpec, ack: Ack<ViewSnapshot>) => void;
  'live.unsubscribe': (payload: { view: ViewSpec }, ack?: Ack<null>) => void;
  'logs.subscribe': (payload: ContainerStreamRef, ack: Ack<{ following: boolean }>) => void;
  'logs.unsubscribe': (payload: ContainerStreamRef, ack: Ack<null>) => void;
  'stats.subscribe': (payload: ContainerStreamRef, ack: Ack<{ following: boolean }>) => void;
  'stats.unsubscribe': (payload: ContainerStreamRef, ack: Ack<null>) => void;
  /** Create (≈ docker run) with pull progress reported as `pull.progress` under `opId`. */
  'container.create': (payload: { hostId: string; opId: string; spec: unknown }, ack: Ack<CreateResult>) => void;
  /** Edit & recreate, each step reported as `recreate.step` under `opId` (and pull progress as for create). */
  'container.recreate': (
    payload: { hostId: string; id: string; opId: string; spec: unknown; stopTimeoutS?: number },
    ack: Ack<CreateResult>,
  ) => void;
  'exec.open': (payload: unknown, ack: Ack<ExecOpened>) => void;
  'attach.open': (payload: unknown, ack: Ack<ExecOpened>) => void;
  /** Re-attach to a terminal that outlived its socket (a reload, a dropped connection): `{sessionId, since}`. */
  'exec.reattach': (payload: unknown, ack: Ack<ExecReattached>) => void;
  'exec.input': (payload: { sessionId: string; data: string }, ack?: Ack<null>) => void;
  'exec.resize': (payload: { sessionId: string; cols: number; rows: number }, ack?: Ack<null>) => void;
  'exec.close': (payload: { sessionId: string }, ack?: Ack<null>) => void;
}
