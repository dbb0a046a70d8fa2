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
    await expect(login(rt, { username: 'ops', password: 'longenough' }, '9.9.9.9')).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    // Another client is not locked out by someone else's guessing.
    await expect(login(rt, { username: 'ops', password: 'longenough' }, '1.1.1.1')).resolves.toHaveProperty('token');
  });

  it('audits sign-in attempts', async () => {
    await setupAdmin(rt, { username: 'ops', password: 'longenough' });
    await login(rt, { username: 'ops', password: 'bad-password' }, 'x').catch(() => undefined);
    const rows = rt.db.prepare("SELECT action, result FROM audit WHERE action = 'auth.login'").all();
    expect(rows).toEqual([{ action: 'auth.login', result: 'error' }]);
  });
});

describe('parseCookies', () => {
  it('reads the first value of each cookie', () => {
    expect(parseCookies('a=1; wharf_session=abc%20d; a=2')).toEqual({ a: '1', wharf_session: 'abc d' });
    expect(parseCookies(undefined)).toEqual({});
  });
});
