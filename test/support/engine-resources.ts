import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';

/** Inodes of the sockets this process holds (from /proc/self/fd). */
function ownSocketInodes(): Set<string> {
  const out = new Set<string>();
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    let link = '';
    try {
      link = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // the fd of readdir itself, or one closed meanwhile
    }
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m) out.add(m[1]!);
  }
  return out;
}

/**
 * Connections this process holds open to the engine listening on `socketPath`: our sockets whose
 * peer is one of the engine's accepted sockets (`ss -x` shows the engine's side with the socket path
 * as its local address, our side with that socket's inode as its peer).
 */
function engineConnections(socketPath: string): number {
  const paths = new Set([socketPath, fs.realpathSync(socketPath)]);
  if (socketPath.startsWith('/var/run/')) paths.add(socketPath.replace(/^\/var\/run\//, '/run/'));
  const lines = execFileSync('ss', ['-xH'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n');
  const engineSide = new Set<string>();
  const rows: Array<{ local: string; peer: string }> = [];
  for (const line of lines) {
    // u_str ESTAB 0 0 <local path|*> <local inode> <peer path|*> <peer inode>
    const t = line.trim().split(/\s+/);
    if (t.length < 8 || t[0] !== 'u_str') continue;
    if (paths.has(t[4]!)) engineSide.add(t[5]!);
    rows.push({ local: t[5]!, peer: t[7]! });
  }
  const mine = ownSocketInodes();
  return rows.filter((r) => mine.has(r.local) && engineSide.has(r.peer)).length;
}

/** Idle keep-alive sockets to the engine in Node's global agent (which closes them after 5 s): pooled, not leaked. */
function idleAgentSockets(socketPath: string): number {
  let n = 0;
  for (const [name, list] of Object.entries(http.globalAgent.freeSockets)) if (name.includes(socketPath)) n += list?.length ?? 0;
  return n;
}

/** Connections to the engine in use: a stream, a request, a hijacked exec (the idle pool left out). */
export function busyEngineConnections(socketPath: string): number {
  return engineConnections(socketPath) - idleAgentSockets(socketPath);
}

/** Open file descriptors of this process. */
export function openFds(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

/** Removes a container with the CLI and says how long it took (ms); a hung engine is cut off at `limitMs * 3`. */
export function timedRemove(socketPath: string, id: string, limitMs = 2000): Promise<number> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    execFile('docker', ['-H', `unix://${socketPath}`, 'rm', '-f', '-v', id], { timeout: limitMs * 3 }, (err) => {
      const ms = Date.now() - start;
      if (err && !(err as { killed?: boolean }).killed) reject(err);
      else resolve(ms);
    });
  });
}
