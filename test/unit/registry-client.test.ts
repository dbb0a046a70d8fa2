import { describe, expect, it } from 'vitest';
import { manifestQuerySchema, repositoriesQuerySchema, tagDetailsQuerySchema, tagsQuerySchema } from '@/server/contracts/registry-browse';
import { isLoopback, nextLink, parseChallenge } from '@/server/registry/client';
import { engineRegistryConfig, inCidr, isInsecureRegistry } from '@/server/registry/engine-config';

describe('parseChallenge', () => {
  it('reads Bearer with quoted params (commas and escaped quotes inside), any case, any spacing', () => {
    expect(
      parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:a/b:pull,push"'),
    ).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:a/b:pull,push' },
    });
    expect(parseChallenge('  BEARER  Realm = "http://x/token" , Service=reg ')).toEqual({
      scheme: 'bearer',
      params: { realm: 'http://x/token', service: 'reg' },
    });
    expect(parseChallenge('Bearer realm="a\\"b"')?.params.realm).toBe('a\\"b');
  });

  it('reads Basic with or without a realm; other schemes, empty and missing headers are null', () => {
    expect(parseChallenge('Basic realm="wharf-registry"')).toEqual({ scheme: 'basic', params: { realm: 'wharf-registry' } });
    expect(parseChallenge('basic')).toEqual({ scheme: 'basic', params: {} });
    expect(parseChallenge('Negotiate abc')).toBeNull();
    expect(parseChallenge('')).toBeNull();
    expect(parseChallenge(null)).toBeNull();
  });
});

describe('nextLink', () => {
  it('takes the path and query of rel="next", relative or absolute, quoted or not', () => {
    expect(nextLink('</v2/_catalog?last=b&n=2>; rel="next"')).toBe('/v2/_catalog?last=b&n=2');
    expect(nextLink('<https://reg.example.com/v2/x/tags/list?n=50&last=1.0>; rel=next')).toBe('/v2/x/tags/list?n=50&last=1.0');
    expect(nextLink('</v2/_catalog?last=a%2Fb&n=2>;rel="next"')).toBe('/v2/_catalog?last=a%2Fb&n=2');
  });

  it('is null without a next relation or without a header', () => {
    expect(nextLink('</v2/_catalog?last=b&n=2>; rel="prev"')).toBeNull();
    expect(nextLink('')).toBeNull();
    expect(nextLink(null)).toBeNull();
    expect(nextLink('garbage')).toBeNull();
  });
});

describe('which registries Wharf may reach over HTTP', () => {
  const info = {
    RegistryConfig: {
      InsecureRegistryCIDRs: ['127.0.0.0/8', '10.20.0.0/16'],
      IndexConfigs: {
        'docker.io': { Name: 'docker.io', Mirrors: ['https://mirror.example.com/'], Secure: true, Official: true },
        'registry.lan:5000': { Name: 'registry.lan:5000', Mirrors: [], Secure: false, Official: false },
      },
      Mirrors: ['https://mirror.example.com/'],
    },
  };
  const engines = [engineRegistryConfig({ id: 'h1', name: 'main', status: 'online', rawInfo: info })];

  it("an engine's mirrors (once each) and insecure registries are read from docker info", () => {
    expect(engines[0]).toEqual({
      hostId: 'h1',
      hostName: 'main',
      online: true,
      mirrors: ['https://mirror.example.com'],
      insecureRegistries: ['registry.lan:5000'],
      insecureCidrs: ['127.0.0.0/8', '10.20.0.0/16'],
    });
    expect(engineRegistryConfig({ id: 'h2', name: 'off', status: 'offline', rawInfo: null })).toMatchObject({
      online: false,
      mirrors: [],
      insecureRegistries: [],
      insecureCidrs: [],
    });
  });

  it('loopback, listed names and addresses in an insecure CIDR: yes; others and Docker Hub: no', () => {
    expect(isInsecureRegistry('127.0.0.1:5001', [])).toBe(true);
    expect(isInsecureRegistry('localhost:5000', [])).toBe(true);
    expect(isInsecureRegistry('[::1]:5000', [])).toBe(true);
    expect(isInsecureRegistry('registry.lan:5000', engines)).toBe(true);
    expect(isInsecureRegistry('10.20.3.4:5000', engines)).toBe(true);
    expect(isInsecureRegistry('10.21.3.4:5000', engines)).toBe(false);
    expect(isInsecureRegistry('registry.lan:5001', engines)).toBe(false);
    expect(isInsecureRegistry('docker.io', engines)).toBe(false);
    expect(isLoopback('127.0.0.1.example.com')).toBe(false);
  });

  it('CIDR edges: /0, /32, bad input', () => {
    expect(inCidr('8.8.8.8', '0.0.0.0/0')).toBe(true);
    expect(inCidr('10.0.0.1', '10.0.0.1/32')).toBe(true);
    expect(inCidr('10.0.0.2', '10.0.0.1/32')).toBe(false);
    expect(inCidr('10.0.0.256', '10.0.0.0/8')).toBe(false);
    expect(inCidr('registry.lan', '10.0.0.0/8')).toBe(false);
    expect(inCidr('10.0.0.1', '10.0.0.0/33')).toBe(false);
  });
});

describe('browse parameters', () => {
  it('repository names, tags and digests are checked before any registry is asked', () => {
    expect(tagsQuerySchema.parse({ repo: 'team/app' })).toEqual({ repo: 'team/app', n: 50 });
    expect(tagsQuerySchema.safeParse({ repo: 'Team/App' }).success).toBe(false);
    expect(tagsQuerySchema.safeParse({ repo: 'a/../b' }).success).toBe(false);
    expect(tagsQuerySchema.safeParse({ repo: 'a', cursor: '../x' }).success).toBe(false);
    expect(repositoriesQuerySchema.parse({ n: '2', last: 'wharf-test/web' })).toEqual({ n: 2, last: 'wharf-test/web' });
    expect(repositoriesQuerySchema.safeParse({ n: '0' }).success).toBe(false);
    expect(repositoriesQuerySchema.safeParse({ n: '1000' }).success).toBe(false);
    expect(manifestQuerySchema.safeParse({ repo: 'a', ref: 'sha256:' + 'a'.repeat(64) }).success).toBe(true);
    expect(manifestQuerySchema.safeParse({ repo: 'a', ref: '1.0' }).success).toBe(true);
    expect(manifestQuerySchema.safeParse({ repo: 'a', ref: '.hidden' }).success).toBe(false);
    expect(tagDetailsQuerySchema.safeParse({ repo: 'a', tags: [] }).success).toBe(false);
    expect(tagDetailsQuerySchema.safeParse({ repo: 'a', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }).success).toBe(false);
  });
});
