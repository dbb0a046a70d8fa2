/**
 * Shared helpers for the Wharf benchmarks (bench/*.bench.ts, run by scripts/bench.sh).
 *
 * Every bench starts its own Wharf (production build, temp data dir, free port on 127.0.0.1),
 * signs in, measures, prints exactly one `BENCH {...}` line on stdout and cleans up after
 * itself: the Wharf process group it started, its data dir, and only engine objects that carry
 * the label wharf.test=bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type Docker from 'dockerode';
import { io, type Socket } from 'socket.io-client';
import type { Operation } from '../server/contracts/images';
import type { Delta } from '../server/contracts/live';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/contracts/socket-events';
import { parseJson } from '../server/json';

export const BENCH_LABEL_KEY = 'wharf.test';
export const BENCH_LABEL_VALUE = 'bench';
/** Engine filter that matches bench objects only. */
export const BENCH_LABEL_FILTER = `${BENCH_LABEL_KEY}=${BENCH_LABEL_VALUE}`;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function log(...args: unknown[]): void {
  // Progress goes to stderr so stdout carries only the BENCH line.
  console.error('[bench]', ...args);
}

// ------------------------------------------------------------------------------- rig

// The rig's facts come from the loader the tests use (one type for env.json, one set of checks).
export { loadRig } from '../test/support/rig';

// ------------------------------------------------------------------------------- cleanup

type Cleanup = () => unknown;
const cleanups: Cleanup[] = [];

/** Registers work to undo at the end of the bench (run in reverse order, also on failure/signal). */
export function onCleanup(fn: Cleanup): void {
  cleanups.push(fn);
}

let cleaning: Promise<void> | null = null;
function runCleanups(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const fn = cleanups.pop()!;
      try {
        await fn();
      } catch (err) {
        log('cleanup failed:', err instanceof Error ? err.message : err);
      }
    }
  })();
  return cleaning;
}

/**
 * Runs a bench body with an overall deadline; always runs the registered cleanups, then exits
 * (0 on success, 1 on failure or deadline, 130/143 on a signal).
 */
export function runBench(name: string, body: () => Promise<void>, deadlineMs = 240_000): void {
  let finished = false;
  const finish = async (code: number) => {
    if (finished) return;
    finished = true;
    clearTimeout(deadline);
    await runCleanups();
    process.exit(code);
  };
  const deadline = setTimeout(() => {
    log(`${name}: deadline of ${Math.round(deadlineMs / 1000)} s exceeded`);
    void finish(1);
  }, deadlineMs);
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(sig, () => {
      log(`${name}: ${sig}, cleaning up`);
      void finish(code);
    });
  }
  body().then(
    () => finish(0),
    (err: unknown) => {
      // After a signal or the deadline the body fails as its cleanup pulls things away: not news.
      if (finished) return;
      log(`${name} FAILED:`, err instanceof Error ? (err.stack ?? err.message) : err);
      return finish(1);
    },
  );
}

/** Waits until `check` returns a truthy value; fails after `timeoutMs` with the last value seen. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs: number, what: string, everyMs = 100): Promise<T> {
  const start = Date.now();
  let last: T | undefined;
  let lastErr: unknown;
  while (Date.now() - start < timeoutMs) {
    try {
      last = await check();
      if (last) return last;
    } catch (err) {
      lastErr = err;
    }
    await sleep(everyMs);
  }
  const why = lastErr instanceof Error ? `; last error: ${lastErr.message}` : '';
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)}${why})`);
}

// ------------------------------------------------------------------------------- http

export interface JsonResponse<T> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
  /** Bytes of the body as received. */
  bytes: number;
  /** Request start to body parsed, in ms. */
  ms: number;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  agent?: http.Agent;
  /** For the engine: its unix socket. */
  socketPath?: string;
  timeoutMs?: number;
}

/**
 * One request with node's http: reads the whole body and JSON-parses it, so the time measured
 * always includes receiving and parsing the answer.
 */
