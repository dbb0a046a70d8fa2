import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@/server/config';
import { closeRuntime, createRuntime } from '@/server/bootstrap';
import type { Runtime } from '@/server/runtime';
import {
  hashPassword,
  isSetupRequired,
  login,
  logout,
  parseCookies,
  passwordHashing,
  setupAdmin,
  userFromToken,
  verifyPassword,
} from '@/server/services/auth';

let dir: string;
let rt: Runtime;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-auth-'));
  rt = await createRuntime(loadConfig({ WHARF_DATA_DIR: dir, WHARF_NO_DEFAULT_ENGINE: '1' }));
});
afterEach(() => {
  closeRuntime(rt);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('passwords', () => {
  it('hashes with scrypt and a random salt', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong horse', a)).toBe(false);
  });
});

describe('first run and sign-in', () => {
  it('creates the admin once, then refuses a second setup', async () => {
    expect(isSetupRequired(rt)).toBe(true);
    const admin = await setupAdmin(rt, { username: 'ops', password: 'longenough' });
    expect(admin).toMatchObject({ username: 'ops', role: 'admin' });
    expect(isSetupRequired(rt)).toBe(false);
    await expect(setupAdmin(rt, { username: 'evil', password: 'longenough' })).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
  });

  it('rejects a short password with a field message', async () => {
    await expect(setupAdmin(rt, { username: 'ops', password: 'short' })).rejects.toMatchObject({
      status: 400,
      fields: { password: 'Password must be at least 8 characters' },
    });
  });

  it('issues a session token that resolves to the user until logout', async () => {
    await setupAdmin(rt, { username: 'ops', password: 'longenough' });
    const { token, user } = await login(rt, { username: 'OPS', password: 'longenough' }, '1.2.3.4');
    expect(user.username).toBe('ops');
    expect(userFromToken(rt, token)).toMatchObject({ username: 'ops' });
    // Only a hash of the token is stored.
    const stored = rt.db.prepare('SELECT token_hash FROM sessions').all() as Array<{ token_hash: string }>;
    expect(stored.map((s) => s.token_hash)).not.toContain(token);
    logout(rt, token, user);
    expect(userFromToken(rt, token)).toBeNull();
  });

  it('rate-limits repeated failures per client and user', async () => {
    await setupAdmin(rt, { username: 'ops', password: 'longenough' });
    for (let i = 0; i < 5; i++) {
      await expect(login(rt, { username: 'ops', password: 'nope-nope' }, '9.9.9.9')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    await expect(login(rt, { username: 'ops', password: 'longenough' }, '9.9.9.9')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
    });
    // Another client is not locked out by someone else's guessing.
    await expect(login(rt, { username: 'ops', password: 'longenough' }, '1.1.1.1')).resolves.toHaveProperty('token');
  });

  it('counts parallel attempts before verifying: 10 at once, only 5 reach the password check', async () => {
    await setupAdmin(rt, { username: 'ops', password: 'longenough' });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => login(rt, { username: 'ops', password: 'nope-nope' }, '9.9.9.8')),
    );
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'OK'));
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(5);
    // Each verified attempt is recorded (apart from the audit log): exactly 5 reached the password check.
    const failed = rt.db.prepare("SELECT COUNT(*) AS n FROM signin_failures WHERE client_ip = '9.9.9.8'").get() as { n: number };
    expect(failed.n).toBe(5);
  });

  it('limits one client guessing with a new username each time; the real user elsewhere still signs in', async () => {
    await setupAdmin(rt, { username: 'ops', password: 'longenough' });
    const codes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await login(rt, { username: `guess${i}`, password: 'nope-nope' }, '9.9.9.7').catch((e: { code: string }) => e);
      codes.push((r as { code?: string }).code ?? 'OK');
    }
    expect(codes.slice(0, 20).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes.slice(20).every((c) => c === 'RATE_LIMITED')).toBe(true);
    await expect(login(rt, { username: 'ops', password: 'longenough' }, '9.9.9.7')).rejects.toMatchObject({ status: 429 });
    await expect(login(rt, { username: 'ops', password: 'longenough' }, '1.1.1.2')).resolves.toHaveProperty('token');
  });
});

describe('bounded password hashing', () => {
  /** Occupies every scrypt slot (and optionally the queue) until released. */
  function occupy(queueToo: boolean) {
    const work = passwordHashing();
    const releases: Array<() => void> = [];
    const n = work.concurrency + (queueToo ? work.maxQueued : 0);
    const done = Array.from({ length: n }, () => work.run(() => new Promise<void>((r) => releases.push(r))));
    return async () => {
      while (releases.length || work.active) {
        releases.shift()?.();
        await new Promise((r) => setTimeout(r, 1));
      }
      await Promise.all(done);
    };
  }

  it('refuses setup once set up without hashing anything', async () => {
    await setupAdmin(rt, { username: 'ops', password: 'longenough' });
    const release = occupy(true); // any scrypt now would be refused as busy (or wait)
    const t0 = performance.now();
    await expect(setupAdmin(rt, { username: 'evil', password: 'longenough' })).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
    expect(performance.now() - t0).toBeLessThan(50);
    await release();
  });

  it('makes unknown-user sign-ins wait for a slot like any other', async () => {
    await setupAdmin(rt, { username: 'ops', password: 'longenough' });
    const release = occupy(false);
    const pending = login(rt, { username: 'nobody', password: 'whatever1' }, '7.7.7.7').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    expect(passwordHashing().queued).toBe(1);
    await release();
    expect(await pending).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('answers 503 at once when the queue is full, and that attempt does not count', async () => {
    await setupAdmin(rt, { username: 'ops', password: 'longenough' });
    const release = occupy(true);
    for (let i = 0; i < 8; i++) {
      await expect(login(rt, { username: 'ops', password: 'nope-nope' }, '6.6.6.6')).rejects.toMatchObject({
        code: 'RATE_LIMITED',
        status: 503,
        message: expect.stringMatching(/busy/),
      });
    }
    await release();
    // The refused attempts used up nothing: the right password still works for that client.
    await expect(login(rt, { username: 'ops', password: 'longenough' }, '6.6.6.6')).resolves.toHaveProperty('token');
  });
});

describe('audit', () => {
  it('keeps failed sign-ins apart from the audit log, with the client and the name tried', async () => {
    await setupAdmin(rt, { username: 'ops', password: 'longenough' });
    await login(rt, { username: 'ops', password: 'bad-password' }, 'x').catch(() => undefined);
    expect(rt.db.prepare("SELECT action, result FROM audit WHERE action = 'auth.login'").all()).toEqual([]);
    expect(rt.db.prepare('SELECT username, client_ip, reason FROM signin_failures').all()).toEqual([
      { username: 'ops', client_ip: 'x', reason: 'wrong password' },
    ]);
  });
});

describe('parseCookies', () => {
  it('reads the first value of each cookie', () => {
    expect(parseCookies('a=1; wharf_session=abc%20d; a=2')).toEqual({ a: '1', wharf_session: 'abc d' });
    expect(parseCookies(undefined)).toEqual({});
  });
});
