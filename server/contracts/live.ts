/**
 * The live-state protocol (docs/architecture.md, "Live state"). Zod-free: the browser imports it.
 *
 * A view is what a page shows live. Subscribing to a view answers with a snapshot of one or more
 * streams, each at a revision; every later change of a stream is one delta carrying the next revision
 * of that stream. A client that sees a revision skip (a gap) subscribes to the view again.
 */
import type { ContainerDetail, ContainerSummary, DeletedContainer } from './containers';
import type { AuditEntry } from './audit';
import type { EngineSummary } from './engines';
import type { ImageDetail, ImageSummary, Operation, OperationLogLine } from './images';
import type { NetworkSummary } from './networks';
import type { ContainerUpdate } from './updates';
import type { WharfEvent } from './events';
import type { VolumeSummary } from './volumes';

export type ViewSpec =
  | { kind: 'hosts' }
  /** Every host's containers (a host added later joins the view on its own), or one host's. */
  | { kind: 'containers'; hostId?: string }
  /** One container, by id, id prefix or name; the snapshot names its stream by full id. */
  | { kind: 'container'; hostId: string; id: string }
  /** The newest page of the deleted history, live (older pages and searches are HTTP reads). */
  | { kind: 'deleted' }
  /** Every host's images, or one host's. */
  | { kind: 'images'; hostId?: string }
  /** One image (by id, short id or reference) with its layers, sharing and family. */
  | { kind: 'image'; hostId: string; id: string }
  /** The activity tray: long operations, running and recently ended. */
  | { kind: 'operations' }
  /** One operation with its whole log (a build's page). */
  | { kind: 'operation'; id: string }
  /** "Update available": every running container's answer, on every host. */
  | { kind: 'updates' }
  /** Engine events from Wharf's store: the newest first, every host's (that the user may see) or one host's. */
  | { kind: 'events'; hostId?: string }
  /** Every host's networks, or one host's, with the containers attached. */
  | { kind: 'networks'; hostId?: string }
  /** Every host's volumes (a host added later joins), or one host's. */
  | { kind: 'volumes'; hostId?: string }
  /** The audit log's head (audit.read): its newest entry id, then each entry as it is written. */
  | { kind: 'audit' };

export const HOSTS_STREAM = 'hosts';
export const DELETED_STREAM = 'deleted';
export const containersStream = (hostId: string) => `containers:${hostId}`;
export const containerStream = (hostId: string, id: string) => `container:${hostId}:${id}`;
export const OPERATIONS_STREAM = 'operations';
export const imagesStream = (hostId: string) => `images:${hostId}`;
export const imageStream = (hostId: string, id: string) => `image:${hostId}:${id}`;
export const operationStream = (id: string) => `operation:${id}`;
export const UPDATES_STREAM = 'updates';
export const AUDIT_STREAM = 'audit';
export const eventsStream = (hostId: string) => `events:${hostId}`;
export const networksStream = (hostId: string) => `networks:${hostId}`;
export const volumesStream = (hostId: string) => `volumes:${hostId}`;

/** A stream key's kind: what its data and deltas hold. */
export function streamKind(
  stream: string,
):
  | 'hosts'
  | 'containers'
  | 'container'
  | 'deleted'
  | 'images'
  | 'image'
  | 'operations'
  | 'operation'
  | 'updates'
  | 'events'
  | 'networks'
  | 'volumes'
  | 'audit'
  | null {
  if (stream === HOSTS_STREAM) return 'hosts';
  if (stream === DELETED_STREAM) return 'deleted';
  if (stream === OPERATIONS_STREAM) return 'operations';
  if (stream === UPDATES_STREAM) return 'updates';
  if (stream === AUDIT_STREAM) return 'audit';
  if (stream.startsWith('events:')) return 'events';
  if (stream.startsWith('volumes:')) return 'volumes';
  if (stream.startsWith('images:')) return 'images';
  if (stream.startsWith('networks:')) return 'networks';
  if (stream.startsWith('image:')) return 'image';
  if (stream.startsWith('operation:')) return 'operation';
  if (stream.startsWith('containers:')) return 'containers';
  if (stream.startsWith('container:')) return 'container';
  return null;
}

/** The host of a `containers:`, `container:`, `images:`, `image:`, `events:` or `networks:` stream. */
export function streamHost(stream: string): string {
  return stream.split(':')[1] ?? '';
}

