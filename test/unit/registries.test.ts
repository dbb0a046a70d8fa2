import { describe, expect, it } from 'vitest';
import { pullRequestSchema, pushRequestSchema } from '@/server/contracts/image-transfer';
import { normalizeRegistryAddress, registryInputSchema } from '@/server/contracts/registries';

describe('registry addresses', () => {
  it('are read as image names start: scheme, API path and case dropped, Docker Hub aliases made docker.io', () => {
    expect(normalizeRegistryAddress('127.0.0.1:5001')).toBe('127.0.0.1:5001');
    expect(normalizeRegistryAddress('  http://127.0.0.1:5001/ ')).toBe('127.0.0.1:5001');
    expect(normalizeRegistryAddress('https://Registry.Example.com/v2/')).toBe('registry.example.com');
    expect(normalizeRegistryAddress('https://index.docker.io/v1/')).toBe('docker.io');
    expect(normalizeRegistryAddress('registry-1.docker.io')).toBe('docker.io');
    expect(normalizeRegistryAddress('[::1]:5000')).toBe('[::1]:5000');
    for (const bad of ['', 'registry.example.com/team', 'a b', 'https://', 'host:port'])
      expect(normalizeRegistryAddress(bad), bad).toBeNull();
  });

  it('the form is validated with words, and the address stored normalised', () => {
    expect(registryInputSchema.parse({ name: ' Hub ', address: 'https://index.docker.io/v1/', username: 'me', password: 'x' })).toEqual({
      name: 'Hub',
      address: 'docker.io',
      username: 'me',
      password: 'x',
    });
    const bad = registryInputSchema.safeParse({ name: '', address: 'not a host', password: 'a\u0000b' });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'name: Name is required',
        'address: Address is a registry host, optionally with a port (e.g. registry.example.com:5000)',
        'password: Password cannot hold control characters',
      ]),
    );
  });
});

describe('pull and push requests', () => {
  it('take references as the CLI does and refuse what is not one', () => {
    expect(pullRequestSchema.parse({ ref: ' busybox ' })).toEqual({ ref: 'busybox' });
    expect(pullRequestSchema.safeParse({ ref: 'Busy Box' }).success).toBe(false);
    expect(pullRequestSchema.safeParse({ ref: '' }).error!.issues[0]!.message).toBe('Enter an image reference');
    expect(pushRequestSchema.parse({ image: 'sha256:4cdd41c124cb', as: '' })).toEqual({ image: 'sha256:4cdd41c124cb', as: undefined });
    expect(pushRequestSchema.safeParse({ image: 'web:1', as: 'reg:5000/web@sha256:' + 'a'.repeat(64) }).error!.issues[0]!.message).toBe(
      'A push names a tag, not a digest',
    );
  });
});
