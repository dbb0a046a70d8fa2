import { io as connect, type Socket } from 'socket.io-client';
import type { Delta, ViewSnapshot, ViewSpec } from '@/server/contracts/live';

/** What a socket ack answers: the same `{ok:false, code, message, fields}` as HTTP on refusal. */
export type Reply<T> = { ok: true; data: T } | { ok: false; code: string; message: string; fields?: Record<string, string> };

export interface LiveClient {
  s: Socket;
  /** Every delta it got, in arrival order. */
  deltas: Delta[];
}

/** A browser-like socket.io client of `base` signed in with `cookie`; put in `sockets` to be closed after. */
export async function liveClient(base: string, cookie: string, sockets: Socket[]): Promise<LiveClient> {
  const s = connect(base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  sockets.push(s);
  const deltas: Delta[] = [];
  s.on('live.delta', (d: Delta) => deltas.push(d));
  await new Promise<void>((resolve, reject) => {
    s.once('connect', resolve);
    s.once('connect_error', reject);
  });
  return { s, deltas };
}

/** Subscribes to a view; a refusal throws with its code and words. */
export async function subscribeView(s: Socket, spec: ViewSpec): Promise<ViewSnapshot> {
  const r = (await s.timeout(15_000).emitWithAck('live.subscribe', spec)) as Reply<ViewSnapshot>;
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.data;
}
