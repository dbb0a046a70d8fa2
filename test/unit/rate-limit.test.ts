import { describe, expect, it } from 'vitest';
import { clientKey, LoginLimiter, RateLimiter, WorkLimiter } from '@/server/services/rate-limit';

const limits = { perUser: 5, perClient: 20, windowMs: 60_000 };
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('RateLimiter', () => {
  it('counts an attempt when it is taken, so a burst cannot pass the limit', () => {
    const l = new RateLimiter(5, 60_000);
    const waits = Array.from({ length: 10 }, () => l.take('k', 1_000));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    expect(waits.slice(5).every((w) => w === 60)).toBe(true);
    // The window ends: the key may try again.
    expect(l.take('k', 61_000)).toBe(0);
  });

  it('gives back a released attempt and forgets a reset key', () => {
    const l = new RateLimiter(2, 60_000);
    l.take('k', 0);
    l.take('k', 0);
    expect(l.retryAfter('k', 0)).toBe(60);
    l.release('k');
    expect(l.take('k', 0)).toBe(0);
    l.reset('k');
    expect(l.retryAfter('k', 0)).toBe(0);
    expect(l.size).toBe(0);
  });

  it('remembers a bounded number of keys however many distinct keys arrive', () => {
    const l = new RateLimiter(5, 60_000, 1_000);
    for (let i = 0; i < 5_000; i++) l.take(`k${i}`, 0);
    expect(l.size).toBeLessThanOrEqual(1_000);
  });
});

describe('LoginLimiter', () => {
  it('lets at most 5 of 10 parallel attempts reach verification; the rest are 429 with a wait', async () => {
    const lim = new LoginLimiter(limits);
    let verified = 0;
    const attempt = async () => {
      const a = lim.begin('10.0.0.1', 'ops');
      verified++;
      await tick(); // the password check is asynchronous (scrypt)
      void a; // a wrong password: the attempt stays counted
    };
    const results = await Promise.allSettled(Array.from({ length: 10 }, attempt));
    expect(verified).toBe(5);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(5);
    for (const e of refused) {
      expect(e).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      expect(e.retryAfterSeconds).toBeGreaterThan(0);
      expect(e.message).toMatch(/Too many attempts/);
    }
  });

  it('limits one client across usernames, without locking out other clients', () => {
    const lim = new LoginLimiter(limits);
    let allowed = 0;
    for (let i = 0; i < 30; i++) {
      try {
        lim.begin('10.0.0.2', `guess-${i}`);
        allowed++;
      } catch (e) {
        expect(e).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      }
    }
    expect(allowed).toBe(20);
    // The real user from elsewhere still signs in.
    expect(() => lim.begin('10.0.0.3', 'ops').succeeded()).not.toThrow();
  });

  it('a success forgets the user’s failures and does not use up the client’s attempts; a cancelled one counts nothing', () => {
    const lim = new LoginLimiter(limits);
    for (let i = 0; i < 4; i++) lim.begin('10.0.0.4', 'ops');
    lim.begin('10.0.0.4', 'ops').succeeded();
    for (let i = 0; i < 5; i++) lim.begin('10.0.0.4', 'ops');
    expect(() => lim.begin('10.0.0.4', 'ops')).toThrow(/Too many attempts/);
    // 9 failures counted for the client (the success was given back), so 11 more across names.
    for (let i = 0; i < 11; i++) lim.begin('10.0.0.4', `n${i}`);
    expect(() => lim.begin('10.0.0.4', 'other')).toThrow(/Too many attempts/);

    const fresh = new LoginLimiter(limits);
    for (let i = 0; i < 50; i++) fresh.begin('10.0.0.5', 'ops').cancelled();
    expect(() => fresh.begin('10.0.0.5', 'ops')).not.toThrow();
  });

  it('counts usernames case-insensitively and IPv6 clients by their /64', () => {
    const lim = new LoginLimiter(limits);
    for (let i = 0; i < 5; i++) lim.begin('10.0.0.6', i % 2 ? 'OPS' : ' ops');
    expect(() => lim.begin('10.0.0.6', 'Ops')).toThrow(/Too many attempts/);
    expect(clientKey('::ffff:10.0.0.6')).toBe('10.0.0.6');
    expect(clientKey('2001:db8:1:2:3:4:5:6')).toBe(clientKey('2001:0db8:0001:0002:ffff::1'));
    expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('WorkLimiter', () => {
  it('runs at most N at once, queues a bounded number and refuses the rest at once', async () => {
    const work = new WorkLimiter(2, 3, 'busy now');
    let running = 0;
    let peak = 0;
    const finish: Array<() => void> = [];
    const task = () =>
      work.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => finish.push(r));
        running--;
        return 'done';
      });
    const results = Array.from({ length: 10 }, task).map((p) =>
      p.then(
        (v) => v,
        (e: unknown) => e,
      ),
    );
    await tick();
    expect(work.active).toBe(2);
    expect(work.queued).toBe(3);
    // The 5 beyond the queue were refused without waiting for anything.
    const refused = await Promise.all(results.slice(5));
    for (const e of refused) expect(e).toMatchObject({ code: 'RATE_LIMITED', status: 503, message: 'busy now', retryAfterSeconds: 1 });
    while (finish.length || work.active) {
      finish.shift()?.();
      await tick();
    }
    expect(await Promise.all(results.slice(0, 5))).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(peak).toBe(2);
    expect(work.active).toBe(0);
    expect(work.queued).toBe(0);
  });

  it('frees the slot when a task throws', async () => {
    const work = new WorkLimiter(1, 1);
    await expect(work.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(work.run(async () => 42)).resolves.toBe(42);
    expect(work.active).toBe(0);
  });
});
