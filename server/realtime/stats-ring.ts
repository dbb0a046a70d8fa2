import type { StatsSample } from '../contracts/containers';

/** How far back a container's stats go when its page opens. */
export const STATS_WINDOW_MS = 5 * 60 * 1000;
/** The engine sends one stats frame a second: 5 minutes of them, and a few more for late ticks. */
export const STATS_RING_SIZE = 310;
const FIELDS = 9;

/**
 * The last 5 minutes of one container's stats samples, in one preallocated Float64Array of
 * STATS_RING_SIZE × 9 numbers: 310 × 9 × 8 B = 22,320 B (~22 KB) per watched container, ~2.2 MB for
 * 100, and it never grows. Samples are objects only when read.
 */
export class StatsRing {
  private readonly buf = new Float64Array(STATS_RING_SIZE * FIELDS);
  private next = 0;
  private size = 0;

  push(s: StatsSample): void {
    const o = this.next * FIELDS;
    const b = this.buf;
    b[o] = s.t;
    b[o + 1] = s.cpuPercent;
    b[o + 2] = s.memoryUsed;
    b[o + 3] = s.memoryLimit;
    b[o + 4] = s.netRx;
    b[o + 5] = s.netTx;
    b[o + 6] = s.blockRead;
    b[o + 7] = s.blockWrite;
    b[o + 8] = s.pids;
    this.next = (this.next + 1) % STATS_RING_SIZE;
    this.size = Math.min(this.size + 1, STATS_RING_SIZE);
  }

  /** The samples of the last 5 minutes, oldest first. */
  samples(now = Date.now()): StatsSample[] {
    const out: StatsSample[] = [];
    const b = this.buf;
    for (let i = 0; i < this.size; i++) {
      const o = ((this.next - this.size + i + STATS_RING_SIZE) % STATS_RING_SIZE) * FIELDS;
      if (b[o]! < now - STATS_WINDOW_MS) continue;
      out.push({
        t: b[o]!,
        cpuPercent: b[o + 1]!,
        memoryUsed: b[o + 2]!,
        memoryLimit: b[o + 3]!,
        netRx: b[o + 4]!,
        netTx: b[o + 5]!,
        blockRead: b[o + 6]!,
        blockWrite: b[o + 7]!,
        pids: b[o + 8]!,
      });
    }
    return out;
  }
}
