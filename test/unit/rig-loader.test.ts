import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRig, RIG_KEYS } from '../support/rig';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-rig-loader-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// What provision.sh writes: every key, every value a string.
const complete = () => Object.fromEntries(RIG_KEYS.map((k) => [k, k.endsWith('_PORT') ? '2222' : `/x/${k.toLowerCase()}`]));

function rigDir(name: string, env: Record<string, unknown> | string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'env.json'), typeof env === 'string' ? env : JSON.stringify(env));
  return dir;
}

describe('loadRig', () => {
  it('reads every key provision.sh writes, ports as numbers', () => {
    const rig = loadRig(rigDir('ok', { ...complete(), TLS_PORT: '23760', EXTRA_FROM_A_NEWER_RIG: 'y' }));
    expect(rig.TLS_PORT).toBe(23760);
    expect(rig.SSH_PORT).toBe(2222);
    expect(rig.MAIN_SOCKET).toBe('/x/main_socket');
  });

  it('says to provision when env.json is missing', () => {
    expect(() => loadRig(path.join(tmp, 'nowhere'))).toThrow(/env\.json is missing: run scripts\/provision\.sh/);
  });

  it('names the keys a stale or partial env.json lacks', () => {
    const { SEED_SLEEPER: _s, REGISTRY_URL: _r, ...partial } = complete();
    expect(() => loadRig(rigDir('partial', { ...partial, SEED_WEB: '' }))).toThrow(
      /has no REGISTRY_URL, SEED_WEB, SEED_SLEEPER: run scripts\/provision\.sh/,
    );
  });

  it('refuses a port that is not one, and a file that is not JSON', () => {
    expect(() => loadRig(rigDir('port', { ...complete(), SSH_PORT: 'twenty-two' }))).toThrow(/SSH_PORT is not a port: twenty-two/);
    expect(() => loadRig(rigDir('torn', '{"MAIN_SOCKET": "/var/run/'))).toThrow(/env\.json is not valid JSON/);
  });
});
