import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countStates, toHostInfo } from '@/server/engines/mappers';
import { readJsonFile } from '@/server/json';

const fixture = (name: string) => readJsonFile<Record<string, unknown>>(path.join(import.meta.dirname, '../fixtures', name));

describe('toHostInfo', () => {
  const info = fixture('docker-info.json');
  const version = fixture('docker-version.json');
  const host = toHostInfo(info, version, '1.41');

  it('reads the engine architecture users expect from docker info / docker version', () => {
    expect(host.dockerVersion).toBe(info.ServerVersion);
    expect(host.apiVersion).toBe(version.ApiVersion);
    expect(host.minApiVersion).toBe(version.MinAPIVersion);
    expect(host.containerd.version).toMatch(/\d+\.\d+/);
    expect(host.runc.version).toMatch(/\d+\.\d+/);
    expect(host.init.version).toMatch(/\d+\.\d+/);
    expect(host.cpus).toBe(info.NCPU);
    expect(host.memoryBytes).toBe(info.MemTotal);
    expect(host.storageDriver).toBe(info.Driver);
    expect(host.cgroupDriver).toBe(info.CgroupDriver);
    expect(host.runtimes).toContain('runc');
  });

  it('lists insecure registries from CIDRs and non-secure index configs', () => {
    const h = toHostInfo(
      {
        RegistryConfig: {
          InsecureRegistryCIDRs: ['127.0.0.0/8'],
          IndexConfigs: { 'docker.io': { Name: 'docker.io', Secure: true }, 'reg.lan:5000': { Name: 'reg.lan:5000', Secure: false } },
          Mirrors: ['https://mirror.example'],
        },
        DriverStatus: [['Backing Filesystem', 'xfs']],
      },
      {},
      '1.41',
    );
    expect(h.insecureRegistries).toEqual(['127.0.0.0/8', 'reg.lan:5000']);
    expect(h.registryMirrors).toEqual(['https://mirror.example']);
    expect(h.backingFilesystem).toBe('xfs');
  });

  it('survives an engine that omits fields', () => {
    const h = toHostInfo({}, {}, '1.24');
    expect(h.cpus).toBe(0);
    expect(h.containerd).toEqual({ version: null, commit: null });
  });
});

describe('countStates', () => {
  it('folds engine states into running / paused / stopped / created', () => {
    expect(countStates(['running', 'running', 'paused', 'exited', 'created', 'dead', 'restarting'], 7, 9)).toEqual({
      running: 2,
      paused: 1,
      stopped: 1,
      created: 1,
      other: 2,
      total: 7,
      images: 7,
      imageTags: 9,
    });
  });
});
