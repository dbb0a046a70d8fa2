import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRuntime, createRuntime } from '@/server/bootstrap';
import { loadConfig } from '@/server/config';
import type { SessionUser } from '@/server/contracts/auth';
import type { Runtime } from '@/server/runtime';
import { setupAdmin } from '@/server/services/auth';
import { addEngine, getEngine, listEngines, removeEngine, testEngine, updateEngine } from '@/server/services/engines';
import { loadRig, readText, waitFor } from '../support/rig';

const rig = loadRig();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-engines-'));
const config = loadConfig({ WHARF_DATA_DIR: dir, WHARF_NO_DEFAULT_ENGINE: '1' });
const tlsEngine = () => ({
  kind: 'tls' as const,
  name: 'tls-engine',
  host: rig.TLS_HOST,
  port: rig.TLS_PORT,
  ca: readText(rig.TLS_CA),
  cert: readText(rig.TLS_CERT),
  key: readText(rig.TLS_KEY),
});

let rt: Runtime;
let admin: SessionUser;

beforeAll(async () => {
  rt = await createRuntime(config, { backoffMinMs: 200, backoffMaxMs: 1000 });
  admin = await setupAdmin(rt, { username: 'admin', password: 'integration-pw' });
});
afterAll(() => {
  closeRuntime(rt);
  fs.rmSync(dir, { recursive: true, force: true });
});

const auditRows = () =>
  rt.db.prepare('SELECT username, action, target, result, detail FROM audit WHERE action LIKE ? ORDER BY id').all('engine.%') as Array<
    Record<string, string | null>
  >;

