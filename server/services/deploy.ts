import crypto from 'node:crypto';
import type Docker from 'dockerode';
import { findPortConflicts } from '../contracts/container-create';
import {
  deployRequestSchema,
  deploySourceSchema,
  suggestHostPort,
  type DeployEnvField,
  type DeployPlan,
  type DeployStarted,
} from '../contracts/deploy';
import { parseImageRef, shortImageId, type ImageConfigView, type Operation } from '../contracts/images';
import { engineFailure, onlineEngine, resolveContainer } from '../engines/access';
import type { EngineHub } from '../engines/hub';
import { pullStream, pullTargetOf } from '../engines/pull';
import { AppError, ValidationError, validationFromZod } from '../errors';
import { RegistryClient } from '../registry/client';
import { readImageManifest } from '../registry/manifests';
import type { Runtime } from '../runtime';
import { findRegistryByAddress } from '../store/registries';
import { audited, type Actor } from './audit';
import { authorize } from './authorize';
import { createContainer, recreateContainer, usedPorts } from './container-create';
import { layersAlreadyHere } from './image-transfer';
import { imageDetail } from './images';
import { runOperation, type OperationHandle } from './operations';
import { authForImage } from './registry-auth';
import { getTemplate } from './templates';

// Click-to-deploy: a form pre-filled from an image's config (read from its registry, from a host, or
// from an app template), then one operation per target host: pull → create → start → running →
// healthy. Containers are made through the create path (createContainer / recreateContainer); a
// failing step undoes what this deploy made on that host, and other hosts go on.

/** How long a started container must stay up before it counts as running. */
const SETTLE_MS = 1_500;

const nameFrom = (ref: string) => {
  const p = parseImageRef(ref);
  const last = (p?.path ?? ref).split('/').pop() ?? 'app';
  return last.replace(/[^a-zA-Z0-9_.-]/g, '-').replace(/^[^a-zA-Z0-9]+/, '') || 'app';
};

function planFromConfig(config: ImageConfigView): Pick<DeployPlan, 'ports' | 'volumes' | 'env' | 'healthcheck'> {
  const ports = config.exposedPorts.map((p) => {
    const [port, proto] = p.split('/');
    const containerPort = Number(port);
    return { hostIp: '', hostPort: suggestHostPort(containerPort), containerPort, protocol: (proto ?? 'tcp') as 'tcp' };
  });
  const env: DeployEnvField[] = config.env
    .filter((e) => e.key !== 'PATH')
    .map((e) => ({
      key: e.key,
      value: e.masked ? '' : e.value,
      label: e.key,
      description: '',
      imageValue: e.masked ? null : e.value,
      masked: e.masked,
      preset: false,
      options: null,
    }));
  const volumes = config.volumes.map((target) => ({ target, bind: null, readOnly: false }));
  const healthcheck = !!config.healthcheck && config.healthcheck.test[0] !== 'NONE';
  return { ports, volumes, env, healthcheck };
}

/** The registry's credentials saved in Wharf, for the server's own registry calls. */
export function registryClientFor(rt: Runtime, domain: string): RegistryClient {
  const row = findRegistryByAddress(rt.db, domain);
  return new RegistryClient({
    address: domain,
    username: row?.username ?? null,
    password: row?.secret ? rt.box.open(row.secret) : null,
  });
}

