import { describe, expect, it } from 'vitest';
import type { EngineInput } from '@/server/contracts/engines';
import { probeEngine } from '@/server/services/engines';
import { loadRig, readText } from '../support/rig';

const rig = loadRig();
const tls = (over: Partial<Extract<EngineInput, { kind: 'tls' }>> = {}): EngineInput => ({
  kind: 'tls',
  name: 'tls',
  host: rig.TLS_HOST,
  port: rig.TLS_PORT,
  ca: readText(rig.TLS_CA),
  cert: readText(rig.TLS_CERT),
  key: readText(rig.TLS_KEY),
  ...over,
});

describe('connecting to real engines of every kind', () => {
  it('unix socket: the local engine answers with its version and a negotiated API', async () => {
    const r = await probeEngine({ kind: 'socket', name: 'local', socketPath: rig.MAIN_SOCKET });
    expect(r.dockerVersion).toMatch(/^\d+\.\d+/);
    expect(r.negotiatedApiVersion).toBe(r.apiVersion);
  });

  it('unix socket: the second engine is a separate engine', async () => {
    const r = await probeEngine({ kind: 'socket', name: 'e2', socketPath: rig.ENGINE2_SOCKET });
    expect(r.apiVersion).toMatch(/^1\.\d+$/);
  });

  it('TCP + TLS with the right certificates', async () => {
    const r = await probeEngine(tls());
    expect(r.dockerVersion).toMatch(/^\d+\.\d+/);
  });

  it('TCP + TLS: an engine certificate from another CA is refused in words', async () => {
    await expect(probeEngine(tls({ ca: readText(rig.TLS_BAD_CA) }))).rejects.toMatchObject({
      code: 'ENGINE_TLS',
      status: 422,
      message: expect.stringContaining('not signed by the CA you gave'),
    });
  });

  it('TCP + TLS: a client certificate the engine does not trust is refused in words', async () => {
    await expect(probeEngine(tls({ cert: readText(rig.TLS_BAD_CERT), key: readText(rig.TLS_BAD_KEY) }))).rejects.toMatchObject({
      code: 'ENGINE_TLS',
      message: expect.stringMatching(/did not accept this client certificate|closed the TLS connection/),
    });
  });

  it('plain TCP against the TLS port says it needs TLS', async () => {
    await expect(probeEngine({ kind: 'tcp', name: 'x', host: rig.TLS_HOST, port: rig.TLS_PORT })).rejects.toMatchObject({
      code: 'ENGINE_TLS',
      message: expect.stringContaining('expects TLS'),
    });
  });

  it('a port where nothing listens', async () => {
    await expect(probeEngine({ kind: 'tcp', name: 'x', host: '127.0.0.1', port: 1 })).rejects.toMatchObject({
      code: 'ENGINE_UNREACHABLE',
      message: 'Connection refused by 127.0.0.1:1: is dockerd listening there?',
    });
  });

  it('a socket path that does not exist', async () => {
    await expect(probeEngine({ kind: 'socket', name: 'x', socketPath: '/nonexistent/docker.sock' })).rejects.toMatchObject({
      code: 'ENGINE_UNREACHABLE',
      message: 'No Docker socket at /nonexistent/docker.sock',
    });
  });

  it('SSH with an authorised key reaches the engine through `docker system dial-stdio`', async () => {
    const r = await probeEngine({
      kind: 'ssh',
      name: 'ssh',
      host: rig.SSH_HOST,
      port: rig.SSH_PORT,
      username: rig.SSH_USER,
      privateKey: readText(rig.SSH_KEY),
      passphrase: '',
    });
    expect(r.dockerVersion).toMatch(/^\d+\.\d+/);
  });

  it('SSH with a key the server does not accept', async () => {
    await expect(
      probeEngine({
        kind: 'ssh',
        name: 'ssh',
        host: rig.SSH_HOST,
        port: rig.SSH_PORT,
        username: rig.SSH_USER,
        privateKey: readText(rig.SSH_WRONG_KEY),
        passphrase: '',
      }),
    ).rejects.toMatchObject({ code: 'ENGINE_AUTH', message: expect.stringContaining('SSH authentication failed') });
  });

  it('SSH with text that is not a key', async () => {
    await expect(
      probeEngine({
        kind: 'ssh',
        name: 'ssh',
        host: rig.SSH_HOST,
        port: rig.SSH_PORT,
        username: rig.SSH_USER,
        privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\ngarbage\n-----END OPENSSH PRIVATE KEY-----',
        passphrase: '',
      }),
    ).rejects.toMatchObject({ code: 'ENGINE_AUTH', message: expect.stringContaining('private key cannot be used') });
  });
});
