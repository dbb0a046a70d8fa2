import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Rig {
  WHARF_TEST_DIR: string;
  MAIN_SOCKET: string;
  ENGINE2_SOCKET: string;
  TLS_HOST: string;
  TLS_PORT: string | number;
  TLS_CA: string;
  TLS_CERT: string;
  TLS_KEY: string;
  TLS_BAD_CA: string;
  TLS_BAD_CERT: string;
  TLS_BAD_KEY: string;
  SEED_BUSYBOX: string;
  SEED_WEB: string;
}

export function rig(): Rig {
  const dir = process.env.WHARF_TEST_DIR ?? '/tmp/wharf-test';
  return JSON.parse(fs.readFileSync(path.join(dir, 'env.json'), 'utf8')) as Rig;
}

export async function docker(socket: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('docker', ['-H', `unix://${socket}`, ...args], { timeout: 60_000 });
  return stdout.trim();
}

export async function script(name: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [path.join(process.cwd(), 'scripts', name), ...args], { timeout: 120_000 });
  return stdout;
}

export const ADMIN = { username: 'admin', password: 'e2e-admin-password' };
export const E2E_LABEL = 'wharf.test=e2e';
