import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { ContainerStreamRef, ServerToClientEvents } from '../contracts/socket-events';
import { logsRoom, statsRoom } from '../contracts/socket-events';
import type { LogLine, StatsSample } from '../contracts/containers';
import { Demuxer, LineSplitter, toStatsSample } from '../engines/streams';
import { JsonLines } from '../json';
import type { Runtime } from '../runtime';
import type { WharfServer } from './index';
import { StatsRing } from './stats-ring';

type Kind = 'logs' | 'stats';

interface Entry {
  kind: Kind;
  ref: ContainerStreamRef;
  room: string;
  stream: Readable | null;
  /** The engine stream being opened, if any: a second subscriber waits for it instead of opening another. */
  opening: Promise<void> | null;
  /** Stats only: the last 5 minutes of samples, sent to each new subscriber first. */
  ring: StatsRing | null;
  /** Stats only: set while nobody watches; when it fires the stream is destroyed and the ring dropped. */
  linger: NodeJS.Timeout | null;
}

/**
 * Reference-counted engine streams: the first socket in a room opens the engine's logs or stats
 * stream, the room emptying (leave or disconnect) closes it. A container that stops ends its
 * stream; when it starts again and someone is still watching, the stream reopens.
 *
 * A stats stream also fills a bounded ring (the last 5 minutes, see stats-ring.ts) that a new
 * subscriber gets at once as `stats.history`. So that coming back to a container finds it full, the
 * stream and ring outlive the last viewer by `config.statsLingerMs` (default 5 minutes); then both go.
 */
