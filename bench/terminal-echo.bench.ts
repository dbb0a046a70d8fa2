/**
 * terminal.echo: keystroke-to-echo latency of Wharf's terminal, as a browser sees it.
 *
 * A socket.io client opens an interactive exec (`shell:'sh'`, busybox sh) in a running bench
 * container on the main engine, waits for the prompt, then types KEYSTROKES printable
 * characters one at a time: each is sent with `exec.input` and timed until its echo arrives in
 * `exec.output` (every output chunk is acknowledged once read, as the browser does); the next
 * key goes GAP_MS after the echo. Ctrl-U then clears the line and the session is closed.
 * busybox's line editor asks for the cursor position (ESC[6n) with each prompt; the bench answers
 * it as xterm.js would.
 *
 *   BENCH {"name":"terminal.echo","keystrokes":200,"p50_ms":…,"p99_ms":…}
 */
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import type { ExecExit } from '../server/contracts/exec';
import {
  connectSocket,
  loadRig,
  localEngine,
  log,
  login,
  percentile,
  printBench,
  round,
  runBench,
  sleep,
  startBenchContainer,
  startWharf,
  waitFor,
} from './lib';

const KEYSTROKES = 200;
const GAP_MS = 5;
const ECHO_TIMEOUT_MS = 5_000;
/** Wide enough that the typed line never wraps (wrapping adds cursor moves around the echo). */
const COLS = 250;
const ROWS = 40;
// Printable, and nothing a shell line editor treats specially.
const KEYS = 'abcdefghijklmnopqrstuvwxyz0123456789';

// eslint-disable-next-line no-control-regex -- terminal escape sequences by design
const CSI = /\x1b\[[0-?]*[ -/]*[@-~]/g;
const CURSOR_QUERY = '\x1b[6n';
/** The text as it shows on screen, minus escape sequences (enough for a prompt check). */
const visible = (s: string) => s.replace(CSI, '');
/** `ESC [ row ; col R` for a cursor at the end of what was printed on the current line. */
function cursorReport(s: string): string {
  const screen = visible(s);
  const line = screen.slice(Math.max(screen.lastIndexOf('\n'), screen.lastIndexOf('\r')) + 1);
  const row = Math.min(ROWS, screen.split('\n').length);
  return `\x1b[${row};${line.length + 1}R`;
}

runBench('terminal.echo', async () => {
  const env = loadRig();
  const docker = new Docker({ socketPath: env.MAIN_SOCKET });

  const wharf = await startWharf();
  const cookie = await login(wharf);
  const engine = await localEngine(wharf, cookie);
  log(`Wharf on ${wharf.base}, engine ${engine.name} (${engine.id})`);

  const container = await startBenchContainer(docker, env.SEED_BUSYBOX);
  const socket = await connectSocket(wharf, cookie);

  // Everything the terminal printed, and a hook the keystroke loop waits on.
  let text = '';
  let onText: (() => void) | null = null;
  let sessionId = '';
  socket.on('exec.output', (p, ack) => {
    const chunk = Buffer.from(p.data as Buffer).toString('latin1');
    text += chunk;
    ack();
    // busybox's line editor asks where the cursor is (DSR 6); xterm.js answers, so do we.
    if (chunk.includes(CURSOR_QUERY) && sessionId) socket.emit('exec.input', { sessionId, data: cursorReport(text) });
    onText?.();
  });
  let exited: ExecExit | null = null;
  const exit = new Promise<ExecExit>((resolve) =>
    socket.on('exec.exit', (e) => {
      exited = e;
      resolve(e);
    }),
  );

  const reply = await socket
    .timeout(30_000)
    .emitWithAck('exec.open', { hostId: engine.id, id: container.id, shell: 'sh', cols: COLS, rows: ROWS });
  if (!reply.ok) throw new Error(`exec.open refused: ${reply.code} ${reply.message}`);
  sessionId = reply.data.sessionId;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    if (!exited)
      await socket
        .timeout(10_000)
        .emitWithAck('exec.close', { sessionId })
        .catch(() => undefined);
    await Promise.race([exit, sleep(10_000)]);
  };

  try {
    await waitFor(() => /[#$] $/.test(visible(text)), 10_000, 'the shell prompt', 20).catch((err: unknown) => {
      log(`terminal so far: ${JSON.stringify(text)}`);
      throw err;
    });
    await sleep(100); // let the prompt settle (nothing more should come)
    log(`prompt: ${JSON.stringify(text.slice(-20))}`);

    const samples: number[] = [];
    for (let i = 0; i < KEYSTROKES; i++) {
      if (exited) throw new Error(`the shell ended early: ${JSON.stringify(exited)}`);
      const key = KEYS[i % KEYS.length]!;
      const from = text.length;
      let timer: NodeJS.Timeout | undefined;
      const echoed = new Promise<void>((resolve, reject) => {
        onText = () => {
          if (text.indexOf(key, from) >= 0) resolve();
        };
        timer = setTimeout(
          () => reject(new Error(`no echo of ${JSON.stringify(key)} (keystroke ${i + 1}) within ${ECHO_TIMEOUT_MS} ms`)),
          ECHO_TIMEOUT_MS,
        );
      });
      const t0 = performance.now();
      socket.emit('exec.input', { sessionId, data: key });
      try {
        await echoed;
      } finally {
        clearTimeout(timer);
        onText = null;
      }
      samples.push(performance.now() - t0);
      await sleep(GAP_MS);
    }

    // Ctrl-U: clear the typed line so the shell is left at an empty prompt.
    socket.emit('exec.input', { sessionId, data: '\x15' });
    await sleep(100);

    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    log(
      `${samples.length} keystrokes: p50 ${p50.toFixed(2)} ms, p90 ${percentile(samples, 90).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, ` +
        `min ${Math.min(...samples).toFixed(2)} ms, max ${Math.max(...samples).toFixed(2)} ms`,
    );
    await close();
    socket.disconnect();
    await wharf.stop();
    printBench({ name: 'terminal.echo', keystrokes: samples.length, p50_ms: round(p50), p99_ms: round(p99) });
  } finally {
    await close();
  }
});
