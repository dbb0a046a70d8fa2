import type { ComponentVersion, EngineCounts, HostInfo } from '../contracts/engines';

type Json = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

function component(version: Json, name: string, commitFromInfo: unknown): ComponentVersion {
  const c = arr(version.Components)
    .map(obj)
    .find((x) => str(x.Name).toLowerCase() === name);
  const details = obj(c?.Details);
  return {
    version: strOrNull(c?.Version),
    commit: strOrNull(details.GitCommit) ?? strOrNull(obj(commitFromInfo).ID),
  };
}

/** Reshapes `docker info` + `docker version` into the host facts Wharf shows. */
export function toHostInfo(info: Json, version: Json, negotiatedApiVersion: string): HostInfo {
  const registry = obj(info.RegistryConfig);
  const indexConfigs = Object.values(obj(registry.IndexConfigs)).map(obj);
  const insecure = [
    ...arr(registry.InsecureRegistryCIDRs).map(str),
    ...indexConfigs.filter((c) => c.Secure === false).map((c) => str(c.Name)),
  ];
  const driverStatus = arr(info.DriverStatus).map((p) => arr(p).map(str));
  const backing = driverStatus.find((p) => p[0] === 'Backing Filesystem')?.[1] ?? null;
  return {
    hostname: str(info.Name),
    dockerVersion: str(info.ServerVersion) || str(version.Version),
    apiVersion: str(version.ApiVersion),
    minApiVersion: strOrNull(version.MinAPIVersion),
    negotiatedApiVersion,
    os: str(info.OperatingSystem),
    osType: str(info.OSType),
    kernel: str(info.KernelVersion),
    architecture: str(info.Architecture),
    cpus: num(info.NCPU),
    memoryBytes: num(info.MemTotal),
    storageDriver: str(info.Driver),
    backingFilesystem: backing,
    loggingDriver: str(info.LoggingDriver),
    cgroupDriver: str(info.CgroupDriver),
    cgroupVersion: strOrNull(info.CgroupVersion),
    defaultRuntime: str(info.DefaultRuntime),
    runtimes: Object.keys(obj(info.Runtimes)).sort(),
    containerd: component(version, 'containerd', info.ContainerdCommit),
    runc: component(version, 'runc', info.RuncCommit),
    init: component(version, 'docker-init', info.InitCommit),
    registryMirrors: arr(registry.Mirrors).map(str),
    insecureRegistries: [...new Set(insecure)],
    dockerRootDir: strOrNull(info.DockerRootDir),
    securityOptions: arr(info.SecurityOptions).map(str),
    experimental: info.ExperimentalBuild === true,
    liveRestore: info.LiveRestoreEnabled === true,
  };
}

/** The engine's container states, folded into the ones users count. */
export function countStates(states: Iterable<string>, images: number, imageTags: number | null = null): EngineCounts {
  const c: EngineCounts = { running: 0, paused: 0, stopped: 0, created: 0, other: 0, total: 0, images, imageTags };
  for (const s of states) {
    c.total++;
    if (s === 'running') c.running++;
    else if (s === 'paused') c.paused++;
    else if (s === 'exited') c.stopped++;
    else if (s === 'created') c.created++;
    else c.other++;
  }
  return c;
}
