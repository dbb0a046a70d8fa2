import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { readJsonFile } from '../../server/json';

const run = promisify(execFile);

/** The keys scripts/provision.sh writes to env.json (write_env): what the rig started. */
export const RIG_KEYS = [
  'WHARF_TEST_DIR',
  'MAIN_SOCKET',
  'ENGINE2_SOCKET',
  'ENGINE2_PIDFILE',
  'TLS_HOST',
  'TLS_PORT',
  'TLS_CA',
  'TLS_CERT',
  'TLS_KEY',
  'TLS_BAD_CA',
  'TLS_BAD_CERT',
  'TLS_BAD_KEY',
  'TLS_SOCKET',
  'REGISTRY_URL',
  'REGISTRY_AUTH_URL',
  'REGISTRY_USER',
  'REGISTRY_PASSWORD',
  'SSH_HOST',
  'SSH_PORT',
  'SSH_USER',
  'SSH_KEY',
  'SSH_RSA_KEY',
  'SSH_WRONG_KEY',
  'SSH_KNOWN_HOSTS',
  'SEED_WEB',
  'SEED_BUSYBOX',
  'SEED_SLEEPER',
] as const;

/** env.json as provision.sh writes it: every value a string. */
type RigEnvJson = Record<(typeof RIG_KEYS)[number], string>;

/** The rig as tests, e2e journeys and benches use it: the same facts, ports as numbers. */
export type Rig = Omit<RigEnvJson, 'TLS_PORT' | 'SSH_PORT'> & { TLS_PORT: number; SSH_PORT: number };

/** The one loader of the rig's facts ($WHARF_TEST_DIR/env.json); a missing file, key or port says what to do. */
export function loadRig(dir = process.env.WHARF_TEST_DIR ?? '/tmp/wharf-test'): Rig {
  const file = path.join(dir, 'env.json');
  const again = 'run scripts/provision.sh (npm test does it)';
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: ${again}`);
  const env = readJsonFile<Partial<Record<string, unknown>>>(file);
  const missing = RIG_KEYS.filter((k) => typeof env[k] !== 'string' || env[k] === '');
  if (missing.length) throw new Error(`${file} has no ${missing.join(', ')}: ${again}`);
  const rig = env as RigEnvJson;
  const port = (k: 'TLS_PORT' | 'SSH_PORT') => {
    const n = Number(rig[k]);
    if (!Number.isInteger(n) || n <= 0 || n > 65_535) throw new Error(`${file}: ${k} is not a port: ${rig[k]}`);
    return n;
  };
  return { ...rig, TLS_PORT: port('TLS_PORT'), SSH_PORT: port('SSH_PORT') };
}

export const readText = (p: string) => fs.readFileSync(p, 'utf8');

/** Runs the docker CLI against one engine's unix socket; arguments are never joined into a shell string. */
export async function docker(socket: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('docker', ['-H', `unix://${socket}`, ...args], { timeout: 60_000 });
  return stdout.trim();
}

/**
 * Calls the engine again when it refuses (dockerd sometimes refuses a pause right after an unpause,
 * its own race): up to 5 more times, 50 ms apart.
 */
export async function retryEngine<T>(act: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await act();
    } catch (err) {
      if (i >= 5) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export async function script(name: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [path.join(process.cwd(), 'scripts', name), ...args], { timeout: 120_000 });
  return stdout;
}

/** Waits until `check` returns a truthy value, or fails after `timeoutMs` with the last value seen. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const start = Date.now();
  let last: T | undefined;
  while (Date.now() - start < timeoutMs) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

export const TEST_LABEL = 'wharf.test';

/**
 * Takes repositories a test pushed out of a rig registry's catalog: the registry API deletes manifests
 * but never a repository, so its folder goes from the registry's disk (the rig's, never a user's).
 * `refs` are `host:port/repo[:tag]`; only `wharf-test/…` names on the rig's two registries are touched.
 */
export function forgetRigRepositories(rig: Rig, refs: string[]) {
  for (const ref of refs) {
    const [host, ...rest] = ref.split('/');
    const repo = rest.join('/').replace(/[:@].*$/, '');
    if (!repo.startsWith('wharf-test/') || repo.includes('..')) continue;
    if (host !== rig.REGISTRY_URL && host !== rig.REGISTRY_AUTH_URL) continue;
    const root = path.join(rig.WHARF_TEST_DIR, `registry-${host.split(':')[1]}`, 'data/docker/registry/v2/repositories');
    fs.rmSync(path.join(root, repo), { recursive: true, force: true });
  }
}
