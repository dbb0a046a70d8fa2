import type Docker from 'dockerode';
import {
  createContainerSchema,
  findPortConflicts,
  type CreateContainerSpec,
  type CreateResult,
  type PullProgress,
  type RecreateStep,
} from '../contracts/container-create';
import type { EngineHub } from '../engines/hub';
import { pullImage, TransferError, withDefaultTag, type TransferOptions } from '../engines/pull';
import { AppError, ValidationError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import { audited, diffChanges, onHost, type Actor } from './audit';
import { authorize } from './authorize';
import { restoreMasked } from './container-secrets';
import { authForImage } from './registry-auth';
import { engineFailure, onlineEngine, resolveContainer } from '../engines/access';

type Json = Record<string, unknown>;

/** The engine's create body for a form. */
export function toCreateBody(spec: CreateContainerSpec): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const p of spec.ports) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.hostIp, HostPort: p.hostPort ? String(p.hostPort) : '' });
  }
  const policy = spec.restartPolicy === 'no' ? '' : spec.restartPolicy;
  const hc = spec.healthcheck;
  const ns = (s: number) => Math.round(s * 1e9);
  return {
    ...(spec.name ? { name: spec.name } : {}),
    Image: spec.image,
    ...(spec.cmd.length ? { Cmd: spec.cmd } : {}),
    ...(spec.entrypoint.length ? { Entrypoint: spec.entrypoint } : {}),
    Env: spec.env.map((e) => `${e.key}=${e.value}`),
    Labels: Object.fromEntries(spec.labels.map((l) => [l.key, l.value])),
    Tty: spec.tty,
    OpenStdin: spec.openStdin,
    AttachStdin: false,
    StdinOnce: false,
    ...(spec.hostname ? { Hostname: spec.hostname } : {}),
    ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    ...(spec.user ? { User: spec.user } : {}),
    ...(hc.mode === 'none' ? { Healthcheck: { Test: ['NONE'] } } : {}),
    ...(hc.mode === 'cmd'
      ? {
          Healthcheck: {
            Test: ['CMD-SHELL', hc.cmd],
            Interval: ns(hc.intervalS),
            Timeout: ns(hc.timeoutS),
            StartPeriod: ns(hc.startPeriodS),
            Retries: hc.retries,
          },
        }
      : {}),
    ...(spec.stopTimeout !== null ? { StopTimeout: spec.stopTimeout } : {}),
    ExposedPorts: exposed,
    HostConfig: {
      PortBindings: bindings,
      // Binds, like `docker run -v`: host paths are created if missing, names become volumes.
      Binds: spec.volumes.map((v) => `${v.source}:${v.target}${v.readOnly ? ':ro' : ''}`),
      ...(spec.network ? { NetworkMode: spec.network } : {}),
      RestartPolicy: { Name: policy, MaximumRetryCount: spec.restartPolicy === 'on-failure' ? spec.maxRetries : 0 },
      Memory: Math.round(spec.memoryMb * 1024 * 1024),
      NanoCpus: Math.round(spec.cpus * 1e9),
      ...(spec.init ? { Init: true } : {}),
      ...(spec.capAdd.length ? { CapAdd: spec.capAdd } : {}),
      ...(spec.capDrop.length ? { CapDrop: spec.capDrop } : {}),
      ...(spec.logDriver || spec.logOpts.length
        ? { LogConfig: { Type: spec.logDriver, Config: Object.fromEntries(spec.logOpts.map((o) => [o.key, o.value])) } }
        : {}),
      ...(spec.devices.length
        ? {
            Devices: spec.devices.map((d) => ({
              PathOnHost: d.hostPath,
              PathInContainer: d.containerPath || d.hostPath,
              CgroupPermissions: d.permissions,
            })),
          }
        : {}),
      ...(spec.ulimits.length ? { Ulimits: spec.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })) } : {}),
      ...(spec.dns.length ? { Dns: spec.dns } : {}),
      ...(spec.extraHosts.length ? { ExtraHosts: spec.extraHosts.map((x) => `${x.host}:${x.ip}`) } : {}),
      ...(spec.securityOpt.length ? { SecurityOpt: spec.securityOpt } : {}),
      ...(spec.pid ? { PidMode: spec.pid } : {}),
      ...(spec.ipc ? { IpcMode: spec.ipc } : {}),
    },
  };
}