describe('engines service against real engines', () => {
  let tlsId = '';

  it('tests a connection without saving anything', async () => {
    const r = await testEngine(rt, admin, { engine: tlsEngine() });
    expect(r.dockerVersion).toMatch(/^\d+\.\d+/);
    expect(listEngines(rt, admin)).toHaveLength(0);
  });

  it('adds the TLS engine, which comes online, with its key sealed at rest', async () => {
    const s = await addEngine(rt, admin, { engine: tlsEngine() });
    tlsId = s.id;
    // The answer waits for the first connection: it says online, not "connecting".
    expect(s.status).toBe('online');
    expect(s.address).toBe(`tcp+tls://${rig.TLS_HOST}:${rig.TLS_PORT}`);
    await waitFor(() => listEngines(rt, admin).find((e) => e.id === tlsId)?.status === 'online', 15_000, 'tls online');
    const row = rt.db.prepare('SELECT config, secrets FROM engines WHERE id = ?').get(tlsId) as { config: string; secrets: string };
    expect(row.config).not.toContain('PRIVATE KEY');
    expect(row.secrets).not.toContain('PRIVATE KEY');
    const detail = getEngine(rt, admin, tlsId);
    expect(detail.connection).toEqual({ kind: 'tls', host: rig.TLS_HOST, port: rig.TLS_PORT, hasCa: true, hasCert: true, hasKey: true });
    expect(JSON.stringify(detail)).not.toContain('PRIVATE KEY');
    expect(detail.rawInfo?.ServerVersion).toBeTruthy();
  });

  it('refuses a duplicate name with 409 and a wrong certificate with 422, saving nothing', async () => {
    await expect(addEngine(rt, admin, { engine: tlsEngine() })).rejects.toMatchObject({ status: 409, code: 'CONFLICT' });
    await expect(
      addEngine(rt, admin, {
        engine: { ...tlsEngine(), name: 'bad-tls', cert: readText(rig.TLS_BAD_CERT), key: readText(rig.TLS_BAD_KEY) },
      }),
    ).rejects.toMatchObject({ status: 422, code: 'ENGINE_TLS' });
    expect(listEngines(rt, admin).map((e) => e.name)).toEqual(['tls-engine']);
  });

  it('rejects a malformed form with field messages', async () => {
    await expect(addEngine(rt, admin, { engine: { kind: 'tcp', name: '', host: '', port: 'abc' } })).rejects.toMatchObject({
      status: 400,
      code: 'VALIDATION',
      fields: expect.objectContaining({ 'engine.name': 'Name is required', 'engine.port': 'Port must be a number' }),
    });
    await expect(
      addEngine(rt, admin, { engine: { kind: 'tls', name: 'x', host: 'h', port: 1, ca: '', cert: '', key: '' } }),
    ).rejects.toMatchObject({
      status: 400,
      fields: expect.objectContaining({ 'engine.ca': 'CA certificate is required' }),
    });
  });

  it('saves an unreachable engine only when asked, and shows it offline with the error', async () => {
    const input = { engine: { kind: 'socket', name: 'gone', socketPath: '/nonexistent/docker.sock' } };
    await expect(addEngine(rt, admin, input)).rejects.toMatchObject({
      status: 422,
      message: 'No Docker socket at /nonexistent/docker.sock',
    });
    const s = await addEngine(rt, admin, { ...input, skipCheck: true });
    expect(s.status).toBe('offline');
    await waitFor(() => listEngines(rt, admin).find((e) => e.id === s.id)?.status === 'offline', 5000, 'offline');
    expect(listEngines(rt, admin).find((e) => e.id === s.id)?.lastError).toBe('No Docker socket at /nonexistent/docker.sock');
    await removeEngine(rt, admin, s.id);
  });

  it('edits an engine keeping stored secrets when the form leaves them blank', async () => {
    const s = await updateEngine(rt, admin, tlsId, { engine: { ...tlsEngine(), name: 'tls-renamed', ca: '', cert: '', key: '' } });
    expect(s.name).toBe('tls-renamed');
    await waitFor(() => listEngines(rt, admin).find((e) => e.id === tlsId)?.status === 'online', 15_000, 'online after edit');
  });

  it('keeps engines across a restart of Wharf', async () => {
    closeRuntime(rt);
    rt = await createRuntime(config, { backoffMinMs: 200, backoffMaxMs: 1000 });
    await waitFor(() => listEngines(rt, admin).find((e) => e.id === tlsId)?.status === 'online', 15_000, 'online after restart');
    expect(listEngines(rt, admin).map((e) => e.name)).toEqual(['tls-renamed']);
  });

  it('shows the last known facts of an engine that is offline from the start', async () => {
    const e = await addEngine(rt, admin, { engine: { kind: 'socket', name: 'will-vanish', socketPath: rig.ENGINE2_SOCKET } });
    await waitFor(() => listEngines(rt, admin).find((x) => x.id === e.id)?.status === 'online', 15_000, 'online');
    const version = listEngines(rt, admin).find((x) => x.id === e.id)!.info!.dockerVersion;
    closeRuntime(rt);
    // Fault injection: the engine's socket is gone when Wharf starts again.
    const db = (await import('@/server/store/db')).openDb(dir);
    db.prepare('UPDATE engines SET config = ? WHERE id = ?').run(JSON.stringify({ socketPath: '/nonexistent/gone.sock' }), e.id);
    db.close();
    rt = await createRuntime(config, { backoffMinMs: 200, backoffMaxMs: 1000 });
    const s = await waitFor(() => listEngines(rt, admin).find((x) => x.id === e.id && x.status === 'offline'), 5000, 'offline');
    expect(s.info?.dockerVersion).toBe(version);
    expect(s.lastSeen).toBeTruthy();
    await removeEngine(rt, admin, e.id);
  });

  it('removes an engine and writes every change to the audit log', async () => {
    await removeEngine(rt, admin, tlsId);
    expect(listEngines(rt, admin)).toHaveLength(0);
    await expect(removeEngine(rt, admin, tlsId)).rejects.toMatchObject({ status: 404 });
    const rows = auditRows();
    expect(rows.map((r) => `${r.action}:${r.result}`)).toEqual([
      'engine.add:ok',
      'engine.add:error', // duplicate name
      'engine.add:error', // wrong client certificate
      'engine.add:error', // TLS without a CA
      'engine.add:error', // unreachable socket
      'engine.add:ok', // the same, saved anyway
      'engine.remove:ok',
      'engine.edit:ok',
      'engine.add:ok', // will-vanish
      'engine.remove:ok',
      'engine.remove:ok',
    ]);
    expect(rows.every((r) => r.username === 'admin')).toBe(true);
    expect(rows[2]?.detail).toContain('TLS');
  });

  it('adds an SSH engine that comes online and streams events over `docker system dial-stdio`', async () => {
    const s = await addEngine(rt, admin, {
      engine: {
        kind: 'ssh',
        name: 'over-ssh',
        host: rig.SSH_HOST,
        port: rig.SSH_PORT,
        username: rig.SSH_USER,
        privateKey: readText(rig.SSH_KEY),
      },
    });
    expect(s.address).toBe(`ssh://${rig.SSH_USER}@${rig.SSH_HOST}:${rig.SSH_PORT}`);
    await waitFor(() => listEngines(rt, admin).find((e) => e.id === s.id)?.status === 'online', 20_000, 'ssh engine online');
    expect(rt.engines.get(s.id).eventStreams).toBe(1);
    expect(getEngine(rt, admin, s.id).info?.dockerVersion).toMatch(/^\d+\.\d+/);
    await removeEngine(rt, admin, s.id);
  });

  it('refuses everything without a user', async () => {
    expect(() => listEngines(rt, null)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    await expect(addEngine(rt, null, { engine: tlsEngine() })).rejects.toMatchObject({ status: 401 });
  });
});
