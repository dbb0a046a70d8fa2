import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRig } from '../support/rig';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const rig = loadRig();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-lazy-deps-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Runs a fresh node (through tsx, so its require cache is empty) that loads the engine code as the server
 * does, optionally after deferEngineDeps(), then probes the rig's local engine and, if asked, its SSH engine.
 */
async function probeIn(child: { defer: boolean; ssh: boolean }) {
  const script = path.join(dir, `probe-${child.defer ? 'defer' : 'plain'}-${child.ssh ? 'ssh' : 'socket'}.mts`);
  fs.writeFileSync(
    script,
    `
import { createRequire } from 'node:module';
import fs from 'node:fs';
const { deferEngineDeps } = await import(${JSON.stringify(path.join(root, 'server/engines/lazy-deps.ts'))});
const deferred = ${child.defer} ? deferEngineDeps(${JSON.stringify(root)}).deferred : [];
const { probeEngine } = await import(${JSON.stringify(path.join(root, 'server/services/engines.ts'))});
const cache = createRequire(${JSON.stringify(path.join(root, 'package.json'))}).cache;
const loaded = () => {
  const files = Object.keys(cache).filter((f) => cache[f] && (cache[f] as { loaded: boolean }).loaded);
  return {
    ssh2: files.filter((f) => f.includes('/node_modules/ssh2/')).length,
    grpc: files.filter((f) => f.includes('/node_modules/@grpc/')).length,
    dockerode: files.some((f) => f.includes('/node_modules/dockerode/')),
  };
};
const local = await probeEngine({ kind: 'socket', name: 'local', socketPath: ${JSON.stringify(rig.MAIN_SOCKET)} });
const afterSocket = loaded();
let ssh = null;
if (${child.ssh}) {
  ssh = await probeEngine({
    kind: 'ssh', name: 'ssh', host: ${JSON.stringify(rig.SSH_HOST)}, port: ${Number(rig.SSH_PORT)},
    username: ${JSON.stringify(rig.SSH_USER)}, privateKey: fs.readFileSync(${JSON.stringify(rig.SSH_KEY)}, 'utf8'),
  });
}
console.log(JSON.stringify({ deferred: deferred.length, local: local.apiVersion, afterSocket, ssh: ssh && ssh.apiVersion, afterSsh: loaded() }));
process.exit(0);
`,
  );
  const { stdout } = await run(path.join(root, 'node_modules/.bin/tsx'), [script], { cwd: root, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as {
    deferred: number;
    local: string;
    afterSocket: { ssh2: number; grpc: number; dockerode: boolean };
    ssh: string | null;
    afterSsh: { ssh2: number; grpc: number };
  };
}

describe('deferEngineDeps: ssh2 and gRPC load only when used', () => {
  it('without it, loading dockerode loads ssh2 and @grpc/* (what the deferral saves)', async () => {
    const r = await probeIn({ defer: false, ssh: false });
    expect(r.local).toMatch(/^1\.\d+$/);
    expect(r.afterSocket.dockerode).toBe(true);
    expect(r.afterSocket.ssh2).toBeGreaterThan(10);
    expect(r.afterSocket.grpc).toBeGreaterThan(10);
  });

  it('with it, a socket engine works without ssh2 or @grpc/* loaded', async () => {
    const r = await probeIn({ defer: true, ssh: false });
    expect(r.deferred).toBe(2);
    expect(r.local).toMatch(/^1\.\d+$/);
    expect(r.afterSocket.dockerode).toBe(true);
    // ssh2's entry file is the stand-in itself; the real ssh2 is ≈30 files.
    expect(r.afterSocket.ssh2).toBeLessThanOrEqual(1);
    expect(r.afterSocket.grpc).toBe(0);
  });

  it('with it, an SSH engine still connects: the real ssh2 loads on first use', async () => {
    const r = await probeIn({ defer: true, ssh: true });
    expect(r.afterSocket.ssh2).toBeLessThanOrEqual(1);
    expect(r.ssh).toMatch(/^1\.\d+$/);
    expect(r.afterSsh.ssh2).toBeGreaterThan(10);
    expect(r.afterSsh.grpc).toBe(0);
  });
});
