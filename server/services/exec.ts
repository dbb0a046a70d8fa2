import crypto from 'node:crypto';
import type { Duplex, Readable } from 'node:stream';
import type Docker from 'dockerode';
import {
  attachOpenSchema,
  reattachSchema,
  DETACH_KEYS,
  execOpenSchema,
  FLOW_HIGH_WATERMARK,
  FLOW_LOW_WATERMARK,
  type ExecExit,
  type ExecOpened,
  type ExecReattached,
} from '../contracts/exec';
import { Demuxer } from '../engines/streams';
import { AppError, NotFoundError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import { onHost, recordAudit, type Actor, type AuditTarget } from './audit';
import { authorize, can } from './authorize';
import { OutputRing } from './output-ring';
import { execCollect } from './container-files';
import { engineFailure, onlineEngine, resolveContainer } from '../engines/access';

/** Where a session's output goes; `done` is called when the browser has written it (the ack). */
export interface ExecSink {
  output(sessionId: string, data: Buffer, done: () => void): void;
  exit(info: ExecExit): void;
}

/** Who may re-attach to a terminal: the user who opened it, from the same sign-in. */
export interface TerminalOwner {
  userId: number;
  loginSession: string;
  /** Whether that sign-in still holds and may still run terminals on the host (checked while detached). */
  stillAllowed: (hostId: string) => boolean;
}

/** While detached, how often the owner's sign-in is checked (signing out ends a detached shell within this). */
const OWNER_CHECK_MS = 1000;

// The shell prints its PID (as a private OSC sequence, stripped before the browser sees it) so that
// closing can end the whole session: the exec API cannot kill a process.
// eslint-disable-next-line no-control-regex -- the mark is an escape sequence by design
const PID_MARK = /\x1b\]7771;(\d+)\x07/;
/** Output frames: at most 64 KiB, and during a flood at most one per 5 ms (≈200 frames/s). */
const MAX_FRAME = 64 * 1024;
const FRAME_INTERVAL_MS = 5;
const PRELUDE = `printf '\\033]7771;%s\\007' $$`;

function commandFor(shell: string, custom: string[]): { cmd: string[]; label: string } {
  if (shell === 'custom') return { cmd: ['sh', '-c', `${PRELUDE}; exec "$@"`, 'sh', ...custom], label: custom.join(' ') };
  if (shell === 'auto') {
    return { cmd: ['sh', '-c', `${PRELUDE}; if command -v bash >/dev/null 2>&1; then exec bash; fi; exec sh`], label: 'auto (bash or sh)' };
  }
  return { cmd: ['sh', '-c', `${PRELUDE}; exec "$0"`, shell], label: shell };
}

// Ends every process of the session whose leader is $1 (the shell and whatever it started).
const KILL_SESSION = `SID=$1; SIG=$2; for d in /proc/[0-9]*; do l=$(cat "$d/stat" 2>/dev/null) || continue; set -- \${l##*) }; [ "$4" = "$SID" ] && kill -"$SIG" "\${d#/proc/}" 2>/dev/null; done; true`;

