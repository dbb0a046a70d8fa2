import { compareEventsDesc, type WharfEvent } from '@/server/contracts/events';
import { containerHref } from '../containers/container-model';
import { imageHref } from '../images/links';
import type { Tone } from '../ui/badge';

export interface EventFilters {
  host: string;
  type: string;
  action: string;
  name: string;
}

/** The object types an engine reports events for. */
export const EVENT_TYPES = [
  'container',
  'image',
  'network',
  'volume',
  'daemon',
  'plugin',
  'builder',
  'service',
  'node',
  'secret',
  'config',
];

export const TYPE_TONE: Record<string, Tone> = { container: 'sky', image: 'green', network: 'amber', volume: 'zinc' };

/** The same test the store's query makes: type and action exact, name a part of the actor's name or the start of its id. */
export function matchesEvent(e: WharfEvent, f: EventFilters): boolean {
  if (f.host && e.hostId !== f.host) return false;
  if (f.type && e.type !== f.type) return false;
  if (f.action && e.action !== f.action) return false;
  if (f.name) {
    const n = f.name.toLowerCase();
    if (!e.actorName.toLowerCase().includes(n) && !e.actorId.toLowerCase().startsWith(n)) return false;
  }
  return true;
}

/** Live events and the pages loaded from the store, newest first, each once. */
export function mergePages(live: readonly WharfEvent[], older: readonly WharfEvent[]): WharfEvent[] {
  const seen = new Set<number>();
  const out: WharfEvent[] = [];
  for (const e of [...live, ...older]) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    out.push(e);
  }
  return out.sort(compareEventsDesc);
}

/** Where the event's actor has a page (containers, and images by id). */
export function actorHref(e: WharfEvent): string | null {
  if (e.type === 'container' && e.actorId) return containerHref(e.hostId, e.actorId);
  if (e.type === 'image' && /^sha256:[0-9a-f]{64}$/.test(e.actorId)) return imageHref(e.hostId, e.actorId);
  return null;
}

/** "abc123def456" for a 64-hex id or `sha256:` digest; other ids (a volume's name, a reference) as they are. */
export function shortActorId(id: string): string {
  const hex = id.replace(/^sha256:/, '');
  return /^[0-9a-f]{64}$/.test(hex) ? hex.slice(0, 12) : id;
}

/** The attributes the row does not already show, as `key=value` pairs. */
export function detailPairs(e: WharfEvent): Array<[string, string]> {
  return Object.entries(e.attributes)
    .filter(([k]) => k !== 'name')
    .sort(([a], [b]) => a.localeCompare(b));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local wall time to the millisecond (events come in bursts within one second), with the date when not today. */
export function formatEventTime(e: WharfEvent, now = new Date()): string {
  const d = new Date(e.time);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  return d.toDateString() === now.toDateString() ? time : `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}
