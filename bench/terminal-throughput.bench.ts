/**
 * terminal.throughput: a flood through Wharf's terminal against the same flood through the
 * docker CLI, on the main engine.
 *
 * The command is `seq 1 1000000` in a TTY (≈6.9 MB of digits, ≈7.9 MB once the TTY turns every
 * line end into CRLF), in one running bench container:
 *   - Wharf: a socket.io client (as the browser) opens an exec with `shell:'custom'`, `tty:true`;
 *     timed from the `exec.open` emit to `exec.exit`; every `exec.output` chunk is counted and
 *     then acknowledged, as the browser does once xterm has written it (flow control).
 *   - CLI: `docker exec -t <id> seq 1 1000000` with stdout piped into this process and counted;
 *     timed from spawn to the CLI's exit with stdout drained.
 * One warm-up each, then RUNS of each, interleaved (alternating which goes first); medians.
 * The warm-ups run `seq 1 100000` (JIT, connections and the page cache only need a taste; a full
 * run through this engine's TTY takes ≈10 s and would push the bench past its time budget).
 *
 *   BENCH {"name":"terminal.throughput","bytes":…,"cli_bytes":…,"wharf_s":…,"cli_s":…,"ratio":cli_s/wharf_s}
 *
 * Tunables (defaults are the reference settings): WHARF_BENCH_SEQ (1000000),
 * WHARF_BENCH_TP_RUNS (5), WHARF_BENCH_TP_WARMUP_SEQ (100000).
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import type { ExecExit } from '../server/contracts/exec';
import {
  chunkBytes,
  connectSocket,
  loadRig,
  localEngine,
  log,
  login,
  median,
  printBench,
  round,
  runBench,
  startBenchContainer,
  startWharf,
  type BenchSocket,
} from './lib';

const SEQ = Number(process.env.WHARF_BENCH_SEQ ?? 1_000_000);
const WARMUP_SEQ = Number(process.env.WHARF_BENCH_TP_WARMUP_SEQ ?? 100_000);
const RUNS = Number(process.env.WHARF_BENCH_TP_RUNS ?? 5);
/** One run may take this long before the bench gives up on it. */
const RUN_TIMEOUT_MS = 60_000;

interface Run {
  bytes: number;
  seconds: number;
  chunks: number;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no end within ${ms} ms`)), ms))),
  ]);
}

/** One `seq 1 n` through Wharf's terminal; the socket carries no other session meanwhile. */
async function viaWharf(socket: BenchSocket, hostId: string, containerId: string, n: number): Promise<Run> {
  let bytes = 0;
  let chunks = 0;
  let sessionId: string | null = null;
  const onOutput = (p: { sessionId: string; data: Buffer | ArrayBuffer }, ack: () => void) => {
    // Output may come before the open's ack names the session: only one session is open here.
    bytes += chunkBytes(p.data);
    chunks++;
    ack();
  };
  let onExit!: (e: ExecExit) => void;
  const exited = new Promise<ExecExit>((resolve) => (onExit = resolve));
  socket.on('exec.output', onOutput);
  socket.on('exec.exit', onExit);
  try {
    const t0 = performance.now();
    const reply = await socket.timeout(30_000).emitWithAck('exec.open', {
      hostId,
      id: containerId,
      shell: 'custom',
      command: ['seq', '1', String(n)],
      tty: true,
      cols: 80,
      rows: 24,
    });
    if (!reply.ok) throw new Error(`exec.open refused: ${reply.code} ${reply.message}`);
    sessionId = reply.data.sessionId;
    const exit = await withTimeout(exited, RUN_TIMEOUT_MS, 'Wharf exec');
    const seconds = (performance.now() - t0) / 1000;
    if (exit.sessionId !== sessionId) throw new Error(`exec.exit for ${exit.sessionId}, expected ${sessionId}`);
    if (exit.exitCode !== 0) throw new Error(`Wharf exec ended with ${exit.exitCode} (${exit.reason})`);
    return { bytes, seconds, chunks };
  } catch (err) {
    if (sessionId) socket.emit('exec.close', { sessionId });
    throw err;
  } finally {
    socket.off('exec.output', onOutput);
    socket.off('exec.exit', onExit);
  }
}

/** One `docker exec -t <id> seq 1 n`, stdout piped here and counted. */
function viaCli(socketPath: string, containerId: string, n: number): Promise<Run> {
  const env = { ...process.env };
  delete env.DOCKER_HOST;
  delete env.DOCKER_CONTEXT;
  const t0 = performance.now();
  const child = spawn('docker', ['-H', `unix://${socketPath}`, 'exec', '-t', containerId, 'seq', '1', String(n)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  let bytes = 0;
  let chunks = 0;
  child.stdout.on('data', (c: Buffer) => {
    bytes += c.length;
    chunks++;
  });
  const done = new Promise<Run>((resolve, reject) => {
    child.once('error', reject);
    // 'close': the process exited and its stdout is drained.
    child.once('close', (code, signal) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) reject(new Error(`docker exec ended with ${code ?? signal}`));
      else resolve({ bytes, seconds, chunks });
    });
  });
  return withTimeout(done, RUN_TIMEOUT_MS, 'docker exec').catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
}