export class ExecSession {
  readonly id = crypto.randomBytes(8).toString('hex');
  private unacked = 0;
  private paused = false;
  private closed = false;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private lastFlush = 0;
  /** Paused by queue() to coalesce a flood (not by flow control). */
  private coalescing = false;
  private pid: number | null = null;
  /** Output held back until the PID mark has been seen, so the mark can be stripped whole. */
  private head = '';
  private awaitingMark: boolean;
  private readonly startedAt = Date.now();
  private closeReason: string | null = null;
  private demux: Demuxer | null;
  /** Until start() (called once the open is answered), output is held here and nothing reaches the browser. */
  private held = true;
  private heldPause = false;
  /** The engine stream ended while the session was held (a command that failed to start ends at once). */
  private endedWhileHeld = false;
  private readonly tracked: boolean;
  private settle: () => void = () => undefined;
  /** Settles when the session is known to run (the shell reported its PID) or its stream ended. */
  private readonly settled = new Promise<void>((r) => (this.settle = r));
  /** Recent output, by offset, to redraw a re-attaching browser (bounded: TERMINAL_RING_BYTES). */
  private readonly ring = new OutputRing();
  /** Bumped on every detach: acks from an earlier socket no longer count. */
  private generation = 0;
  /** Where output goes now; null while detached (the ring still records). */
  private sink: ExecSink | null;
  /** The socket the session is attached to (the only one whose input, resizes and close count). */
  socketId: string | null = null;
  owner: TerminalOwner | null = null;
  /** Set when opened: what a re-attach answers. */
  opened: ExecOpened | null = null;
  private graceTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly rt: Runtime,
    private readonly actor: Actor,
    readonly kind: 'exec' | 'attach',
    readonly hostId: string,
    readonly containerId: string,
    private readonly docker: Docker,
    private readonly stream: Duplex,
    private readonly exec: Docker.Exec | null,
    sink: ExecSink,
    readonly label: string,
    readonly auditTarget: AuditTarget,
    tty: boolean,
    /** Whether the command was wrapped to report its PID (it needs `sh` in the container). */
    tracked = kind === 'exec',
  ) {
    this.sink = sink;
    this.demux = tty ? null : new Demuxer();
    this.awaitingMark = tracked;
    this.tracked = tracked;
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    stream.on('end', () => this.onEnd());
    stream.on('close', () => this.onEnd());
    stream.on('error', () => this.onEnd());
  }

  private onEnd(): void {
    if (this.awaitingMark) {
      // Ended before the shell ran: what came is the engine's own words (no such user, bad working dir…).
      this.awaitingMark = false;
      if (this.head) this.queue(Buffer.from(this.head, 'latin1'));
      this.head = '';
    }
    if (this.held) {
      this.endedWhileHeld = true;
      this.settle();
      return;
    }
    void this.finish();
  }

  /**
   * Waits until the command is known to have started (the PID mark) or ended, at most `ms`; an
   * untracked command gives no mark, so for it this only tells whether it ended within `ms`.
   * Returns the words it printed if it ended before starting, or null if it runs.
   */
  async startFailure(ms: number): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.settled, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
    if (!this.endedWhileHeld || (this.tracked && this.pid !== null)) return null;
    return Buffer.concat(this.pending).toString('utf8').trim();
  }

  /** Lets output (and the exit) flow to the browser: called once the open has been answered. */
  start(): void {
    if (!this.held) return;
    this.held = false;
    if (this.heldPause) {
      this.heldPause = false;
      if (!this.paused) this.stream.resume();
    }
    this.flush();
    if (this.endedWhileHeld) void this.finish();
  }

  /** Drops a session that never started (its open failed): no output, exit or audit of its own. */
  discard(): void {
    this.closed = true;
    this.stream.on('error', () => undefined);
    this.stream.destroy();
  }

  /** Bytes sent to the browser and not yet acknowledged (benches and tests look). */
  get inFlight(): number {
    return this.unacked;
  }
  get isPaused(): boolean {
    return this.paused;
  }

  private onData(chunk: Buffer): void {
    if (this.demux) for (const f of this.demux.push(chunk)) this.take(f.data);
    else this.take(chunk);
  }

  private take(chunk: Buffer): void {
    if (this.awaitingMark) {
      this.head += chunk.toString('latin1');
      const m = PID_MARK.exec(this.head);
      if (!m && this.head.length < 4096) return;
      if (m) this.pid = Number(m[1]);
      this.settle();
      const rest = m ? this.head.slice(0, m.index) + this.head.slice(m.index + m[0].length) : this.head;
      this.awaitingMark = false;
      this.head = '';
      if (rest) this.queue(Buffer.from(rest, 'latin1'));
      return;
    }
    this.queue(chunk);
  }

  private queue(data: Buffer): void {
    this.ring.push(data);
    // Detached: the ring keeps the recent output for whoever re-attaches; nothing else is held.
    if (!this.sink) return;
    this.pending.push(data);
    this.pendingBytes += data.length;
    if (this.held) {
      // Bounded while held: the engine waits (TCP backpressure) until the open is answered.
      if (this.pendingBytes > FLOW_HIGH_WATERMARK && !this.heldPause) {
        this.heldPause = true;
        this.stream.pause();
      }
      return;
    }
    if (this.pendingBytes >= MAX_FRAME) {
      this.flush();
      return;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Interactive output (an echo, a prompt) goes out at once; during a flood at most one frame
    // per FRAME_INTERVAL_MS, and the engine stream is paused meanwhile so the kernel gathers the
    // TTY's small writes into one read instead of hundreds.
    const wait = FRAME_INTERVAL_MS - (performance.now() - this.lastFlush);
    if (wait <= 0) setImmediate(() => this.flush());
    else {
      this.flushTimer = setTimeout(() => this.flush(), wait);
      if (!this.paused) {
        this.coalescing = true;
        this.stream.pause();
      }
    }
  }

  private flush(): void {
    if (this.held) return;
    this.flushScheduled = false;
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.coalescing) {
      this.coalescing = false;
      if (!this.paused) this.stream.resume();
    }
    if (!this.pendingBytes || !this.sink) return;
    this.lastFlush = performance.now();
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.unacked += data.length;
    let acked = false;
    const generation = this.generation;
    this.sink.output(this.id, data, () => {
      if (acked || generation !== this.generation) return;
      acked = true;
      this.unacked -= data.length;
      if (this.paused && this.unacked < FLOW_LOW_WATERMARK) {
        this.paused = false;
        if (!this.coalescing) this.stream.resume();
      }
    });
    if (!this.paused && this.unacked > FLOW_HIGH_WATERMARK) {
      this.paused = true;
      this.stream.pause();
    }
  }

  /**
   * The socket went (a reload, a dropped connection): output is no longer sent, only kept in the ring,
   * and flow control lets go so the shell is not held by a browser that is not there.
   */
  detach(): void {
    if (!this.sink) return;
    this.sink = null;
    this.socketId = null;
    this.generation++;
    this.pending = [];
    this.pendingBytes = 0;
    this.flushScheduled = false;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.unacked = 0;
    const wasPaused = this.paused || this.coalescing;
    this.paused = false;
    this.coalescing = false;
    if (wasPaused && !this.heldPause) this.stream.resume();
  }

  /**
   * Detaches, and ends the shell when the grace period runs out or the owner's sign-in ends (signed
   * out, revoked, disabled, no longer allowed on the host), whichever comes first; a re-attach stops the clock.
   */
  detachFor(graceS: number): void {
    this.detach();
    if (this.closed) return;
    const allowed = () => this.owner?.stillAllowed(this.hostId) ?? false;
    if (graceS <= 0) return void this.close('The browser disconnected');
    if (!allowed()) return void this.close('Signed out');
    const deadline = Date.now() + graceS * 1000;
    this.clearGrace();
    this.graceTimer = setInterval(
      () => {
        if (this.sink || this.closed) return this.clearGrace();
        if (!allowed()) void this.close('Signed out');
        else if (Date.now() >= deadline) void this.close(`No browser came back within ${graceS} s`);
      },
      Math.min(OWNER_CHECK_MS, graceS * 1000),
    );
    this.graceTimer.unref();
  }

  private clearGrace(): void {
    if (this.graceTimer) clearInterval(this.graceTimer);
    this.graceTimer = null;
  }

  /** A socket takes the session over: it gets what it missed (from `since`, its own count of bytes), then live output. */
  attach(sink: ExecSink, socketId: string, since: number | null): { replay: Buffer; reset: boolean; offset: number } {
    this.detach();
    this.clearGrace();
    const missed = since === null ? null : this.ring.since(since);
    const replay = Buffer.from(missed ?? this.ring.all());
    this.sink = sink;
    this.socketId = socketId;
    return { replay, reset: since !== null && missed === null, offset: this.ring.end };
  }

  currentSink(): ExecSink | null {
    return this.sink;
  }

  /** Whether the session is still attached to a socket. */
  get attached(): boolean {
    return this.sink !== null;
  }

  input(data: string): void {
    if (!this.closed) this.stream.write(data);
  }

  async resize(cols: number, rows: number): Promise<void> {
    if (this.closed) return;
    try {
      if (this.exec) await this.exec.resize({ h: rows, w: cols });
      else await this.docker.getContainer(this.containerId).resize({ h: rows, w: cols });
    } catch {
      // A resize racing the end of the process is harmless.
    }
  }

  /** Ends the session from Wharf's side: the whole process session in the container is ended. */
  async close(reason: string): Promise<void> {
    if (this.closed || this.closeReason !== null) return;
    this.closeReason = reason;
    this.clearGrace();
    this.start();
    if (this.kind === 'attach') {
      // Detach rather than close stdin: closing it could end the container's main process.
      this.stream.write('\x10\x11');
      setTimeout(() => this.stream.destroy(), 500).unref();
      return;
    }
    if (this.pid) await this.killSession();
    this.stream.end();
    setTimeout(() => this.stream.destroy(), 2000).unref();
  }

  private async killSession(): Promise<void> {
    const run = (sig: string) =>
      runDetached(this.docker.getContainer(this.containerId), ['sh', '-c', KILL_SESSION, 'sh', String(this.pid), sig]);
    try {
      await run('HUP');
      setTimeout(() => void run('KILL').catch(() => undefined), 1500).unref();
    } catch {
      // The container has stopped or the engine left: nothing is left to end.
    }
  }

  private async finish(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearGrace();
    this.flush();
    unregister(this);
    // The hijacked connection goes with the session, whichever side ended it.
    this.stream.on('error', () => undefined);
    this.stream.destroy();
    let exitCode: number | null = null;
    if (this.exec) {
      for (let i = 0; i < 10 && exitCode === null; i++) {
        const info = await this.exec.inspect().catch(() => null);
        if (!info || !info.Running) exitCode = info?.ExitCode ?? null;
        else await new Promise((r) => setTimeout(r, 100));
      }
    }
    let stillRunning = true;
    // Killed by a signal (or unknown): maybe the container is stopping under it; give it a moment to say so.
    if (!this.closeReason && (exitCode === null || exitCode > 128)) {
      for (let i = 0; i < 8 && stillRunning; i++) {
        if (i) await new Promise((r) => setTimeout(r, 200));
        stillRunning = await this.docker
          .getContainer(this.containerId)
          .inspect()
          .then((c) => c.State.Running)
          .catch(() => false);
      }
    }
    const cause: ExecExit['cause'] = this.closeReason
      ? 'closed'
      : !stillRunning
        ? 'container-stopped'
        : this.kind === 'attach'
          ? 'detached'
          : exitCode === 127 && Date.now() - this.startedAt < 3000
            ? 'command-not-found'
            : 'exited';
    const reason =
      this.closeReason ??
      {
        closed: 'Closed',
        'container-stopped': 'The container stopped',
        detached: 'Detached',
        'command-not-found': `${this.label} was not found in the container`,
        exited: 'The shell exited',
      }[cause];
    recordAudit(
      this.rt,
      this.actor,
      this.kind === 'exec' ? 'exec.end' : 'attach.end',
      this.auditTarget,
      'ok',
      `${this.label}: ${reason}${exitCode !== null ? `, exit code ${exitCode}` : ''}, ${Math.round((Date.now() - this.startedAt) / 1000)} s`,
    );
    this.sink?.exit({ sessionId: this.id, exitCode, reason, cause });
  }
}

