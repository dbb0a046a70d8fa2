import { describe, expect, it } from 'vitest';
import type { EngineInput } from '@/server/contracts/engines';
import { compareApiVersions, describeEngineError, MAX_API_VERSION, negotiateApiVersion } from '@/server/engines/connect';

const tls: EngineInput = { kind: 'tls', name: 't', host: '10.0.0.5', port: 2376, ca: 'x', cert: 'y', key: 'z' };
const sock: EngineInput = { kind: 'socket', name: 's', socketPath: '/nope/docker.sock' };
const tcp: EngineInput = { kind: 'tcp', name: 'p', host: 'db1', port: 2375 };
const ssh: EngineInput = { kind: 'ssh', name: 'h', host: 'h1', port: 22, username: 'ops', privateKey: 'k', passphrase: '' };

describe('API version negotiation', () => {
  it('compares versions numerically, not as strings', () => {
    expect(compareApiVersions('1.9', '1.41')).toBeLessThan(0);
    expect(compareApiVersions('1.41', '1.41')).toBe(0);
    expect(compareApiVersions('2.0', '1.99')).toBeGreaterThan(0);
  });
  it('speaks the older of the engine and Wharf', () => {
    expect(negotiateApiVersion('1.41')).toBe('1.41');
    expect(negotiateApiVersion('1.99')).toBe(MAX_API_VERSION);
  });
});

describe('describeEngineError', () => {
  const err = (props: Record<string, unknown>) => Object.assign(new Error(String(props.message ?? 'x')), props);

  it('names a missing socket', () => {
    const e = describeEngineError(err({ code: 'ENOENT', message: 'connect ENOENT /nope/docker.sock' }), sock);
    expect(e.code).toBe('ENGINE_UNREACHABLE');
    expect(e.status).toBe(422);
    expect(e.message).toBe('No Docker socket at /nope/docker.sock');
  });
  it('names a refused TCP port', () => {
    const e = describeEngineError(err({ code: 'ECONNREFUSED' }), tcp);
    expect(e.message).toBe('Connection refused by db1:2375: is dockerd listening there?');
  });
  it('explains an engine certificate from another CA', () => {
    const e = describeEngineError(err({ code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' }), tls);
    expect(e.code).toBe('ENGINE_TLS');
    expect(e.message).toContain('not signed by the CA you gave');
  });
  it('explains a client certificate the engine refused', () => {
    const e = describeEngineError(err({ code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', message: 'tlsv1 alert unknown ca' }), tls);
    expect(e.code).toBe('ENGINE_TLS');
    expect(e.message).toContain('did not accept this client certificate');
  });
  it('reports a rejected SSH key as an auth problem', () => {
    const e = describeEngineError(err({ level: 'client-authentication', message: 'All configured authentication methods failed' }), ssh);
    expect(e.code).toBe('ENGINE_AUTH');
    expect(e.message).toBe('SSH authentication failed for ops@h1:22: the server did not accept this key');
  });
  it('tells plain TCP users that the port wants TLS', () => {
    const e = describeEngineError(
      err({ statusCode: 400, message: '(HTTP code 400) unexpected - Client sent an HTTP request to an HTTPS server.' }),
      tcp,
    );
    expect(e.code).toBe('ENGINE_TLS');
    expect(e.message).toContain('expects TLS');
  });
  it("keeps an engine refusal's status and words", () => {
    const e = describeEngineError(err({ statusCode: 409, json: { message: 'Container abc is not running' } }), sock);
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.status).toBe(409);
    expect(e.message).toBe('Container abc is not running');
  });
});