const mb = (b: number) => (b / 1e6).toFixed(2);
const describe = (r: Run) => `${mb(r.bytes)} MB in ${r.seconds.toFixed(2)} s (${mb(r.bytes / r.seconds)} MB/s, ${r.chunks} chunks)`;

runBench('terminal.throughput', async () => {
  const env = loadRig();
  const docker = new Docker({ socketPath: env.MAIN_SOCKET });

  const wharf = await startWharf();
  const cookie = await login(wharf);
  const engine = await localEngine(wharf, cookie);
  log(`Wharf on ${wharf.base}, engine ${engine.name} (${engine.id})`);

  const container = await startBenchContainer(docker, env.SEED_BUSYBOX);
  const socket = await connectSocket(wharf, cookie);

  const wharfRuns: Run[] = [];
  const cliRuns: Run[] = [];
  const wharfRun = async (n: number) => viaWharf(socket, engine.id, container.id, n);
  const cliRun = async (n: number) => viaCli(env.MAIN_SOCKET, container.id, n);

  const w0 = await wharfRun(WARMUP_SEQ);
  const c0 = await cliRun(WARMUP_SEQ);
  log(`warm-up (seq 1 ${WARMUP_SEQ}): wharf ${describe(w0)}; cli ${describe(c0)}`);

  for (let i = 0; i < RUNS; i++) {
    const pair: Array<() => Promise<void>> = [
      async () => {
        const r = await wharfRun(SEQ);
        wharfRuns.push(r);
        log(`run ${i + 1}/${RUNS} wharf: ${describe(r)}`);
      },
      async () => {
        const r = await cliRun(SEQ);
        cliRuns.push(r);
        log(`run ${i + 1}/${RUNS} cli:   ${describe(r)}`);
      },
    ];
    if (i % 2) pair.reverse();
    for (const step of pair) await step();
  }

  const wharfS = median(wharfRuns.map((r) => r.seconds));
  const cliS = median(cliRuns.map((r) => r.seconds));
  const bytes = median(wharfRuns.map((r) => r.bytes));
  const cliBytes = median(cliRuns.map((r) => r.bytes));
  const diff = Math.abs(bytes - cliBytes) / Math.max(bytes, cliBytes, 1);
  if (diff > 0.02) {
    log(
      `WARNING: Wharf delivered ${bytes} bytes, the CLI ${cliBytes}: ${(diff * 100).toFixed(1)}% apart (expected both ≈ the same TTY output)`,
    );
  }
  log(
    `median wharf ${wharfS.toFixed(2)} s (${mb(bytes / wharfS)} MB/s, min ${Math.min(...wharfRuns.map((r) => r.seconds)).toFixed(2)}), ` +
      `cli ${cliS.toFixed(2)} s (${mb(cliBytes / cliS)} MB/s, min ${Math.min(...cliRuns.map((r) => r.seconds)).toFixed(2)})`,
  );

  socket.disconnect();
  await wharf.stop();
  printBench({
    name: 'terminal.throughput',
    bytes,
    cli_bytes: cliBytes,
    wharf_s: round(wharfS, 3),
    cli_s: round(cliS, 3),
    ratio: round(cliS / wharfS),
  });
});
