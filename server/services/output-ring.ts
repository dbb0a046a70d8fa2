/** Bytes of recent output kept per terminal, to redraw the screen of a re-attaching browser. */
export const TERMINAL_RING_BYTES = 64 * 1024;

/**
 * The last `capacity` bytes of a stream, addressed by absolute offset (bytes since the stream began),
 * so a browser that holds the first N bytes gets exactly what it missed.
 */
export class OutputRing {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Offset just past the last byte appended. */
  end = 0;

  constructor(private readonly capacity = TERMINAL_RING_BYTES) {}

  /** Offset of the oldest byte still kept. */
  get start(): number {
    return this.end - this.size;
  }

  push(data: Buffer): void {
    if (!data.length) return;
    const keep = data.length > this.capacity ? data.subarray(data.length - this.capacity) : data;
    this.chunks.push(Buffer.from(keep));
    this.size += keep.length;
    this.end += data.length;
    while (this.size > this.capacity) {
      const first = this.chunks[0]!;
      const over = this.size - this.capacity;
      if (first.length <= over) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(over);
        this.size -= over;
      }
    }
  }

  /** The bytes from `offset` on, or null when some of them are no longer kept (or offset is in the future). */
  since(offset: number): Buffer | null {
    if (offset < this.start || offset > this.end) return null;
    return this.all().subarray(offset - this.start);
  }

  all(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }
}