/**
 * Runs a command detached (the kill helpers). The start call still answers with a (empty) body:
 * it is read to its end and the response destroyed, or its engine connection would stay open.
 */
async function runDetached(c: Docker.Container, cmd: string[]): Promise<void> {
  const e = await c.exec({ Cmd: cmd, AttachStdout: false, AttachStderr: false });
  const res = (await e.start({ Detach: true })) as unknown as Readable | Buffer | null;
  if (!res || Buffer.isBuffer(res) || typeof (res as Readable).resume !== 'function') return;
  const body = res as Readable;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 5000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    body.once('end', done);
    body.once('close', done);
    body.once('error', done);
    body.resume();
  });
  body.destroy();
}

const SESSIONS = Symbol.for('wharf.execSessions');
type WithSessions = typeof globalThis & { [SESSIONS]?: Map<string, ExecSession> };
function sessions(): Map<string, ExecSession> {
  const g = globalThis as WithSessions;
  return (g[SESSIONS] ??= new Map());
}
function unregister(s: ExecSession): void {
  sessions().delete(s.id);
}

/** A session attached to this socket (the only one that may type into it, resize or close it). */
export function getSession(actor: Actor | null, id: string, socketId: string): ExecSession {
  authorize(actor, 'exec');
  const s = sessions().get(id);
  if (!s || s.socketId !== socketId) throw new NotFoundError('This terminal session has ended');
  authorize(actor, 'exec', s.hostId);
  return s;
}

