import type { LogLine, StatsSample } from '../contracts/containers';

/**
 * Splits Docker's multiplexed stdout/stderr framing (8-byte header: stream, 0,0,0, big-endian size)
 * into chunks. Keeps a partial frame between calls.
 */
export class Demuxer {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Array<{ stream: 'stdout' | 'stderr'; data: Buffer }> {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Array<{ stream: 'stdout' | 'stderr'; data: Buffer }> = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const type = this.pending[0];
      out.push({ stream: type === 2 ? 'stderr' : 'stdout', data: this.pending.subarray(8, 8 + size) });
      this.pending = this.pending.subarray(8 + size);
    }
    return out;
  }
}

const TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) /;

/** Turns text chunks into whole lines per stream, peeling off the engine's timestamp. */
export class LineSplitter {
  private partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };

  push(stream: 'stdout' | 'stderr', text: string): LogLine[] {
    const joined = this.partial[stream] + text;
    const parts = joined.split('\n');
    this.partial[stream] = parts.pop() ?? '';
    return parts.map((p) => toLine(stream, p.replace(/\r$/, '')));
  }

  flush(): LogLine[] {
    const out: LogLine[] = [];
    for (const s of ['stdout', 'stderr'] as const) {
      if (this.partial[s]) out.push(toLine(s, this.partial[s]));
      this.partial[s] = '';
    }
    return out;
  }
}

function toLine(stream: 'stdout' | 'stderr', raw: string): LogLine {
  const m = TS.exec(raw);
  return m ? { stream, ts: m[1]!, text: raw.slice(m[0].length) } : { stream, ts: null, text: raw };
}

/** Parses a whole (non-follow) logs body. */
export function parseLogs(body: Buffer, tty: boolean): LogLine[] {
  const splitter = new LineSplitter();
  const lines: LogLine[] = [];
  if (tty) {
    lines.push(...splitter.push('stdout', body.toString('utf8')));
  } else {
    for (const f of new Demuxer().push(body)) lines.push(...splitter.push(f.stream, f.data.toString('utf8')));
  }
  lines.push(...splitter.flush());
  return lines;
}

type Json = Record<string, unknown>;
const o = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** One `docker stats` JSON frame to the figures users read (CPU % computed like the CLI does). */
export function toStatsSample(frame: Json, now = Date.now()): StatsSample {
  const cpu = o(frame.cpu_stats);
  const pre = o(frame.precpu_stats);
  const cpuDelta = n(o(cpu.cpu_usage).total_usage) - n(o(pre.cpu_usage).total_usage);
  const sysDelta = n(cpu.system_cpu_usage) - n(pre.system_cpu_usage);
  const online =
    n(cpu.online_cpus) || (Array.isArray(o(cpu.cpu_usage).percpu_usage) ? (o(cpu.cpu_usage).percpu_usage as unknown[]).length : 1);
  const cpuPercent = sysDelta > 0 && cpuDelta > 0 ? (cpuDelta / sysDelta) * online * 100 : 0;
  const mem = o(frame.memory_stats);
  const memStats = o(mem.stats);
  // Like the CLI: page cache is not "used" (cgroup v1: total_inactive_file, v2: inactive_file).
  const cache = n(memStats.total_inactive_file) || n(memStats.inactive_file);
  const memoryUsed = Math.max(0, n(mem.usage) - cache);
  let netRx = 0;
  let netTx = 0;
  for (const iface of Object.values(o(frame.networks))) {
    netRx += n(o(iface).rx_bytes);
    netTx += n(o(iface).tx_bytes);
  }
  let blockRead = 0;
  let blockWrite = 0;
  const io = o(frame.blkio_stats).io_service_bytes_recursive;
  for (const e of Array.isArray(io) ? (io as Json[]) : []) {
    const op = String(e.op ?? '').toLowerCase();
    if (op === 'read') blockRead += n(e.value);
    if (op === 'write') blockWrite += n(e.value);
  }
  return {
    t: now,
    cpuPercent: Math.round(cpuPercent * 100) / 100,
    memoryUsed,
    memoryLimit: n(mem.limit),
    netRx,
    netTx,
    blockRead,
    blockWrite,
    pids: n(o(frame.pids_stats).current),
  };
}