export class LiveStreams {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly rt: Runtime,
    private readonly io: WharfServer,
  ) {
    io.of('/').adapter.on('delete-room', (room: string) => this.released(room));
    rt.engines.on('container.updated', (c) => {
      for (const kind of ['logs', 'stats'] as const) {
        const e = this.entries.get(kind === 'logs' ? logsRoom(c.hostId, c.id) : statsRoom(c.hostId, c.id));
        if (!e) continue;
        // A lingering stats entry (nobody watching) is not reopened: its ring keeps what it had.
        if (!e.stream && !e.opening && c.state === 'running' && !e.linger) void this.start(e);
        // A stopped container's stats stream does not end by itself; end both kinds the same way.
        else if (e.stream && c.state !== 'running' && c.state !== 'paused') this.endStream(e, 'The container stopped');
      }
    });
  }

  /** Called after a socket joined the room. */
  async ensure(kind: Kind, ref: ContainerStreamRef): Promise<boolean> {
    const room = kind === 'logs' ? logsRoom(ref.hostId, ref.id) : statsRoom(ref.hostId, ref.id);
    // The socket may have left (or dropped) before this ran: a room nobody is in gets no stream,
    // since no 'delete-room' would ever come to close it.
    if (!this.io.of('/').adapter.rooms.get(room)?.size) return false;
    let e = this.entries.get(room);
    if (!e) {
      e = { kind, ref, room, stream: null, opening: null, ring: kind === 'stats' ? new StatsRing() : null, linger: null };
      this.entries.set(room, e);
    }
    if (e.linger) clearTimeout(e.linger);
    e.linger = null;
    if (!e.stream) await (e.opening ?? this.start(e));
    return !!e.stream && this.entries.get(room) === e;
  }

  private start(e: Entry): Promise<void> {
    e.opening = this.open(e).finally(() => {
      e.opening = null;
    });
    return e.opening;
  }

  /** Whether `e` still serves its room: the room may have emptied (and been made again) while it awaited the engine. */
  private current(e: Entry): boolean {
    return this.entries.get(e.room) === e;
  }

  /** The kept samples of a container's stats, oldest first (empty when nobody watched it recently). */
  history(ref: ContainerStreamRef): StatsSample[] {
    return this.entries.get(statsRoom(ref.hostId, ref.id))?.ring?.samples() ?? [];
  }

  /** How many stats rings are kept, watched or lingering (tests look). */
  ringCount(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.ring) n++;
    return n;
  }

  /** How many engine streams are open (benches and tests look). */
  openCount(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.stream) n++;
    return n;
  }

  /** Emits for `e` only while it serves its room, so a stale stream can never reach a later subscriber. */
  private emit<E extends keyof ServerToClientEvents>(e: Entry, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    if (this.current(e)) this.io.to(e.room).emit(event, ...args);
  }

  private async open(e: Entry): Promise<void> {
    const hub = this.rt.engines.has(e.ref.hostId) ? this.rt.engines.get(e.ref.hostId) : null;
    const docker: Docker | null = hub?.docker() ?? null;
    if (!docker) return;
    try {
      const c = docker.getContainer(e.ref.id);
      const info = await c.inspect();
      if (!info.State.Running || !this.current(e)) return;
      const stream =
        e.kind === 'logs'
          ? ((await c.logs({
              follow: true,
              stdout: true,
              stderr: true,
              timestamps: true,
              since: Math.floor(Date.now() / 1000),
            })) as unknown as Readable)
          : ((await c.stats({ stream: true })) as unknown as Readable);
      // Compared by identity, not by room name: a room closed and re-made meanwhile has its own entry and stream.
      if (!this.current(e) || e.stream) {
        stream.on('error', () => undefined);
        stream.destroy();
        return;
      }
      e.stream = stream;
      if (e.kind === 'logs') this.pipeLogs(e, stream, info.Config.Tty);
      else this.pipeStats(e, stream);
      stream.on('end', () => this.endStream(e, 'The container stopped', stream));
      stream.on('close', () => this.endStream(e, 'The stream closed', stream));
      stream.on('error', (err: Error) => this.endStream(e, err.message, stream));
    } catch {
      // The container vanished or the engine dropped: the room stays; a start event reopens it.
    }
  }

  /** Ends the engine stream of a room that stays open, and tells its browsers why. */
  private endStream(e: Entry, reason: string, which: Readable | null = e.stream): void {
    if (!which || e.stream !== which) return;
    e.stream = null;
    which.removeAllListeners('close');
    which.removeAllListeners('end');
    which.on('error', () => undefined);
    which.destroy();
    this.emit(e, e.kind === 'logs' ? 'logs.ended' : 'stats.ended', { ...e.ref, reason });
  }

  private pipeLogs(e: Entry, stream: Readable, tty: boolean): void {
    const demux = new Demuxer();
    const lines = new LineSplitter();
    let batch: LogLine[] = [];
    let timer: NodeJS.Timeout | null = null;
    const flush = () => {
      timer = null;
      if (batch.length) this.emit(e, 'logs.lines', { ...e.ref, lines: batch });
      batch = [];
    };
    stream.on('data', (chunk: Buffer) => {
      if (tty) batch.push(...lines.push('stdout', chunk.toString('utf8')));
      else for (const f of demux.push(chunk)) batch.push(...lines.push(f.stream, f.data.toString('utf8')));
      // Lines go out together every 50 ms: a flood becomes a few frames, not thousands.
      if (!timer && batch.length) timer = setTimeout(flush, 50);
    });
    stream.on('end', () => {
      batch.push(...lines.flush());
      if (timer) clearTimeout(timer);
      flush();
    });
  }

  private pipeStats(e: Entry, stream: Readable): void {
    const frames = new JsonLines<Record<string, unknown>>();
    stream.on('data', (chunk: Buffer) => {
      for (const f of frames.push(chunk)) {
        const sample = toStatsSample(f);
        e.ring?.push(sample);
        this.emit(e, 'stats.sample', { ...e.ref, sample });
      }
    });
  }

  /** The room emptied: a stats entry lingers (its stream keeps filling the ring), anything else closes now. */
  private released(room: string): void {
    const e = this.entries.get(room);
    if (!e) return;
    const ms = this.rt.config.statsLingerMs;
    if (e.kind !== 'stats' || ms <= 0) return this.close(room);
    if (e.linger) clearTimeout(e.linger);
    e.linger = setTimeout(() => this.close(room), ms);
    e.linger.unref();
  }

  private close(room: string): void {
    const e = this.entries.get(room);
    if (!e) return;
    this.entries.delete(room);
    if (e.linger) clearTimeout(e.linger);
    e.linger = null;
    e.ring = null;
    const s = e.stream;
    e.stream = null;
    if (s) {
      s.removeAllListeners();
      s.on('error', () => undefined);
      s.destroy();
    }
  }

  closeAll(): void {
    for (const room of [...this.entries.keys()]) this.close(room);
  }
}
