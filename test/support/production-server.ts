import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { waitFor } from './rig';

export interface ProductionServer {
  proc: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  log(): string;
}

/**
 * Starts the production build on `port` with `env` and waits until it listens. By default it runs
 * the compiled server with plain node, as `npm start` ends; `command` runs something else
 * (e.g. `bash scripts/start.sh` itself).
 */
export async function startProductionServer(
  port: number,
  env: Record<string, string>,
  command: [string, string[]] = [process.execPath, ['.wharf-server/server/index.js']],
): Promise<ProductionServer> {
  if (!fs.existsSync('.next/BUILD_ID') || !fs.existsSync('.wharf-server/server/index.js')) {
    throw new Error('No production build: run `npm run build` first (npm test does)');
  }
  let out = '';
  const proc = spawn(command[0], command[1], {
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => out.includes('listening on') || proc.exitCode !== null, 60_000, 'server listening');
  if (proc.exitCode !== null) throw new Error(`The server exited (${proc.exitCode}):\n${out.slice(-2000)}`);
  return { proc, log: () => out };
}
