import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { closeRuntime, createRuntime } from '@/server/bootstrap';
import { loadConfig } from '@/server/config';
import { attachRealtime, type WharfServer } from '@/server/realtime';
import type { Runtime } from '@/server/runtime';
import { createSession, setupAdmin } from '@/server/services/auth';
import type { EngineInput } from '@/server/contracts/engines';
import type { Operation } from '@/server/contracts/images';
import { addEngine } from '@/server/services/engines';
import { docker, waitFor } from './rig';

export interface Harness {
  rt: Runtime;
  io: WharfServer;
  /** http://127.0.0.1:<port> of the socket.io server */
  base: string;
  /** `wharf_session=…` of a signed-in admin */
  cookie: string;
  /** The engine id of the given socket */
  host: string;
  close(): Promise<void>;
}

/**
 * A Wharf runtime on a temp data dir with one engine and socket.io on a free port: what the
 * realtime and exec tests drive with socket.io clients. `close` also removes containers with `label`.
 */
export async function startHarness(
  name: string,
  socket: string,
  label: string,
  opts: { engine?: EngineInput; env?: Record<string, string> } = {},
): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wharf-${name}-`));
  const rt = await createRuntime(loadConfig({ ...opts.env, WHARF_DATA_DIR: dir, WHARF_NO_DEFAULT_ENGINE: '1' }));
  const admin = await setupAdmin(rt, { username: 'admin', password: 'integration-pw' });
  const cookie = `wharf_session=${createSession(rt, admin)}`;
  const host = (await addEngine(rt, admin, { engine: opts.engine ?? { kind: 'socket', name: 'main', socketPath: socket } })).id;
  const server = http.createServer();
  const io = attachRealtime(server, rt);
  rt.io = io;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await waitFor(() => rt.engines.get(host).status === 'online', 10_000, 'engine online');
  return {
    rt,
    io,
    base,
    cookie,
    host,
    async close() {
      await io.close();
      closeRuntime(rt);
      const ids = await docker(socket, 'ps', '-aq', '--filter', `label=${label}`).catch(() => '');
      if (ids) await docker(socket, 'rm', '-f', ...ids.split('\n')).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits for a long operation (pull, build, deploy, …) to end in the runtime's activity tray; answers how it ended. */
export function operationEnded(rt: Runtime, id: string, timeoutMs = 60_000): Promise<Operation> {
  return waitFor(
    () => {
      const op = rt.operations.get(id).operation;
      return op.state !== 'running' ? op : null;
    },
    timeoutMs,
    `operation ${id} to end`,
  );
}
