import { describe, expect, it } from 'vitest';
import { containerActionSchema, containerRefSchema } from '@/server/contracts/container-actions';
import { createContainerSchema } from '@/server/contracts/container-create';
import { execOpenSchema } from '@/server/contracts/exec';
import { isImageRef, isIP, isIPv6, isObjectRef, isSignal } from '@/server/contracts/refs';
import { GuardedDocker } from '@/server/engines/guarded-docker';

describe('engine object grammar', () => {
  it('takes ids and names the engine takes, and nothing that could reshape a path', () => {
    for (const ok of ['web', 'web-1', 'a.b_c', 'abc123', 'f'.repeat(64), 'A1']) expect(isObjectRef(ok), ok).toBe(true);
    for (const bad of [
      '.',
      '..',
      '../x',
      'a/b',
      'a?b',
      'a#b',
      'a b',
      'a\u0000',
      'a\r\nb',
      '😀',
      '-x',
      '_x',
      '',
      'x'.repeat(300),
      '%2e%2e',
    ]) {
      expect(isObjectRef(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('follows the distribution reference grammar for images', () => {
    for (const ok of [
      'nginx',
      'nginx:1.27',
      'library/nginx:latest',
      '127.0.0.1:5000/team/app:1.2',
      'localhost:5000/a/b',
      'repo@sha256:' + 'a'.repeat(64),
      'sha256:' + 'b'.repeat(64),
      'abc123',
      'wharf-test/busybox:latest',
      '[::1]:5000/x:y',
    ]) {
      expect(isImageRef(ok), ok).toBe(true);
    }
    for (const bad of ['..', '../x', 'UPPER/case', 'a b', 'a//b', 'a:b:c', 'x?y', 'x#y', 'nginx:', ':tag', 'a\u0000', 'x/../y'])
      expect(isImageRef(bad), bad).toBe(false);
  });

  it('knows IP addresses and signals', () => {
    for (const ok of ['127.0.0.1', '0.0.0.0', '::', '::1', 'fe80::1', '2001:db8::8a2e:370:7334', '::ffff:10.0.0.1', '1:2:3:4:5:6:7:8'])
      expect(isIP(ok), ok).toBe(true);
    for (const bad of [':::::', '999.1.1.1', '1.2.3', '1:2:3:4:5:6:7:8:9', '1::2::3', 'g::1', '01.2.3.4.5', ''])
      expect(isIP(bad), bad).toBe(false);
    expect(isIPv6('::ffff:999.0.0.1')).toBe(false);
    for (const ok of ['SIGTERM', 'TERM', 'kill', '9', '64', 'SIGRTMIN+3']) expect(isSignal(ok), ok).toBe(true);
    for (const bad of ['99999', '0', '65', 'SIGNOPE', 'TERM; ls', '']) expect(isSignal(bad), bad).toBe(false);
  });
});

describe('contracts refuse what the engine would misread', () => {
  it('container refs, kill signals', () => {
    expect(containerRefSchema.safeParse({ hostId: 'abc123def456', id: '..' }).success).toBe(false);
    expect(containerRefSchema.safeParse({ hostId: '../x', id: 'web' }).success).toBe(false);
    expect(containerRefSchema.parse({ hostId: 'abc123def456', id: '/web' }).id).toBe('web');
    expect(containerActionSchema.safeParse({ action: 'kill', signal: '99999' }).success).toBe(false);
    expect(containerActionSchema.safeParse({ action: 'kill', signal: 'SIGHUP' }).success).toBe(true);
  });

  it('create: host IPs, env keys, bind sources', () => {
    const base = { image: 'busybox' };
    const fails = (over: Record<string, unknown>) => createContainerSchema.safeParse({ ...base, ...over }).success === false;
    expect(fails({ ports: [{ hostIp: ':::::', containerPort: 80 }] })).toBe(true);
    expect(fails({ ports: [{ hostIp: '999.1.1.1', containerPort: 80 }] })).toBe(true);
    expect(fails({ ports: [{ hostIp: '127.0.0.1', containerPort: 80 }] })).toBe(false);
    expect(fails({ env: [{ key: 'A=B', value: '1' }] })).toBe(true);
    expect(fails({ env: [{ key: 'A\nB', value: '1' }] })).toBe(true);
    expect(fails({ env: [{ key: 'A\u0000', value: '1' }] })).toBe(true);
    expect(fails({ env: [{ key: 'A', value: 'x\u0000' }] })).toBe(true);
    expect(fails({ env: [{ key: 'A', value: 'has = and spaces' }] })).toBe(false);
    expect(fails({ volumes: [{ type: 'bind', source: '/a:b', target: '/x' }] })).toBe(true);
    expect(fails({ volumes: [{ type: 'bind', source: '/srv/data', target: '/x:y' }] })).toBe(true);
    expect(fails({ image: 'Bad Image' })).toBe(true);
  });

  it('exec: env entries and users', () => {
    const base = { hostId: 'abc123def456', id: 'web' };
    expect(execOpenSchema.safeParse({ ...base, env: ['A\nB=1'] }).success).toBe(false);
    expect(execOpenSchema.safeParse({ ...base, env: ['=1'] }).success).toBe(false);
    expect(execOpenSchema.safeParse({ ...base, env: ['A=1=2'] }).success).toBe(true);
    expect(execOpenSchema.safeParse({ ...base, user: 'root;id' }).success).toBe(false);
    expect(execOpenSchema.safeParse({ ...base, user: '1000:1000' }).success).toBe(true);
  });
});

describe('the guarded client', () => {
  it('refuses a reference outside the grammar before dockerode builds a path', () => {
    const docker = new GuardedDocker({ socketPath: '/nonexistent.sock' });
    expect(() => docker.getContainer('../../127.0.0.1:8089/x')).toThrow(/Not a valid container reference/);
    expect(() => docker.getContainer('C/json?')).toThrow(/Not a valid container reference/);
    expect(() => docker.getImage('x/../../y')).toThrow(/Not a valid image reference/);
    expect(() => docker.getVolume('..')).toThrow(/Not a valid volume reference/);
    expect(() => docker.getExec('abc')).toThrow(/Not a valid exec reference/);
    expect(docker.getContainer('/web').id).toBe('web');
  });
});