/**
 * A session this socket may close: attached to it, or detached and opened by the same user and sign-in
 * (a tab closed while its connection was down: the close arrives on the next socket).
 */
export function getClosableSession(actor: Actor | null, id: string, socketId: string, loginSession: string): ExecSession {
  authorize(actor, 'exec');
  const s = sessions().get(id);
  const mine = s && (s.socketId === socketId || (!s.attached && s.owner?.userId === actor.id && s.owner.loginSession === loginSession));
  if (!s || !mine) throw new NotFoundError('This terminal session has ended');
  return s;
}

/** The sessions attached to a socket (its disconnect detaches them). */
export function sessionsOfSocket(socketId: string): ExecSession[] {
  return [...sessions().values()].filter((s) => s.socketId === socketId);
}

/**
 * Re-attaches a terminal by id: only its owner (same user, same sign-in), with `exec` on its host now.
 * An owner who lost that right ends the shell; anyone else learns nothing (the same "ended" as an unknown id).
 */
export function reattachSession(
  rt: Runtime,
  actor: Actor | null,
  loginSession: string,
  input: unknown,
  sink: ExecSink,
  socketId: string,
): { session: ExecSession; previous: ExecSink | null; reattached: ExecReattached } {
  authorize(actor, 'exec');
  const parsed = reattachSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { sessionId, since } = parsed.data;
  const s = sessions().get(sessionId);
  if (!s || !s.opened || !s.owner || s.owner.userId !== actor.id || s.owner.loginSession !== loginSession) {
    throw new NotFoundError('This terminal session has ended');
  }
  if (!can(actor, 'exec', s.hostId)) void s.close('No longer allowed to open terminals on this host');
  authorize(actor, 'exec', s.hostId);
  const previous = s.currentSink();
  const { replay, reset, offset } = s.attach(sink, socketId, since);
  recordAudit(
    rt,
    actor,
    s.kind === 'exec' ? 'exec.reattach' : 'attach.reattach',
    s.auditTarget,
    'ok',
    `${s.label}: ${replay.length} bytes redrawn`,
  );
  return { session: s, previous, reattached: { ...s.opened, replay, reset, offset } };
}