/** Host ports published by live containers on a host (the deploy form flags them too). */
export function usedPorts(hub: EngineHub, exceptId?: string) {
  const used: Array<{ hostIp: string | null; hostPort: number | null; protocol: string; usedBy: string }> = [];
  for (const c of hub.containers.values()) {
    if (c.id === exceptId || !['running', 'paused', 'restarting'].includes(c.state)) continue;
    for (const p of c.ports) if (p.hostPort) used.push({ hostIp: p.hostIp, hostPort: p.hostPort, protocol: p.protocol, usedBy: c.name });
  }
  return used;
}

function parseSpec(input: unknown): CreateContainerSpec {
  const parsed = createContainerSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  return parsed.data;
}

function assertNoPortConflicts(hub: EngineHub, spec: CreateContainerSpec, exceptId?: string): void {
  const conflicts = findPortConflicts(spec.ports, usedPorts(hub, exceptId));
  if (!conflicts.length) return;
  const fields: Record<string, string> = {};
  for (const c of conflicts) fields[`ports.${c.index}.hostPort`] = `Port ${c.hostPort}/${c.protocol} is already published by ${c.usedBy}`;
  throw new ValidationError(Object.values(fields)[0]!, fields);
}

/** A name already taken on the host, said like a taken port: by name, state and image, not a 64-char id. */
function assertNameFree(hub: EngineHub, spec: CreateContainerSpec, exceptId?: string): void {
  if (!spec.name) return;
  const taken = [...hub.containers.values()].find((c) => c.id !== exceptId && c.name === spec.name);
  if (!taken) return;
  const why = `A container named ${spec.name} already exists on ${hub.name} (${taken.state}, ${taken.image})`;
  throw new AppError('CONFLICT', why, 409, { name: why });
}

/** Makes sure the engine has the image; pulls it if allowed. Returns whether it pulled. */
async function ensureImage(
  docker: Docker,
  spec: CreateContainerSpec,
  onProgress?: (p: PullProgress) => void,
  auth?: TransferOptions['authconfig'],
): Promise<boolean> {
  const present = await docker
    .getImage(spec.image)
    .inspect()
    .then(() => true)
    .catch((err: { statusCode?: number }) => {
      if (err?.statusCode === 404) return false;
      throw engineFailure(err, `Image ${spec.image}`);
    });
  if (present && spec.pull !== 'always') return false;
  if (!present && spec.pull === 'never')
    throw new ValidationError(`Image ${spec.image} is not on this engine (pulling is off)`, { image: 'Not on this engine' });
  try {
    await pullImage(docker, spec.image, onProgress, auth);
    return true;
  } catch (err) {
    // Failures come either as an HTTP refusal of the pull itself or as an errorDetail line mid-stream.
    const why = err instanceof TransferError ? err.message : engineFailure(err, 'pull').message;
    throw new AppError('ENGINE_ERROR', `Pull of ${withDefaultTag(spec.image)} failed: ${why}`, 422, { image: why });
  }
}

async function existingVolumes(docker: Docker, spec: CreateContainerSpec): Promise<Set<string>> {
  const names = spec.volumes.filter((v) => v.type === 'volume').map((v) => v.source);
  const present = new Set<string>();
  await Promise.all(
    names.map((n) =>
      docker
        .getVolume(n)
        .inspect()
        .then(() => present.add(n))
        .catch(() => undefined),
    ),
  );
  return present;
}

/**
 * Creates (and usually starts) a container. A failure at any step removes what this call made
 * (the container, its anonymous volumes, named volumes it brought into being) and says why.
 */
