import { maskInstruction } from './image-model';
import {
  CONTAINER_STATES,
  type ContainerDetail,
  type ContainerState,
  type ContainerSummary,
  type PortMapping,
} from '../contracts/containers';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const asState = (v: unknown): ContainerState => ((CONTAINER_STATES as readonly unknown[]).includes(v) ? (v as ContainerState) : 'dead');
const isoOrNull = (v: unknown): string | null => {
  const s = str(v);
  return s && !s.startsWith('0001-01-01') ? s : null;
};
const labelsOf = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries(obj(v)).map(([k, val]) => [k, str(val)]));
const proto = (p: unknown): PortMapping['protocol'] => (p === 'udp' || p === 'sctp' ? p : 'tcp');

/** One row of `GET /containers/json`. */
export function fromListItem(hostId: string, c: Json): ContainerSummary {
  const labels = labelsOf(c.Labels);
  const names = Array.isArray(c.Names) ? (c.Names as string[]) : [];
  const ports: PortMapping[] = (Array.isArray(c.Ports) ? c.Ports : []).map((p: Json) => ({
    containerPort: Number(p.PrivatePort),
    protocol: proto(p.Type),
    hostIp: str(p.IP) || null,
    hostPort: typeof p.PublicPort === 'number' ? p.PublicPort : null,
  }));
  const status = str(c.Status);
  const exit = /^Exited \((-?\d+)\)/.exec(status);
  return {
    id: str(c.Id),
    hostId,
    name: (names[0] ?? '').replace(/^\//, ''),
    image: str(c.Image),
    imageId: str(c.ImageID),
    // The list goes to every reader: secret-looking `KEY=value` arguments are masked here as in the detail.
    command: maskInstruction(str(c.Command)),
    created: new Date(Number(c.Created) * 1000).toISOString(),
    state: asState(c.State),
    status,
    exitCode: exit ? Number(exit[1]) : null,
    startedAt: null,
    finishedAt: null,
    health: /\((healthy|unhealthy|health: starting)\)/.exec(status)?.[1] ?? null,
    ports,
    labels,
    composeProject: labels['com.docker.compose.project'] ?? null,
  };
}

/** `GET /containers/{id}/json`, which events make us fetch. */
export function fromInspect(hostId: string, c: Json): ContainerSummary {
  const state = obj(c.State);
  const config = obj(c.Config);
  const labels = labelsOf(config.Labels);
  const portMap = obj(obj(c.NetworkSettings).Ports);
  const ports: PortMapping[] = [];
  for (const [key, bindings] of Object.entries(portMap)) {
    const [port, protocol] = key.split('/');
    const list = Array.isArray(bindings) ? (bindings as Json[]) : [];
    if (list.length === 0) ports.push({ containerPort: Number(port), protocol: proto(protocol), hostIp: null, hostPort: null });
    for (const b of list) {
      ports.push({
        containerPort: Number(port),
        protocol: proto(protocol),
        hostIp: str(b.HostIp) || null,
        hostPort: Number(b.HostPort) || null,
      });
    }
  }
  const st = asState(state.Status);
  const bindings: PortMapping[] = [];
  if (st !== 'running' && st !== 'paused' && st !== 'restarting') {
    for (const [key, list] of Object.entries(obj(obj(c.HostConfig).PortBindings))) {
      const [port, protocol] = key.split('/');
      for (const b of Array.isArray(list) ? (list as Json[]) : []) {
        const hostPort = Number(b.HostPort) || null;
        if (hostPort) bindings.push({ containerPort: Number(port), protocol: proto(protocol), hostIp: str(b.HostIp) || null, hostPort });
      }
    }
  }
  const cmd = [...(Array.isArray(c.Path) ? [] : [str(c.Path)]), ...(Array.isArray(c.Args) ? (c.Args as string[]) : [])].filter(Boolean);
  return {
    id: str(c.Id),
    hostId,
    name: str(c.Name).replace(/^\//, ''),
    image: str(config.Image),
    imageId: str(c.Image),
    command: cmd.join(' '),
    created: str(c.Created),
    state: st,
    status: st,
    exitCode: typeof state.ExitCode === 'number' && (st === 'exited' || st === 'dead') ? state.ExitCode : null,
    startedAt: isoOrNull(state.StartedAt),
    finishedAt: isoOrNull(state.FinishedAt),
    health: str(obj(state.Health).Status) || null,
    ports,
    ...(bindings.length ? { bindings } : {}),
    labels,
    composeProject: labels['com.docker.compose.project'] ?? null,
  };
}

/** The container page's reshaped inspect (the raw one rides along for the JSON tab). */
export function toContainerDetail(hostId: string, hostName: string, raw: Json): ContainerDetail {
  const base = fromInspect(hostId, raw);
  const config = obj(raw.Config);
  const hostConfig = obj(raw.HostConfig);
  const state = obj(raw.State);
  const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x)) : typeof v === 'string' && v ? [v] : []);
  const networks = Object.entries(obj(obj(raw.NetworkSettings).Networks)).map(([name, n]) => {
    const net = obj(n);
    return {
      name,
      ipAddress: str(net.IPAddress) || null,
      gateway: str(net.Gateway) || null,
      macAddress: str(net.MacAddress) || null,
      aliases: strs(net.Aliases),
    };
  });
  const mounts = (Array.isArray(raw.Mounts) ? (raw.Mounts as Json[]) : []).map((m) => ({
    type: str(m.Type),
    source: str(m.Source),
    destination: str(m.Destination),
    name: str(m.Name) || null,
    mode: str(m.Mode),
    rw: m.RW !== false,
  }));
  const policy = obj(hostConfig.RestartPolicy);
  return {
    ...base,
    hostName,
    entrypoint: strs(config.Entrypoint),
    cmd: strs(config.Cmd),
    env: strs(config.Env),
    mounts,
    networks,
    restartCount: typeof raw.RestartCount === 'number' ? raw.RestartCount : 0,
    restartPolicy: { name: str(policy.Name) || 'no', maximumRetryCount: Number(policy.MaximumRetryCount) || 0 },
    hostname: str(config.Hostname),
    user: str(config.User),
    workingDir: str(config.WorkingDir),
    tty: config.Tty === true,
    openStdin: config.OpenStdin === true,
    init: hostConfig.Init === true,
    memoryLimit: Number(hostConfig.Memory) || 0,
    nanoCpus: Number(hostConfig.NanoCpus) || 0,
    oomKilled: state.OOMKilled === true,
    error: str(state.Error) || null,
    raw,
  };
}
