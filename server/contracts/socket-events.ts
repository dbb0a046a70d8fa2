import type { EngineSummary } from './engines';

/** Rooms: every signed-in socket joins `hosts`; per-host rooms are `host:<id>`. */
export const HOSTS_ROOM = 'hosts';
export const hostRoom = (hostId: string) => `host:${hostId}`;

export type Ack<T> = (reply: { ok: true; data: T } | { ok: false; code: string; message: string }) => void;

export interface ServerToClientEvents {
  'engine.status': (engine: EngineSummary) => void;
  'engine.removed': (payload: { id: string }) => void;
  'session.expired': () => void;
}

export interface ClientToServerEvents {
  'hosts.list': (payload: Record<string, never>, ack: Ack<EngineSummary[]>) => void;
  'host.subscribe': (payload: { hostId: string }, ack: Ack<null>) => void;
  'host.unsubscribe': (payload: { hostId: string }, ack: Ack<null>) => void;
}
