import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What scripts/provision.sh started, read from its env.json. */
export interface Rig {
  WHARF_TEST_DIR: string;
  MAIN_SOCKET: string;
  ENGINE2_SOCKET: string;
  ENGINE2_PIDFILE: string;
  TLS_HOST: string;
  TLS_PORT: number;
  TLS_CA: string;
  TLS_CERT: string;
  TLS_KEY: string;
  TLS_BAD_CA: string;
  TLS_BAD_CERT: string;
  TLS_BAD_KEY: string;
  TLS_SOCKET: string;
  REGISTRY_URL: string;
  REGISTRY_AUTH_URL: string;
  REGISTRY_USER: string;
  REGISTRY_PASSWORD: string;
  SSH_HOST: string;
  SSH_PORT: number;
  SSH_USER: string;
  SSH_KEY: string;
  SSH_WRONG_KEY: string;
  SEED_WEB: string;
  SEED_BUSYBOX: string;
  SEED_SLEEPER: string;
}

export function loadRig(): Rig {
  const dir = process.env.WHARF_TEST_DIR ?? '/tmp/wharf-test';
  const file = path.join(dir, 'env.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run scripts/provision.sh (npm test does it)`);
  const rig = JSON.parse(fs.readFileSync(file, 'utf8')) as Rig;
  return { ...rig, TLS_PORT: Number(rig.TLS_PORT), SSH_PORT: Number(rig.SSH_PORT) };
}

export const readText = (p: string) => fs.readFileSync(p, 'utf8');

/** Runs the docker CLI against one engine's unix socket; arguments are never joined into a shell string. */
export async function docker(socket: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('docker', ['-H', `unix://${socket}`, ...args], { timeout: 60_000 });
  return stdout.trim();
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
