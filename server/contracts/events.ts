/** Engine events as Wharf stores and shows them (server/store/events.ts). Zod-free: the browser imports it. */

export interface WharfEvent {
  /** The store's row id: with `timeNano`, the order of events and the paging cursor. */
  id: number;
  hostId: string;
  /** Nanoseconds since the epoch as the engine wrote them (decimal text: past a double's precision). */
  timeNano: string;
  /** ISO time (milliseconds), for showing. */
  time: string;
  type: string;
  action: string;
  actorId: string;
  /** The actor's name attribute (container, network or volume name, image reference), or ''. */
  actorName: string;
  attributes: Record<string, string>;
}

/** One page of stored events, newest first; `next` is the cursor of the following (older) page. */
export interface EventPage {
  events: WharfEvent[];
  next: string | null;
}

/** How many of the newest events a live `events` view's snapshot carries. */
export const EVENTS_SNAPSHOT_SIZE = 200;

/** The cursor that pages back from an event: everything strictly older in (timeNano, id) order. */
export const eventCursor = (e: Pick<WharfEvent, 'timeNano' | 'id'>) => `${e.timeNano}.${e.id}`;

/** Newest first: by timeNano, then by id (events of one nanosecond in the order they were stored). */
export function compareEventsDesc(a: WharfEvent, b: WharfEvent): number {
  if (a.timeNano !== b.timeNano) {
    if (a.timeNano.length !== b.timeNano.length) return b.timeNano.length - a.timeNano.length;
    return a.timeNano < b.timeNano ? 1 : -1;
  }
  return b.id - a.id;
}
