import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineInputSchema, type EngineInput } from '@/server/contracts/engines';
import { connectionView, mergeSecrets, missingSecrets, splitSpec } from '@/server/engines/spec';
import { originAllowed } from '@/server/http/origin';
import { localEngineSpec } from '@/server/services/default-engine';
import { SecretBox } from '@/server/store/secrets';

describe('SecretBox', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-box-'));
  const box = SecretBox.open(dir);

  it('round-trips and keeps the key file private', () => {
    const sealed = box.seal('-----BEGIN KEY-----');
    expect(sealed).not.toContain('BEGIN');
    expect(box.open(sealed)).toBe('-----BEGIN KEY-----');
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(SecretBox.open(dir).open(sealed)).toBe('-----BEGIN KEY-----');
  });

  it('refuses tampered data', () => {
    const parts = box.seal('secret').split('.');
    parts[3] = Buffer.from('other!').toString('base64');
    expect(() => box.open(parts.join('.'))).toThrow();
  });
});

describe('engine specs', () => {
  const tls: EngineInput = { kind: 'tls', name: 't', host: 'h', port: 2376, ca: 'CA', cert: 'CERT', key: 'KEY' };

  it('keeps secrets out of the stored config and the browser view', () => {
    const { config, secrets } = splitSpec(tls);
    expect(JSON.stringify(config)).not.toMatch(/CA|CERT|KEY/);
    expect(secrets).toEqual({ ca: 'CA', cert: 'CERT', key: 'KEY' });
    expect(connectionView(tls)).toEqual({ kind: 'tls', host: 'h', port: 2376, hasCa: true, hasCert: true, hasKey: true });
  });

  it('keeps stored secrets when an edit leaves them blank', () => {
    const edited = mergeSecrets({ ...tls, name: 't2', ca: '', cert: '', key: 'NEWKEY' }, tls);
    expect(edited).toMatchObject({ name: 't2', ca: 'CA', cert: 'CERT', key: 'NEWKEY' });
    expect(missingSecrets({ ...tls, key: '' })).toEqual({ 'engine.key': 'Client key is required' });
  });

  it('validates forms with words a user can act on', () => {
    const bad = engineInputSchema.safeParse({ kind: 'tcp', name: '', host: 'a b', port: 70000 });
    expect(bad.success).toBe(false);
    const msgs = bad.error!.issues.map((i) => i.message);
    expect(msgs).toContain('Name is required');
    expect(msgs).toContain('Host must be a hostname or an IP address');
    expect(msgs).toContain('Port must be between 1 and 65535');
    const notPem = engineInputSchema.safeParse({ ...tls, ca: 'hello' });
    expect(notPem.error?.issues[0]?.message).toBe('CA certificate must be PEM text (-----BEGIN …)');
    const relative = engineInputSchema.safeParse({ kind: 'socket', name: 'x', socketPath: 'docker.sock' });
    expect(relative.error?.issues[0]?.message).toContain('absolute');
  });

  it('reads DOCKER_HOST', () => {
    expect(localEngineSpec(undefined)).toEqual({ kind: 'socket', name: 'local', socketPath: '/var/run/docker.sock' });
    expect(localEngineSpec('unix:///run/user/1000/docker.sock')).toMatchObject({ socketPath: '/run/user/1000/docker.sock' });
    expect(localEngineSpec('tcp://10.1.2.3:2375')).toMatchObject({ kind: 'tcp', host: '10.1.2.3', port: 2375 });
    expect(localEngineSpec('npipe:////./pipe/docker_engine')).toBeNull();
  });
});

describe('originAllowed', () => {
  it('accepts same-origin and no-origin, refuses others', () => {
    expect(originAllowed('http://localhost:3000', 'localhost:3000', [])).toBe(true);
    expect(originAllowed(undefined, 'localhost:3000', [])).toBe(true);
    expect(originAllowed('http://evil.test', 'localhost:3000', [])).toBe(false);
    expect(originAllowed('https://wharf.corp', 'internal:3000', ['https://wharf.corp'])).toBe(true);
    expect(originAllowed('not a url', 'localhost:3000', [])).toBe(false);
  });
});
