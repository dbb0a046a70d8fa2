/**
 * The floor under events.latency's fan-out: a bare Node `net` server that writes one frame to every
 * connected socket in a loop, as socket.io's broadcast does once the frame is encoded, with nothing
 * else in the process. Run as its own process (like Wharf), driven over stdin/stdout by the bench.
 *
 *   stdin:  `go <seq>\n`                        write the frame to every socket now
 *   stdout: `{"port":n}` once listening, then per go: `{"seq":n,"t0":abs_ms,"loop_ms":n,"sockets":n}`
 *
 * t0 is absolute (timeOrigin + now), comparable with the clients' clocks in other threads.
 */
import net from 'node:net';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';

const FRAME_BYTES = Number(process.argv[2] ?? 512);
const sockets = new Set<net.Socket>();
const server = net.createServer((s) => {
  s.setNoDelay(true);
  sockets.add(s);
  s.on('error', () => sockets.delete(s));
  s.on('close', () => sockets.delete(s));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as net.AddressInfo).port }) + '\n');
});

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, seq] = line.split(' ');
  if (cmd !== 'go') return;
  // A fresh frame per round, as a new delta is; its first bytes name the round.
  const frame = Buffer.alloc(FRAME_BYTES, 0x61);
  frame.write(`${seq}:`);
  const t0 = performance.timeOrigin + performance.now();
  for (const s of sockets) s.write(frame);
  const loop = performance.timeOrigin + performance.now() - t0;
  process.stdout.write(JSON.stringify({ seq: Number(seq), t0, loop_ms: loop, sockets: sockets.size }) + '\n');
});
process.stdin.on('end', () => process.exit(0));