/** The deploy form for a source, pre-filled. */
export async function deployPlan(rt: Runtime, actor: Actor | null, input: unknown): Promise<DeployPlan> {
  authorize(actor, 'containers.read');
  const parsed = deploySourceSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const source = parsed.data;
  const base = {
    source,
    cmd: [],
    labels: [],
    restartPolicy: 'unless-stopped' as const,
    network: '',
    hostname: '',
    note: null,
    warnings: [],
  };
  if (source.kind === 'registry') {
    const ref = parseImageRef(source.ref)!;
    const m = await readImageManifest(registryClientFor(rt, ref.domain), ref.path, ref.digest ?? ref.tag ?? 'latest');
    return {
      ...base,
      ...planFromConfig(m.config),
      sourceLabel: `${ref.familiar} (registry ${ref.domain})`,
      image: ref.familiar,
      name: nameFrom(ref.familiar),
      size: m.size,
    };
  }
  if (source.kind === 'local') {
    authorize(actor, 'images.read', source.hostId);
    const d = await imageDetail(rt, source.hostId, source.image);
    const image = d.summary.tags.find((t) => t === source.image) ?? d.summary.tags[0] ?? d.summary.id;
    return { ...base, ...planFromConfig(d.config), sourceLabel: `${image} on ${d.hostName}`, image, name: nameFrom(image), size: null };
  }
  const t = getTemplate(rt, actor, source.id);
  if (!t.deployable || !t.image)
    throw new ValidationError(`${t.title} is a stack template: it needs compose stacks, which Wharf cannot deploy yet`);
  return {
    source,
    sourceLabel: `template ${t.title} (${t.sourceName})`,
    image: t.image,
    name: nameFrom(t.image),
    ports: t.ports.map((p) => ({ ...p, hostPort: p.hostPort ?? suggestHostPort(p.containerPort) })),
    volumes: t.volumes.map((v) => ({ target: v.container, bind: v.bind, readOnly: v.readOnly })),
    env: t.env.map((e) => ({
      key: e.name,
      value: e.default,
      label: e.label,
      description: e.description,
      imageValue: null,
      masked: false,
      preset: e.preset,
      options: e.select?.map((s) => ({ text: s.text, value: s.value })) ?? null,
    })),
    cmd: t.command,
    labels: t.labels,
    restartPolicy: t.restartPolicy,
    network: t.network,
    hostname: t.hostname,
    healthcheck: false,
    note: t.note,
    warnings: t.privileged ? ['This template asks for privileged mode: Wharf deploys without it.'] : [],
    size: null,
  };
}

