/**
 * The floor app (bench/floor-app): a Next.js app with nothing of Wharf in it, built with the same Next,
 * React and libraries, for benches to measure beside Wharf in the same run (page.weight, page.first_row).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, log, onCleanup, waitFor } from './lib';

let started: Promise<string> | null = null;

/**
 * bench/floor-app, copied under .wharf-test/ (beside the repository's node_modules, hard-linked so
 * Next resolves the very same packages), built, and served by `next start` on a free port.
 */
export function startFloor(): Promise<string> {
  return (started ??= build());
}

async function build(): Promise<string> {
  const repo = path.resolve(import.meta.dirname, '..');
  const dir = path.join(repo, '.wharf-test', `floor-${process.pid}`);
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(path.join(repo, 'bench/floor-app'), dir, { recursive: true });
  const run = (args: string[], what: string) =>
    new Promise<void>((resolve, reject) => {
      const p = spawn(args[0]!, args.slice(1), {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      });
      let err = '';
      p.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed (${code}): ${err}`))));
    });
  await run(['cp', '-al', path.join(repo, 'node_modules'), path.join(dir, 'node_modules')], 'linking node_modules');
  const nextBin = path.join(dir, 'node_modules/next/dist/bin/next');
  log('building the floor app (bench/floor-app)');
  await run([process.execPath, nextBin, 'build'], 'next build of the floor app');
  const port = await freePort();
  const server = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dir,
    stdio: 'ignore',
    detached: true,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  onCleanup(() => {
    try {
      process.kill(-server.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    () =>
      fetch(base)
        .then((r) => r.ok)
        .catch(() => false),
    60_000,
    'the floor app to serve',
  );
  return base;
}
