import { AppError, RateLimitedError } from '../errors';

/**
 * Fixed-window attempt counter per key. An attempt is counted when it is *taken*, before the work
 * it guards, so parallel attempts cannot all slip past a check that only counts after the fact.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    /** Hard bound on remembered keys, so a flood of distinct keys cannot grow memory without end. */
    private readonly maxKeys = 100_000,
  ) {}

  /** Seconds until the key may try again, or 0 if it may now. */
  retryAfter(key: string, now = Date.now()): number {
    const h = this.hits.get(key);
    if (!h || h.resetAt <= now) return 0;
    return h.count >= this.max ? Math.max(1, Math.ceil((h.resetAt - now) / 1000)) : 0;
  }

  /** Counts one attempt now; returns 0 if it is allowed, else the seconds to wait (and counts nothing). */
  take(key: string, now = Date.now()): number {
    const wait = this.retryAfter(key, now);
    if (wait > 0) return wait;
    const h = this.hits.get(key);
    if (!h || h.resetAt <= now) this.set(key, { count: 1, resetAt: now + this.windowMs }, now);
    else h.count++;
    return 0;
  }

  /** Gives back one attempt taken with `take` (it turned out not to count). */
  release(key: string): void {
    const h = this.hits.get(key);
    if (!h) return;
    if (h.count <= 1) this.hits.delete(key);
    else h.count--;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  get size(): number {
    return this.hits.size;
  }

  private set(key: string, value: { count: number; resetAt: number }, now: number): void {
    this.hits.delete(key);
    this.hits.set(key, value);
    if (this.hits.size <= this.maxKeys) return;
    for (const [k, h] of this.hits) if (h.resetAt <= now) this.hits.delete(k);
    // Still full of live keys: forget the oldest (Map keeps insertion order).
    for (const k of this.hits.keys()) {
      if (this.hits.size <= this.maxKeys) break;
      this.hits.delete(k);
    }
  }
}

/**
 * The client part of a rate-limit key: IPv4-mapped IPv6 reads as IPv4, and an IPv6 client counts
 * by its /64, since one host usually owns a whole /64 and could otherwise rotate addresses.
 */
export function clientKey(ip: string): string {
  const v = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) return mapped[1]!;
  if (!v.includes(':')) return v;
  const [head = '', tail = ''] = v.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = v.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export interface LoginLimits {
  /** Attempts per client and username per window. */
  perUser: number;
  /** Attempts per client across all usernames per window (guessing with a new name each time). */
  perClient: number;
  windowMs: number;
}

/** A reserved sign-in attempt; settle it once the password has been checked (or could not be). */
export interface LoginAttempt {
  /** The password was right: forget this user's failures and give back the client's slot. */
  succeeded(): void;
  /** No password was checked (e.g. the server was busy): the attempt does not count. */
  cancelled(): void;
}

/** Sign-in limits per client+username and per client, both counted before the password is checked. */
export class LoginLimiter {
  readonly perUser: RateLimiter;
  readonly perClient: RateLimiter;

  constructor(limits: LoginLimits = { perUser: 5, perClient: 20, windowMs: 60_000 }) {
    this.perUser = new RateLimiter(limits.perUser, limits.windowMs);
    this.perClient = new RateLimiter(limits.perClient, limits.windowMs);
  }

  /**
   * Reserves one attempt synchronously, or throws RATE_LIMITED (429 with Retry-After) when either
   * limit is reached; nothing is counted then.
   */
  begin(clientIp: string, username: string, now = Date.now()): LoginAttempt {
    const client = clientKey(clientIp);
    const userKey = `${client}|${username.trim().toLowerCase()}`;
    const wait = Math.max(this.perUser.retryAfter(userKey, now), this.perClient.retryAfter(client, now));
    if (wait > 0) throw new RateLimitedError(wait);
    this.perUser.take(userKey, now);
    this.perClient.take(client, now);
    let settled = false;
    return {
      succeeded: () => {
        if (settled) return;
        settled = true;
        this.perUser.reset(userKey);
        this.perClient.release(client);
      },
      cancelled: () => {
        if (settled) return;
        settled = true;
        this.perUser.release(userKey);
        this.perClient.release(client);
      },
    };
  }
}

/** The server has too much of one kind of work queued; the client should retry shortly. */
class BusyError extends AppError {
  readonly retryAfterSeconds = 1;
  constructor(message: string) {
    super('RATE_LIMITED', message, 503);
  }
}

/**
 * Runs at most `concurrency` tasks at once; up to `maxQueued` more wait their turn, and beyond that
 * `run` refuses at once with BusyError, so a flood costs neither CPU nor unbounded memory.
 */
export class WorkLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly maxQueued: number,
    private readonly busyMessage = 'The server is busy. Try again in a moment.',
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxQueued) throw new BusyError(this.busyMessage);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