export function viewKey(v: ViewSpec): string {
  switch (v.kind) {
    case 'hosts':
      return 'hosts';
    case 'containers':
      return v.hostId ? `containers:${v.hostId}` : 'containers';
    case 'container':
      return `container:${v.hostId}:${v.id}`;
    case 'deleted':
      return 'deleted';
    case 'images':
      return v.hostId ? `images:${v.hostId}` : 'images';
    case 'image':
      return `image:${v.hostId}:${v.id}`;
    case 'operations':
      return 'operations';
    case 'operation':
      return `operation:${v.id}`;
    case 'updates':
      return 'updates';
    case 'events':
      return v.hostId ? `events:${v.hostId}` : 'events';
    case 'networks':
      return v.hostId ? `networks:${v.hostId}` : 'networks';
    case 'volumes':
      return v.hostId ? `volumes:${v.hostId}` : 'volumes';
    case 'audit':
      return 'audit';
  }
}

export type StreamData =
  | { kind: 'hosts'; hosts: EngineSummary[] }
  | { kind: 'containers'; hostId: string; containers: ContainerSummary[] }
  | { kind: 'container'; hostId: string; detail: ContainerDetail }
  /** The newest page of the reader's deleted history; `total` counts all of it, `keep` is the retention cap. */
  | { kind: 'deleted'; records: DeletedContainer[]; total: number; keep: number }
  | { kind: 'images'; hostId: string; images: ImageSummary[] }
  | { kind: 'image'; hostId: string; detail: ImageDetail }
  | { kind: 'operations'; operations: Operation[] }
  | { kind: 'operation'; operation: Operation; log: OperationLogLine[] }
  | { kind: 'updates'; updates: ContainerUpdate[] }
  /** A host's share of the view's newest events (an all-hosts view: of the newest across its hosts). */
  | { kind: 'events'; hostId: string; events: WharfEvent[] }
  | { kind: 'networks'; hostId: string; networks: NetworkSummary[] }
  | { kind: 'volumes'; hostId: string; volumes: VolumeSummary[] }
  /** The id of the audit log's newest entry (0: none yet); the entries themselves are HTTP reads. */
  | { kind: 'audit'; newest: number };

export interface StreamSnapshot {
  stream: string;
  rev: number;
  data: StreamData;
}

export interface ViewSnapshot {
  view: string;
  streams: StreamSnapshot[];
  /** A server-rendered first screen: only the first rows (the subscription brings the rest). */
  partial?: boolean;
}

export type DeltaOp =
  | { op: 'host'; host: EngineSummary }
  | { op: 'host.removed'; id: string }
  /** A container appeared or changed (the full summary, never a patch). */
  | { op: 'container'; c: ContainerSummary }
  | { op: 'container.removed'; id: string }
  /** The engine (re)connected and was listed again: the whole list replaces what the client had. */
  | { op: 'containers.reset'; containers: ContainerSummary[] }
  /** The engine was removed from Wharf: the stream ends. */
  | { op: 'stream.ended' }
  | { op: 'detail'; detail: ContainerDetail }
  | { op: 'detail.removed' }
  | { op: 'deleted'; record: DeletedContainer }
  | { op: 'image'; image: ImageSummary }
  | { op: 'image.removed'; id: string }
  | { op: 'images.reset'; images: ImageSummary[] }
  | { op: 'image.detail'; detail: ImageDetail }
  | { op: 'image.detail.removed' }
  /** An operation began or changed (the whole summary). */
  | { op: 'operation'; operation: Operation }
  /** More lines of an operation's log (its own stream only). */
  | { op: 'operation.log'; lines: OperationLogLine[] }
  /** A running container's update answer changed (the whole answer). */
  | { op: 'update'; update: ContainerUpdate }
  /** The container stopped or went: no answer. */
  | { op: 'update.removed'; hostId: string; containerId: string }
  /** Events just stored for the stream's host (one write batch; a replayed duplicate never comes again). */
  | { op: 'events'; events: WharfEvent[] }
  /** A network appeared or changed (the whole summary). */
  | { op: 'network'; network: NetworkSummary }
  | { op: 'network.removed'; id: string }
  | { op: 'networks.reset'; networks: NetworkSummary[] }
  /** A host's volumes changed (a volume, a mount, a user's state or a size): its whole list, which replaces the last. */
  | { op: 'volumes'; volumes: VolumeSummary[] }
  /** An audit entry was just written (masked as the audit page reads it). */
  | { op: 'audit'; entry: AuditEntry };

export interface Delta {
  stream: string;
  rev: number;
  op: DeltaOp;
}

/** A view's snapshot read for a server render (server/live-ssr.ts), handed to the page's live views. */
export interface InitialView {
  spec: Exclude<ViewSpec, { kind: 'container' | 'image' | 'operation' }>;
  snapshot: ViewSnapshot;
  /** When the server read it (ms): "5s ago" labels render from this in the HTML and in hydration alike. */
  at: number;
}