export function openSessionCount(): number {
  return sessions().size;
}

async function hasSh(c: Docker.Container): Promise<boolean> {
  try {
    return (await execCollect(c, ['sh', '-c', 'true'])).code === 0;
  } catch {
    return false;
  }
}

async function containerFor(rt: Runtime, hostId: string, ref: string) {
  const { hub, docker } = onlineEngine(rt, hostId);
  const id = resolveContainer(hub, ref)?.id ?? ref;
  const info = await docker
    .getContainer(id)
    .inspect()
    .catch((err) => {
      throw engineFailure(err, `Container ${ref}`);
    });
  const name = info.Name.replace(/^\//, '');
  if (!info.State.Running) throw new AppError('CONFLICT', `${name} is not running: start it to open a terminal`, 409);
  if (info.State.Paused) throw new AppError('CONFLICT', `${name} is paused: unpause it to open a terminal`, 409);
  return { hub, docker, info, name };
}

/** How long an open waits for the shell's PID mark before answering anyway (a loaded engine). */
const START_WAIT_MS = 5000;
/** A command run without the wrapper gives no mark: only a start failure this quick is caught. */
const UNTRACKED_START_WAIT_MS = 500;

/** The words of a failed start as the open's refusal (422), naming what the user gave; null if it ran. */
function startFailure(
  words: string,
  exitCode: number | null,
  tracked: boolean,
  o: { user: string; workingDir: string },
  name: string,
): AppError | null {
  const engineWords = words.replace(/\s+/g, ' ').slice(0, 500);
  if (/unable to find user|no matching entries in passwd file/i.test(words)) {
    return new AppError('VALIDATION', `User "${o.user}" does not exist in ${name}: ${engineWords}`, 422, {
      user: 'No such user in the container',
    });
  }
  if (/unable to find group|no matching entries in group file/i.test(words)) {
    return new AppError('VALIDATION', `Group of "${o.user}" does not exist in ${name}: ${engineWords}`, 422, {
      user: 'No such group in the container',
    });
  }
  if (/chdir to cwd|\bcwd\b/i.test(words)) {
    return new AppError('VALIDATION', `Working directory "${o.workingDir}" does not exist in ${name}: ${engineWords}`, 422, {
      workingDir: 'No such directory in the container',
    });
  }
  const engineRefused = /OCI runtime exec failed|unable to start container process|exec failed/i.test(words);
  // Untracked commands may legitimately end at once; only the engine's refusal to start one is a failure.
  if (!tracked && !(engineRefused && exitCode === 126)) return null;
  return new AppError('VALIDATION', `The command could not start in ${name}: ${engineWords || `exit code ${exitCode ?? 'unknown'}`}`, 422);
}

/** `docker exec -it`: a real exec with a TTY, hijacked, stdin attached. */
export async function openExec(
  rt: Runtime,
  actor: Actor | null,
  input: unknown,
  sink: ExecSink,
): Promise<{ session: ExecSession; opened: ExecOpened }> {
  authorize(actor, 'exec');
  const parsed = execOpenSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const o = parsed.data;
  authorize(actor, 'exec', o.hostId);
  if (o.shell === 'custom' && o.command.length === 0) throw validationFromZod([{ path: ['command'], message: 'Enter a command to run' }]);
  const { hub, docker, info, name } = await containerFor(rt, o.hostId, o.id);
  const { cmd: wrapped, label } = commandFor(o.shell, o.command);
  let cmd = wrapped;
  let tracked = true;
  // Images without `sh` (distroless, scratch): a custom command runs as it is, without the PID wrapper,
  // and then ends when its stream closes; a shell cannot be had at all.
  if (!(await hasSh(docker.getContainer(info.Id)))) {
    if (o.shell !== 'custom') {
      throw new AppError('VALIDATION', `${name} has no shell (sh): choose "custom command" and run a program the image has`, 422);
    }
    cmd = o.command;
    tracked = false;
  }
  const target = onHost(hub, 'container', name);
  try {
    const exec = await docker.getContainer(info.Id).exec({
      Cmd: cmd,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: o.tty,
      ...(o.user ? { User: o.user } : {}),
      ...(o.workingDir ? { WorkingDir: o.workingDir } : {}),
      Env: ['TERM=xterm-256color', ...o.env],
    });
    const stream = (await exec.start({ hijack: true, stdin: true, Tty: o.tty })) as unknown as Duplex;
    const session = new ExecSession(rt, actor, 'exec', o.hostId, info.Id, docker, stream, exec, sink, label, target, o.tty, tracked);
    // A command the engine could not start (no such user, no such working dir) ends at once with the
    // engine's words: that is this open's answer, not a session. A tracked shell reports its PID first.
    const words = await session.startFailure(tracked ? START_WAIT_MS : UNTRACKED_START_WAIT_MS);
    if (words !== null) {
      const exitCode = (await exec.inspect().catch(() => null))?.ExitCode ?? null;
      const failure = startFailure(words, exitCode, tracked, o, name);
      if (failure) {
        session.discard();
        throw failure;
      }
    }
    sessions().set(session.id, session);
    if (o.tty) await session.resize(o.cols, o.rows);
    recordAudit(rt, actor, 'exec.open', target, 'ok', label + (o.user ? ` as ${o.user}` : ''));
    session.opened = { sessionId: session.id, kind: 'exec', command: label, containerName: name, hostName: hub.name };
    return { session, opened: session.opened };
  } catch (err) {
    const e = engineFailure(err, `Exec in ${name}`);
    recordAudit(rt, actor, 'exec.open', target, 'error', e.message);
    throw e;
  }
}

/** `docker attach`: the main process's stdio, with a detach sequence that leaves it running. */
export async function openAttach(
  rt: Runtime,
  actor: Actor | null,
  input: unknown,
  sink: ExecSink,
): Promise<{ session: ExecSession; opened: ExecOpened }> {
  authorize(actor, 'exec');
  const parsed = attachOpenSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const o = parsed.data;
  authorize(actor, 'exec', o.hostId);
  const { hub, docker, info, name } = await containerFor(rt, o.hostId, o.id);
  const target = onHost(hub, 'container', name);
  try {
    const c = docker.getContainer(info.Id);
    const stream = (await c.attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
      detachKeys: DETACH_KEYS,
    })) as unknown as Duplex;
    const session = new ExecSession(rt, actor, 'attach', o.hostId, info.Id, docker, stream, null, sink, 'attach', target, info.Config.Tty);
    sessions().set(session.id, session);
    if (info.Config.Tty) await session.resize(o.cols, o.rows);
    recordAudit(rt, actor, 'attach.open', target, 'ok', info.Path);
    session.opened = {
      sessionId: session.id,
      kind: 'attach',
      command: [info.Path, ...info.Args].join(' '),
      containerName: name,
      hostName: hub.name,
    };
    return { session, opened: session.opened };
  } catch (err) {
    const e = engineFailure(err, `Attach to ${name}`);
    recordAudit(rt, actor, 'attach.open', target, 'error', e.message);
    throw e;
  }
}

/** For tests and benches: a live session by id, whoever owns it. */
export function sessionById(id: string): ExecSession | undefined {
  return sessions().get(id);
}
