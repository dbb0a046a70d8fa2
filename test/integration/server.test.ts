import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionServer, type ProductionServer } from '../support/production-server';
import { waitFor } from '../support/rig';

const port = 3131;
const base = `http://127.0.0.1:${port}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-server-'));
let proc: ChildProcess;
let server: ProductionServer;

describe('the Wharf process (production build)', () => {
  beforeAll(async () => {
    // Exactly what `npm start` runs; its last step replaces the shell with node.
    server = await startProductionServer(port, { WHARF_DATA_DIR: dir, WHARF_ADMIN_USER: 'robot', WHARF_ADMIN_PASSWORD: 'unattended-pw' }, [
      'bash',
      ['scripts/start.sh'],
    ]);
    proc = server.proc;
  });
  afterAll(() => {
    if (proc.exitCode === null) proc.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves pages, API and health on one port, with the local engine added on first start', async () => {
    const health = await waitFor(
      async () => {
        const h = (await (await fetch(`${base}/api/health`)).json()) as { engines: { online: number } };
        return h.engines.online >= 1 ? h : null;
      },
      10_000,
      'local engine online',
    );
    expect(health).toMatchObject({ ok: true, engines: { total: 1, online: 1 } });
    const page = await fetch(`${base}/`, { redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login');
    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('<html');
  });

  it('runs as one plain node process on the compiled server: no npm, tsx or esbuild resident', () => {
    const cmdline = fs.readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(path.basename(cmdline[0]!)).toBe('node');
    expect(cmdline[1]).toBe('.wharf-server/server/index.js');
    const children = fs
      .readdirSync(`/proc/${proc.pid}/task`)
      .flatMap((t) => fs.readFileSync(`/proc/${proc.pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean));
    expect(children).toEqual([]);
  });

  it('creates the admin from WHARF_ADMIN_USER / WHARF_ADMIN_PASSWORD', async () => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'robot', password: 'unattended-pw' }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/wharf_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    const engines = await fetch(`${base}/api/engines`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(engines.status).toBe(200);
    expect(((await engines.json()) as Array<{ name: string }>).map((e) => e.name)).toEqual(['local']);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill('SIGTERM');
    const code = await exited;
    expect(code).toBe(0);
    expect(server.log()).toContain('[wharf] stopped');
    // The database was closed properly: no WAL left behind.
    expect(fs.existsSync(path.join(dir, 'wharf.db-wal'))).toBe(false);
  });
});