/** The image id a reference names on the engine now, or null. */
async function idOf(docker: Docker, ref: string): Promise<string | null> {
  try {
    return ((await docker.getImage(ref).inspect()) as { Id: string }).Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw engineFailure(err, `Image ${ref}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class StepError extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(message);
  }
}

interface HostPlan {
  hub: EngineHub;
  docker: Docker;
  /** The container to replace, when asked to. */
  existing: { id: string; name: string } | null;
}

async function lastLogs(c: Docker.Container): Promise<string> {
  const buf = (await c.logs({ stdout: true, stderr: true, tail: 5 }).catch(() => Buffer.alloc(0))) as unknown as Buffer;
  // Multiplexed frames carry 8-byte headers: keep the printable text.
  // eslint-disable-next-line no-control-regex -- frame headers are control bytes
  const printable = /[\u0000-\u0008\u000e-\u001f]/g;
  const text = buf.toString('utf8').replace(printable, '').trim();
  return text ? `; last output: ${text.split('\n').slice(-3).join(' | ').slice(0, 300)}` : '';
}

async function deployOn(
  rt: Runtime,
  actor: Actor | null,
  h: OperationHandle,
  plan: HostPlan,
  spec: ReturnType<typeof deployRequestSchema.parse>['spec'],
  healthTimeoutS: number,
): Promise<{ result: string; imageId: string | null }> {
  const { hub, docker } = plan;
  const ref = parseImageRef(spec.image);
  let step = 'Pull';
  let pulledId: string | null = null;
  let containerId: string | null = null;
  let replacing = false;
  const created: { volumes: string[] } = { volumes: [] };
  try {
    h.log('Pull', 'step');
    const before = await idOf(docker, spec.image);
    if (before) {
      h.log(`${spec.image} is already on ${hub.name} (${shortImageId(before)})`);
    } else {
      if (!ref) throw new StepError(step, `${spec.image} is not a reference that can be pulled`);
      const auth = authForImage(rt, ref.full);
      const agg = await pullStream(docker, pullTargetOf(ref), {
        authconfig: auth ?? undefined,
        signal: h.signal,
        onProgress: (p) => h.transfer(p),
      });
      pulledId = await idOf(docker, spec.image);
      if (pulledId && agg.layerCount === 0) h.transfer(await layersAlreadyHere(docker, pulledId, agg.snapshot()));
      h.log(`Pulled ${ref.familiar}${pulledId ? ` (${shortImageId(pulledId)})` : ''}`);
    }

    // Named volumes this deploy brings into being go with it on a rollback.
    const newVolumes: string[] = [];
    for (const v of spec.volumes)
      if (
        v.type === 'volume' &&
        !(await docker
          .getVolume(v.source)
          .inspect()
          .then(
            () => true,
            () => false,
          ))
      )
        newVolumes.push(v.source);
    created.volumes = newVolumes;

    step = 'Create';
    h.log(plan.existing ? `Create (replacing ${plan.existing.name})` : 'Create', 'step');
    let checked: { settled: Docker.ContainerInspectInfo; healthy: boolean } | null = null;
    // Up and (if it has a healthcheck) healthy, or a StepError naming the step that failed.
    const verify = async (id: string) => {
      step = 'Running';
      h.log('Running', 'step');
      const c = docker.getContainer(id);
      const first = await c.inspect();
      await sleep(SETTLE_MS);
      const settled = await c.inspect();
      if (!settled.State.Running || settled.RestartCount > first.RestartCount || settled.State.Restarting)
        throw new StepError(
          step,
          `the container did not stay up (${settled.State.Status}, exit code ${settled.State.ExitCode})${await lastLogs(c)}`,
        );
      const hc = settled.Config.Healthcheck as { Test?: string[] } | undefined;
      if (!hc?.Test?.length || hc.Test[0] === 'NONE') return (checked = { settled, healthy: false });
      step = 'Healthy';
      h.log(`Healthy (waiting up to ${healthTimeoutS} s)`, 'step');
      const until = Date.now() + healthTimeoutS * 1000;
      for (;;) {
        const s = (await c.inspect()).State as { Health?: { Status?: string; Log?: Array<{ Output?: string }> }; Running: boolean };
        const status = s.Health?.Status;
        if (status === 'healthy') break;
        if (status === 'unhealthy' || !s.Running) {
          const out = s.Health?.Log?.at(-1)?.Output?.trim();
          throw new StepError(step, `the healthcheck says ${status ?? 'stopped'}${out ? `: ${out.slice(0, 300)}` : ''}`);
        }
        if (Date.now() > until) throw new StepError(step, `not healthy after ${healthTimeoutS} s (still ${status ?? 'starting'})`);
        if (h.signal.aborted) throw new StepError(step, 'Cancelled');
        await sleep(500);
      }
      return (checked = { settled: await c.inspect(), healthy: true });
    };
    if (plan.existing) {
      replacing = true;
      // The edit-&-recreate path: the old container stays aside until the new one is up (and healthy);
      // if anything up to there fails, the new one goes and the old one is put back as it was.
      step = 'Start';
      h.log('Start', 'step');
      const r = await recreateContainer(rt, actor, hub.id, plan.existing.id, { ...spec, start: true, pull: 'never' }, undefined, {
        confirm: async (id) => void (await verify(id)),
      });
      containerId = r.id;
    } else {
      const r = await createContainer(rt, actor, hub.id, { ...spec, start: false, pull: 'never' });
      containerId = r.id;
      h.log(`Created ${r.name} (${r.id.slice(0, 12)})`);
      step = 'Start';
      h.log('Start', 'step');
      await docker
        .getContainer(r.id)
        .start()
        .catch((err) => {
          throw engineFailure(err, `Start ${r.name}`);
        });
      await verify(r.id);
    }
    const { settled, healthy } = checked!;
    const name = settled.Name.replace(/^\//, '');
    return {
      result: `${name} (${settled.Id.slice(0, 12)}) is running${healthy ? ' and healthy' : ''} on ${hub.name}`,
      imageId: settled.Image,
    };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const undone: string[] = [];
    // A replace that failed was undone by the recreate path (old container back as it was).
    if (plan.existing && replacing) undone.push(`${plan.existing.name} restored`);
    if (containerId && !plan.existing) {
      rt.deleted.markRemoving(hub.id, containerId, actor?.username ?? 'wharf');
      const gone = await docker
        .getContainer(containerId)
        .remove({ force: true, v: true })
        .then(() => true)
        .catch(() => false);
      if (gone) undone.push('container removed');
      else rt.deleted.unmark(hub.id, containerId);
    }
    if (!plan.existing)
      for (const v of created.volumes)
        if (
          await docker
            .getVolume(v)
            .remove()
            .then(
              () => true,
              () => false,
            )
        )
          undone.push(`volume ${v} removed`);
    if (pulledId) {
      // The name this deploy pulled goes. Without force the engine refuses while a container uses the
      // image under only this name, and only untags it while another name holds it.
      const gone = await docker
        .getImage(spec.image)
        .remove()
        .then(() => true)
        .catch(() => false);
      if (gone) undone.push(`pulled ${spec.image} removed`);
    }
    const stepName = err instanceof StepError ? err.step : step;
    const msg = `${stepName} failed on ${hub.name}: ${why.replace(/^Pull of \S+ failed: /, '')}${undone.length ? ` (rolled back: ${undone.join(', ')})` : ''}`;
    h.log(msg, 'error');
    throw new Error(msg);
  }
}

export interface DeployHandle extends DeployStarted {
  /** Every host's operation, ended (never rejects): what tests and benches wait on. */
  done: Promise<Operation[]>;
}

/**
 * Starts a deploy on every chosen host. Everything that can be refused before anything is made is
 * checked on every host first (host online, name free or replace asked, host ports free).
 */
export function startDeploy(rt: Runtime, actor: Actor | null, input: unknown): DeployHandle {
  authorize(actor, 'containers.manage');
  const parsed = deployRequestSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { spec, hosts, healthTimeoutS } = parsed.data;
  const plans: HostPlan[] = [];
  const fields: Record<string, string> = {};
  const problems: string[] = [];
  for (const target of hosts) authorize(actor, 'containers.manage', target.hostId);
  hosts.forEach((target, i) => {
    const { hub, docker } = onlineEngine(rt, target.hostId);
    const found = spec.name ? resolveContainer(hub, spec.name) : undefined;
    const existing = found && found.name === spec.name ? found : undefined;
    if (existing && !target.replace) {
      fields[`hosts.${i}.replace`] = `${spec.name} exists on ${hub.name}`;
      problems.push(`A container named ${spec.name} already exists on ${hub.name}: choose "replace" to recreate it with these settings`);
    }
    for (const c of findPortConflicts(spec.ports, usedPorts(hub, existing?.id))) {
      fields[`ports.${c.index}.hostPort`] = `Port ${c.hostPort}/${c.protocol} is taken on ${hub.name} by ${c.usedBy}`;
      problems.push(`Port ${c.hostPort}/${c.protocol} is already published on ${hub.name} by ${c.usedBy}`);
    }
    plans.push({ hub, docker, existing: existing && target.replace ? { id: existing.id, name: existing.name } : null });
  });
  if (problems.length) {
    // Only names in the way: a 409 the form answers with "replace"; any port clash is the user's input.
    if (problems.every((p) => p.startsWith('A container named'))) throw new AppError('CONFLICT', problems.join('; '), 409, fields);
    throw new ValidationError(problems.join('; '), fields);
  }
  const deployId = crypto.randomBytes(6).toString('hex');
  const started = plans.map((plan) => {
    const what = `${spec.image}${spec.name ? ` as ${spec.name}` : ''}`;
    const op = runOperation(
      rt.operations,
      { hostId: plan.hub.id, hostName: plan.hub.name, kind: 'deploy', title: `Deploy ${what}`, user: actor },
      (h) =>
        audited(
          rt,
          actor,
          'container.deploy',
          `${plan.hub.name}/${spec.name || spec.image}`,
          () => deployOn(rt, actor, h, plan, spec, healthTimeoutS),
          (r) => `${r.result} (deploy ${deployId}${plan.existing ? ', replaced' : ''})`,
        ),
    );
    return { hostId: plan.hub.id, hostName: plan.hub.name, operationId: op.operationId, done: op.done };
  });
  return {
    deployId,
    hosts: started.map(({ hostId, hostName, operationId }) => ({ hostId, hostName, operationId })),
    done: Promise.all(started.map((s) => s.done)),
  };
}