export function requestJson<T = unknown>(url: string, opts: RequestOptions = {}): Promise<JsonResponse<T>> {
  const u = new URL(url);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        method: opts.method ?? 'GET',
        host: opts.socketPath ? undefined : u.hostname,
        port: opts.socketPath ? undefined : u.port,
        socketPath: opts.socketPath,
        path: u.pathname + u.search,
        headers: {
          accept: 'application/json',
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        agent: opts.agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          let body: T;
          try {
            body = buf.length ? parseJson<T>(buf, `${opts.method ?? 'GET'} ${url}: ${res.statusCode}, body`) : (null as T);
          } catch (err) {
            reject(err as Error);
            return;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, bytes: buf.length, ms: performance.now() - t0 });
        });
      },
    );
    req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error(`${opts.method ?? 'GET'} ${url}: timed out`)));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** Throws with the answer's words unless the status is 2xx. */
export function expectOk<T>(res: JsonResponse<T>, what: string): T {
  if (res.status < 200 || res.status >= 300) throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}

// ------------------------------------------------------------------------------- wharf

export interface Wharf {
  base: string;
  port: number;
  user: string;
  password: string;
  dataDir: string;
  proc: ChildProcess;
  /** The last ~64 KB of Wharf's stdout+stderr. */
  output(): string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/**
 * Starts Wharf (production build) on a free port with a fresh data dir, waits until its one
 * engine ("local", the main engine) is online, and registers its shutdown as a cleanup.
 * It runs as `npm start` ends: one plain node process on the compiled server, in its own process group.
 */
export async function startWharf(opts: { timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<Wharf> {
  if (!fs.existsSync(path.join(repoRoot, '.next/BUILD_ID')) || !fs.existsSync(path.join(repoRoot, '.wharf-server/server/index.js'))) {
    throw new Error('No production build: run `npm run build` first (scripts/bench.sh does)');
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-bench-'));
  const user = 'bench';
  const password = `bench-${crypto.randomBytes(12).toString('hex')}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DOCKER_HOST; // the default engine must be /var/run/docker.sock
  delete env.WHARF_NO_DEFAULT_ENGINE;
  Object.assign(env, {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    HOST: '127.0.0.1',
    WHARF_DATA_DIR: dataDir,
    WHARF_ADMIN_USER: user,
    WHARF_ADMIN_PASSWORD: password,
  });
  // The V8 options npm start runs with (scripts/start.sh reads the same file).
  const nodeOptions = fs
    .readFileSync(path.join(repoRoot, 'scripts/node-options'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .join(' ');
  env.NODE_OPTIONS = [nodeOptions, env.NODE_OPTIONS].filter(Boolean).join(' ');
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), '.wharf-server/server/index.js'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString('utf8');
    if (out.length > 65_536) out = out.slice(-65_536);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let stopping: Promise<void> | null = null;

  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      if (proc.pid) process.kill(-proc.pid, sig);
    } catch {
      // already gone
    }
  };
  const stop = () =>
    (stopping ??= (async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        signalGroup('SIGTERM');
        const killed = await Promise.race([exited.then(() => false), sleep(12_000).then(() => true)]);
        if (killed) {
          log('Wharf did not stop within 12 s of SIGTERM: SIGKILL');
          signalGroup('SIGKILL');
          await Promise.race([exited, sleep(3_000)]);
        }
      }
      // Make sure nothing of the group lingers.
      signalGroup('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    })());
  onCleanup(stop);

  const base = `http://127.0.0.1:${port}`;
  const wharf: Wharf = { base, port, user, password, dataDir, proc, output: () => out, stop };
  try {
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`Wharf exited with code ${proc.exitCode}`);
        const h = await requestJson<{ ok?: boolean; engines?: { total: number; online: number } }>(`${base}/api/health`, {
          timeoutMs: 5_000,
        });
        return (
          h.status === 200 &&
          h.body?.ok === true &&
          h.body.engines &&
          h.body.engines.total >= 1 &&
          h.body.engines.online === h.body.engines.total
        );
      },
      opts.timeoutMs ?? 90_000,
      'Wharf /api/health with every engine online',
      200,
    );
  } catch (err) {
    log('Wharf output:\n' + out.slice(-4_000));
    throw err;
  }
  return wharf;
}

/** Signs in and returns the `wharf_session=...` cookie pair to send on requests and sockets. */
export async function login(wharf: Wharf): Promise<string> {
  const res = await requestJson(`${wharf.base}/api/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username: wharf.user, password: wharf.password }),
  });
  expectOk(res, 'login');
  const set = res.headers['set-cookie'] ?? [];
  const pair = set.map((c) => c.split(';')[0]!).find((c) => c.startsWith('wharf_session='));
  if (!pair) throw new Error(`login: no wharf_session cookie in ${JSON.stringify(set)}`);
  return pair;
}

export interface EngineRef {
  id: string;
  name: string;
  status: string;
}

/** The engine Wharf added for the main engine (named "local" on first start). */
export async function localEngine(wharf: Wharf, cookie: string): Promise<EngineRef> {
  const engines = expectOk(await requestJson<EngineRef[]>(`${wharf.base}/api/engines`, { headers: { cookie } }), 'GET /api/engines');
  const e = engines.find((x) => x.name === 'local') ?? engines[0];
  if (!e) throw new Error('Wharf lists no engine');
  return e;
}

// ------------------------------------------------------------------------------- stats

/** Percentile with linear interpolation between closest ranks (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo]! + (s[hi]! - s[lo]!) * (rank - lo);
}

export const median = (values: readonly number[]) => percentile(values, 50);

export const round = (v: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/** The one line a bench prints on stdout: `BENCH ` + JSON. */
export function printBench(obj: Record<string, unknown>): void {
  process.stdout.write(`BENCH ${JSON.stringify(obj)}\n`);
}

/** Runs `fn` over `items` with at most `size` in flight. */
export async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

// ------------------------------------------------------------------------------- engine + sockets

/**
 * Creates one container labelled wharf.test=bench (`sleep 600` under an init by default) and
 * registers its forced removal as a cleanup.
 */
export async function createBenchContainer(docker: Docker, image: string, cmd: string[] = ['sleep', '600']): Promise<Docker.Container> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: cmd,
    Labels: { [BENCH_LABEL_KEY]: BENCH_LABEL_VALUE },
    HostConfig: { Init: true },
  });
  onCleanup(async () => {
    try {
      await container.remove({ force: true, v: true });
    } catch (err) {
      const code = (err as { statusCode?: number }).statusCode;
      if (code !== 404 && code !== 409) throw err;
    }
  });
  return container;
}

/** Like createBenchContainer, and started. */
export async function startBenchContainer(docker: Docker, image: string, cmd?: string[]): Promise<Docker.Container> {
  const container = await createBenchContainer(docker, image, cmd);
  await container.start();
  await waitFor(async () => (await container.inspect()).State.Running, 10_000, 'bench container running');
  return container;
}

export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A signed-in socket.io client as the browser opens it (websocket only); disconnected at cleanup. */
export async function connectSocket(wharf: Wharf, cookie: string): Promise<BenchSocket> {
  const socket: BenchSocket = io(wharf.base, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    forceNew: true,
    reconnection: false,
    timeout: 10_000,
  });
  onCleanup(() => socket.disconnect());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(new Error(`socket connect failed: ${err.message}`)));
  });
  return socket;
}

/**
 * Follows the operations view (the activity tray) on `socket`; the answer waits for one operation to
 * end, as a browser sees it end.
 */
export async function followOperations(socket: BenchSocket): Promise<(id: string, what: string, timeoutMs?: number) => Promise<Operation>> {
  const ended = new Map<string, Operation>();
  socket.on('live.delta', (d: Delta) => {
    if (d.op.op === 'operation' && d.op.operation.state !== 'running') ended.set(d.op.operation.id, d.op.operation);
  });
  const sub = await socket.timeout(15_000).emitWithAck('live.subscribe', { kind: 'operations' });
  if (!sub.ok) throw new Error(`could not subscribe to the operations view: ${sub.message}`);
  return (id, what, timeoutMs = 120_000) =>
    new Promise<Operation>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} did not end within ${timeoutMs / 1000} s`)), timeoutMs);
      const check = () => {
        const done = ended.get(id);
        if (!done) return;
        clearTimeout(timer);
        socket.off('live.delta', check);
        resolve(done);
      };
      socket.on('live.delta', check);
      check();
    });
}

/** Byte length of an `exec.output` payload (a Buffer under node, an ArrayBuffer in browsers). */
export const chunkBytes = (data: Buffer | ArrayBuffer): number => (data instanceof ArrayBuffer ? data.byteLength : data.length);
