import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { SessionUser } from '../contracts/auth';
import type { Operation, OperationKind, OperationLogLine, TransferProgress } from '../contracts/images';
import { ConflictError, NotFoundError } from '../errors';

// The activity tray's source: every long operation (pull, push, build, load, import, save, prune,
// commit, export) runs on the server, owned by no browser, and reports here. Changes go out through
// the live-state protocol (`operations` and `operation:<id>` streams); a browser that closes changes
// nothing, and any browser that opens later sees the operation where it is.

/** How often a running operation's progress is published at most (a pull reports hundreds of lines a second). */
const PUBLISH_EVERY_MS = 150;
/** Ended operations kept for the tray (in memory: the audit log is the permanent record). */
const KEEP_ENDED = 50;
/** A build log longer than this keeps its last lines (numbering goes on). */
const LOG_LIMIT = 5_000;

export interface OperationsEvents {
  changed: [Operation];
  log: [string, OperationLogLine[]];
}

interface Entry {
  op: Operation;
  log: OperationLogLine[];
  nextLine: number;
  abort: AbortController;
  timer: NodeJS.Timeout | null;
  pendingLines: OperationLogLine[];
}

export interface OperationStart {
  hostId: string;
  hostName: string;
  kind: OperationKind;
  title: string;
  user: SessionUser | null;
  /** Whether `cancel` means anything for it (an engine call that stops when its stream is destroyed). */
  cancellable?: boolean;
}

/** What the code doing an operation holds: reports progress and its end. Calls after the end are ignored. */
export class OperationHandle {
  constructor(
    private readonly ops: Operations,
    private readonly entry: Entry,
  ) {}

  get id(): string {
    return this.entry.op.id;
  }
  /** Aborted when a user cancels; the worker destroys its engine stream on it. */
  get signal(): AbortSignal {
    return this.entry.abort.signal;
  }
  get ended(): boolean {
    return this.entry.op.state !== 'running';
  }

  transfer(p: TransferProgress): void {
    this.update({ transfer: p, status: p.status });
  }
  bytes(current: number, total: number | null = null): void {
    this.update({ bytes: { current, total } });
  }
  status(status: string): void {
    this.update({ status });
  }
  log(text: string, kind: OperationLogLine['kind'] = 'out'): void {
    if (this.ended) return;
    const e = this.entry;
    const line = { n: e.nextLine++, text, kind };
    e.log.push(line);
    if (e.log.length > LOG_LIMIT) e.log.splice(0, e.log.length - LOG_LIMIT);
    e.pendingLines.push(line);
    e.op = { ...e.op, logLines: e.nextLine };
    if (kind === 'step' || kind === 'error') e.op = { ...e.op, status: text };
    this.ops.schedule(e);
  }
  succeed(result: string, imageId: string | null = null): void {
    this.end({ state: 'succeeded', result, imageId });
  }
  fail(error: string): void {
    this.end({ state: 'failed', error });
  }
  /** Ends it as cancelled (the worker calls this once its stream is down). */
  cancelled(why = 'Cancelled'): void {
    this.end({ state: 'cancelled', error: why });
  }

  private update(patch: Partial<Operation>): void {
    if (this.ended) return;
    this.entry.op = { ...this.entry.op, ...patch };
    this.ops.schedule(this.entry);
  }

  private end(patch: Partial<Operation>): void {
    if (this.ended) return;
    this.entry.op = { ...this.entry.op, ...patch, cancellable: false, endedAt: new Date().toISOString() };
    this.ops.flush(this.entry);
    this.ops.trim();
  }
}

export class Operations extends EventEmitter<OperationsEvents> {
  private readonly entries = new Map<string, Entry>();

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  start(s: OperationStart): OperationHandle {
    const op: Operation = {
      id: crypto.randomUUID(),
      hostId: s.hostId,
      hostName: s.hostName,
      kind: s.kind,
      title: s.title,
      user: s.user?.username ?? null,
      state: 'running',
      startedAt: new Date().toISOString(),
      endedAt: null,
      transfer: null,
      bytes: null,
      status: 'Starting',
      logLines: 0,
      result: null,
      imageId: null,
      error: null,
      cancellable: s.cancellable ?? false,
    };
    const entry: Entry = { op, log: [], nextLine: 0, abort: new AbortController(), timer: null, pendingLines: [] };
    this.entries.set(op.id, entry);
    this.emit('changed', op);
    return new OperationHandle(this, entry);
  }

  /** Newest first. */
  list(): Operation[] {
    return [...this.entries.values()].map((e) => e.op).reverse();
  }

  get(id: string): { operation: Operation; log: OperationLogLine[] } {
    const e = this.entries.get(id);
    if (!e) throw new NotFoundError('No such operation (it may have ended long ago)');
    // Lines not yet published go out in the next delta: a snapshot holding them too would show them twice.
    return { operation: e.op, log: e.log.slice(0, Math.max(0, e.log.length - e.pendingLines.length)) };
  }

  /** Asks a running operation to stop; it ends as cancelled once its worker has let go. */
  cancel(id: string): Operation {
    const e = this.entries.get(id);
    if (!e) throw new NotFoundError('No such operation');
    if (e.op.state !== 'running') throw new ConflictError(`It has already ended (${e.op.state})`);
    if (!e.op.cancellable) throw new ConflictError(`A ${e.op.kind} cannot be cancelled once it has started`);
    e.abort.abort();
    return e.op;
  }

  /** @internal trailing publish, at most every PUBLISH_EVERY_MS */
  schedule(e: Entry): void {
    if (e.timer) return;
    e.timer = setTimeout(() => this.flush(e), PUBLISH_EVERY_MS);
  }

  /** @internal */
  flush(e: Entry): void {
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
    if (e.pendingLines.length) {
      const lines = e.pendingLines;
      e.pendingLines = [];
      this.emit('log', e.op.id, lines);
    }
    this.emit('changed', e.op);
  }

  /** @internal */
  trim(): void {
    const ended = [...this.entries.values()].filter((e) => e.op.state !== 'running');
    for (const e of ended.slice(0, Math.max(0, ended.length - KEEP_ENDED))) this.entries.delete(e.op.id);
  }
}

/**
 * Runs `work` as an operation and answers at once with its id: the caller (an HTTP command) does not
 * wait for a pull or build. Errors end the operation as failed, in the words `describe` gives them.
 */
export function runOperation(
  ops: Operations,
  start: OperationStart,
  work: (h: OperationHandle) => Promise<{ result: string; imageId?: string | null }>,
  describe: (err: unknown) => string = (err) => (err instanceof Error ? err.message : String(err)),
  onEnd?: (op: Operation) => void,
): { operationId: string; done: Promise<Operation> } {
  const h = ops.start(start);
  const done = (async () => {
    try {
      const r = await work(h);
      if (h.signal.aborted) h.cancelled();
      else h.succeed(r.result, r.imageId ?? null);
    } catch (err) {
      if (h.signal.aborted) h.cancelled();
      else h.fail(describe(err));
    }
    const op = ops.get(h.id).operation;
    onEnd?.(op);
    return op;
  })();
  return { operationId: h.id, done };
}