async function createOn(
  docker: Docker,
  spec: CreateContainerSpec,
  onCreated?: () => void,
): Promise<{ id: string; name: string; warnings: string[] }> {
  const before = await existingVolumes(docker, spec);
  let container: Docker.Container | null = null;
  const cleanup = async () => {
    if (container) await container.remove({ force: true, v: true }).catch(() => undefined);
    for (const v of spec.volumes) {
      if (v.type === 'volume' && !before.has(v.source))
        await docker
          .getVolume(v.source)
          .remove()
          .catch(() => undefined);
    }
  };
  try {
    container = await docker.createContainer(toCreateBody(spec));
    const warnings = ((container as unknown as { Warnings?: string[] }).Warnings ?? []).filter(Boolean);
    onCreated?.();
    if (spec.start) await container.start();
    const info = await container.inspect();
    return { id: info.Id, name: info.Name.replace(/^\//, ''), warnings };
  } catch (err) {
    const made = !!container;
    await cleanup();
    // Taken between our check and the engine's: said by name, without the engine's 64-char id.
    if (!made && (err as { statusCode?: number }).statusCode === 409 && spec.name) {
      const why = `A container named ${spec.name} already exists on this host`;
      throw new AppError('CONFLICT', why, 409, { name: why });
    }
    const e = engineFailure(err, spec.name || spec.image);
    const msg = made ? `${e.message} (the container was removed again)` : e.message;
    throw new AppError(e.code, `Could not ${made ? 'start' : 'create'} the container: ${msg}`, e.status === 404 ? 422 : e.status);
  }
}

export async function createContainer(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  input: unknown,
  onProgress?: (p: PullProgress) => void,
): Promise<CreateResult> {
  authorize(actor, 'containers.manage', hostId);
  const spec = parseSpec(input);
  const { hub, docker } = onlineEngine(rt, hostId);
  assertNameFree(hub, spec);
  assertNoPortConflicts(hub, spec);
  return audited(
    rt,
    actor,
    'container.create',
    `${hub.name}/${spec.name || spec.image}`,
    async () => {
      const pulled = await ensureImage(docker, spec, onProgress, authForImage(rt, spec.image) ?? undefined);
      const made = await createOn(docker, spec);
      return { hostId, id: made.id, name: made.name, started: spec.start, pulled, warnings: made.warnings };
    },
    (r) => `${r.started ? 'created and started' : 'created'} from ${spec.image}${r.pulled ? ' (pulled)' : ''}`,
  );
}

/**
 * Edit & recreate: the same name and the same volumes with new settings. The old container is
 * kept aside (stopped, renamed) until the new one runs, and put back if anything fails.
 */
export async function recreateContainer(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  id: string,
  input: unknown,
  onProgress?: (p: PullProgress) => void,
  opts: {
    /** Runs once the new container exists (and started, if asked); if it throws, the old one is put back. */
    confirm?: (newId: string) => Promise<void>;
    /** Each step as it starts and ends. */
    onStep?: (step: RecreateStep, state: 'active' | 'done' | 'skipped' | 'failed') => void;
    /** Seconds the old container gets to stop before it is killed (default 10). */
    stopTimeoutS?: number;
  } = {},
): Promise<CreateResult> {
  authorize(actor, 'containers.manage', hostId);
  const { hub, docker } = onlineEngine(rt, hostId);
  const oldId = resolveContainer(hub, id)?.id ?? id;
  const old = await docker
    .getContainer(oldId)
    .inspect()
    .catch((err) => {
      throw engineFailure(err, `Container ${id}`);
    });
  const oldName = old.Name.replace(/^\//, '');
  // Values the form got masked and left as they were keep the old container's values.
  const restored = restoreMasked(input, old.Config) as Json;
  const spec = parseSpec({ ...restored, name: restored?.name || oldName });
  assertNameFree(hub, spec, old.Id);
  assertNoPortConflicts(hub, spec, old.Id);
  const step = opts.onStep ?? (() => undefined);
  // Runs one step, saying when it starts and how it ended.
  const run = async <T>(name: RecreateStep, work: () => Promise<T>): Promise<T> => {
    step(name, 'active');
    try {
      const out = await work();
      step(name, 'done');
      return out;
    } catch (err) {
      step(name, 'failed');
      throw err;
    }
  };
  // What the edit changes, as the form saw the container before (environment values masked).
  const before = await containerSpec(rt, actor, hostId, old.Id).catch(() => null);
  const changes = before ? diffChanges(before as unknown as Json, spec as unknown as Json) : undefined;
  return audited(rt, actor, 'container.recreate', onHost(hub, 'container', oldName, changes), async () => {
    step('pull', 'active');
    let pulled: boolean;
    try {
      pulled = await ensureImage(docker, spec, onProgress, authForImage(rt, spec.image) ?? undefined);
    } catch (err) {
      step('pull', 'failed');
      throw err;
    }
    step('pull', pulled ? 'done' : 'skipped');
    const oldC = docker.getContainer(old.Id);
    const wasRunning = old.State.Running;
    const aside = `${oldName}-wharf-old-${Date.now().toString(36)}`;
    if (wasRunning)
      await run('stop', () =>
        oldC.stop({ t: opts.stopTimeoutS ?? 10 }).catch((err) => {
          throw engineFailure(err, `Stop ${oldName}`);
        }),
      );
    else step('stop', 'skipped');
    const restoreOld = async () => {
      await oldC.rename({ name: oldName }).catch(() => undefined);
      if (wasRunning) await oldC.start().catch(() => undefined);
    };
    try {
      await run('rename', () => oldC.rename({ name: aside }));
    } catch (err) {
      if (wasRunning) await oldC.start().catch(() => undefined);
      throw engineFailure(err, `Rename ${oldName}`);
    }
    let made: { id: string; name: string; warnings: string[] };
    step('create', 'active');
    let created = false;
    try {
      made = await createOn(docker, spec, () => {
        created = true;
        step('create', 'done');
        if (spec.start) step('start', 'active');
      });
      if (spec.start) step('start', 'done');
      else step('start', 'skipped');
    } catch (err) {
      step(created ? 'start' : 'create', 'failed');
      await restoreOld();
      throw err;
    }
    if (opts.confirm) {
      try {
        await opts.confirm(made.id);
      } catch (err) {
        rt.deleted.markRemoving(hostId, made.id, actor.username);
        await docker
          .getContainer(made.id)
          .remove({ force: true, v: true })
          .catch(() => rt.deleted.unmark(hostId, made.id));
        await restoreOld();
        throw err;
      }
    }
    step('remove', 'active');
    rt.deleted.markRemoving(hostId, old.Id, actor.username);
    await oldC.remove({ force: true, v: false }).then(
      () => step('remove', 'done'),
      () => {
        rt.deleted.unmark(hostId, old.Id);
        step('remove', 'failed');
      },
    );
    return { hostId, id: made.id, name: made.name, started: spec.start, pulled, warnings: made.warnings };
  });
}

/** The form values that would recreate this container: what differs from its image's defaults. */
export async function containerSpec(rt: Runtime, actor: Actor | null, hostId: string, id: string): Promise<CreateContainerSpec> {
  // The form values carry the env in clear: they are for editing, so only for those who may edit.
  authorize(actor, 'containers.manage', hostId);
  const { docker } = onlineEngine(rt, hostId);
  const raw = (await docker
    .getContainer(id)
    .inspect()
    .catch((err) => {
      throw engineFailure(err, `Container ${id}`);
    })) as unknown as Json;
  const config = (raw.Config ?? {}) as Json;
  const host = (raw.HostConfig ?? {}) as Json;
  const image =
    (
      (await docker
        .getImage(String(raw.Image))
        .inspect()
        .catch(() => ({ Config: {} }))) as unknown as { Config?: Json }
    ).Config ?? {};
  const arr = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const imageEnv = new Set(arr(image.Env));
  const imageLabels = (image.Labels ?? {}) as Record<string, string>;
  const ports: CreateContainerSpec['ports'] = [];
  for (const [key, list] of Object.entries(
    (host.PortBindings ?? {}) as Record<string, Array<{ HostIp?: string; HostPort?: string }> | null>,
  )) {
    const [port, protocol] = key.split('/');
    for (const b of list ?? []) {
      ports.push({
        hostIp: b.HostIp ?? '',
        hostPort: b.HostPort ? Number(b.HostPort) : null,
        containerPort: Number(port),
        protocol: (protocol as 'tcp') ?? 'tcp',
      });
    }
  }
  const volumes = (Array.isArray(raw.Mounts) ? (raw.Mounts as Json[]) : [])
    .filter((m) => m.Type === 'bind' || m.Type === 'volume')
    .map((m) => ({
      type: m.Type as 'bind' | 'volume',
      source: String(m.Type === 'volume' ? m.Name : m.Source),
      target: String(m.Destination),
      readOnly: m.RW === false,
    }));
  const policy = (host.RestartPolicy ?? {}) as { Name?: string; MaximumRetryCount?: number };
  const restart = (['always', 'unless-stopped', 'on-failure'] as const).find((p) => p === policy.Name) ?? 'no';
  const hostname = String(config.Hostname ?? '');
  const network = String(host.NetworkMode ?? '');
  const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
  const hc = config.Healthcheck as
    { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number } | undefined;
  const secs = (n?: number) => (n ? n / 1e9 : 0);
  const healthcheck =
    !hc?.Test?.length || same(config.Healthcheck, image.Healthcheck)
      ? { mode: 'image' as const, cmd: '', intervalS: 0, timeoutS: 0, startPeriodS: 0, retries: 0 }
      : hc.Test[0] === 'NONE'
        ? { mode: 'none' as const, cmd: '', intervalS: 0, timeoutS: 0, startPeriodS: 0, retries: 0 }
        : {
            mode: 'cmd' as const,
            // CMD form is shown as one line the shell runs the same way.
            cmd: hc.Test[0] === 'CMD' ? hc.Test.slice(1).join(' ') : (hc.Test[1] ?? ''),
            intervalS: secs(hc.Interval),
            timeoutS: secs(hc.Timeout),
            startPeriodS: secs(hc.StartPeriod),
            retries: hc.Retries ?? 0,
          };
  const log = (host.LogConfig ?? {}) as { Type?: string; Config?: Record<string, string> };
  const ipc = String(host.IpcMode ?? '');
  return {
    image: String(config.Image ?? ''),
    name: String(raw.Name ?? '').replace(/^\//, ''),
    cmd: same(config.Cmd, image.Cmd) ? [] : arr(config.Cmd),
    entrypoint: same(config.Entrypoint, image.Entrypoint) ? [] : arr(config.Entrypoint),
    env: arr(config.Env)
      .filter((e) => !imageEnv.has(e))
      .map((e) => ({ key: e.split('=')[0]!, value: e.slice(e.indexOf('=') + 1) })),
    ports,
    volumes,
    network: network === 'default' ? '' : network,
    restartPolicy: restart,
    maxRetries: policy.MaximumRetryCount ?? 0,
    memoryMb: Math.round((Number(host.Memory) || 0) / 1024 / 1024),
    cpus: (Number(host.NanoCpus) || 0) / 1e9,
    init: host.Init === true,
    labels: Object.entries((config.Labels ?? {}) as Record<string, string>)
      .filter(([k, v]) => imageLabels[k] !== v)
      .map(([key, value]) => ({ key, value })),
    tty: config.Tty === true,
    openStdin: config.OpenStdin === true,
    hostname: String(raw.Id ?? '').startsWith(hostname) ? '' : hostname,
    workingDir: config.WorkingDir === image.WorkingDir ? '' : String(config.WorkingDir ?? ''),
    user: config.User === image.User ? '' : String(config.User ?? ''),
    healthcheck,
    capAdd: list<string>(host.CapAdd),
    capDrop: list<string>(host.CapDrop),
    logDriver: String(log.Type ?? ''),
    logOpts: Object.entries(log.Config ?? {}).map(([key, value]) => ({ key, value: String(value) })),
    devices: list<{ PathOnHost: string; PathInContainer: string; CgroupPermissions: string }>(host.Devices).map((d) => ({
      hostPath: d.PathOnHost,
      containerPath: d.PathInContainer === d.PathOnHost ? '' : d.PathInContainer,
      permissions: d.CgroupPermissions || 'rwm',
    })),
    ulimits: list<{ Name: string; Soft: number; Hard: number }>(host.Ulimits).map((u) => ({ name: u.Name, soft: u.Soft, hard: u.Hard })),
    dns: list<string>(host.Dns),
    extraHosts: list<string>(host.ExtraHosts).map((x) => ({ host: x.slice(0, x.indexOf(':')), ip: x.slice(x.indexOf(':') + 1) })),
    // The engine adds label=disable itself to a container sharing the host's PID or IPC namespace.
    securityOpt: list<string>(host.SecurityOpt).filter((o) => !(o === 'label=disable' && (host.PidMode === 'host' || ipc === 'host'))),
    stopTimeout: typeof config.StopTimeout === 'number' ? config.StopTimeout : null,
    pid: String(host.PidMode ?? ''),
    // The engine fills in its default IPC mode; only a chosen one is a setting.
    ipc: ipc === 'private' || ipc === 'shareable' ? '' : ipc,
    start: true,
    pull: 'missing',
  };
}
