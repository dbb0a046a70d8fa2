import { z } from 'zod';
import { parseImageRef, shortImageId, type Operation } from '../contracts/images';
import { containerRefValue, hostIdSchema } from '../contracts/refs';
import type { ContainerUpdate, UpdateSettings } from '../contracts/updates';
import { onlineEngine, resolveContainer } from '../engines/access';
import { pullStream, pullTargetOf } from '../engines/pull';
import { NotFoundError, ValidationError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import { audited, type Actor } from './audit';
import { authorize, canSeeHost } from './authorize';
import { containerSpec, recreateContainer } from './container-create';
import { runOperation } from './operations';
import { authForImage } from './registry-auth';
import type { CheckSummary, UpdateChecker } from './update-checks';

// The commands of "update available": check (all, or one container), update one container (pull its
// reference, then the edit-&-recreate path with its rollback), and the check interval.

function checker(rt: Runtime): UpdateChecker {
  if (!rt.updates) throw new Error('Update checks are not running');
  return rt.updates;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationFromZod(r.error.issues);
  return r.data;
}

const describeSummary = (s: CheckSummary) =>
  [
    `${s.updates} update${s.updates === 1 ? '' : 's'} available`,
    `${s.asked} asked`,
    s.cached ? `${s.cached} checked within the interval` : '',
    s.failed ? `${s.failed} not answered` : '',
  ]
    .filter(Boolean)
    .join(', ');

/** Every host for the schedule and for users who see every host; one host after another for the others. */
async function checkVisible(rt: Runtime, updates: UpdateChecker, actor: Actor | null): Promise<CheckSummary> {
  if (!actor || actor.role === 'admin' || actor.hosts === 'all') return updates.check({});
  const total: CheckSummary = { asked: 0, cached: 0, updates: 0, failed: 0 };
  for (const hub of rt.engines.list().filter((h) => canSeeHost(actor, h.id))) {
    const s = await updates.check({ hostId: hub.id });
    total.asked += s.asked;
    total.cached += s.cached;
    total.updates += s.updates;
    total.failed += s.failed;
  }
  return total;
}

/** "Check all" and the schedule: every running container on every host, as an operation in the tray. */
export function startCheckAll(rt: Runtime, actor: Actor | null): { operationId: string; done: Promise<Operation> } {
  if (actor) authorize(actor, 'containers.manage');
  const updates = checker(rt);
  return runOperation(
    rt.operations,
    { hostId: '', hostName: 'all hosts', kind: 'update-check', title: actor ? 'Check for updates' : 'Scheduled update check', user: actor },
    () =>
      audited(
        rt,
        actor,
        'updates.check',
        'all hosts',
        async () => ({ result: describeSummary(await updates.exclusive(() => checkVisible(rt, updates, actor))) }),
        (r) => r.result,
      ),
  );
}

/** "Check now" on one container: asks its registry even within the interval (a 429 back-off still holds). */
export async function checkContainer(rt: Runtime, actor: Actor | null, hostId: string, id: string): Promise<ContainerUpdate | null> {
  authorize(actor, 'containers.manage', hostId);
  const host = parse(hostIdSchema, hostId);
  const ref = parse(containerRefValue, id);
  const hub = rt.engines.get(host);
  const c = resolveContainer(hub, ref);
  if (!c) throw new NotFoundError(`Container ${ref} not found`);
  const updates = checker(rt);
  await updates.check({ hostId: host, containerId: c.id, force: true });
  return updates.get(host, c.id) ?? null;
}

/** Pull the container's reference, then recreate it with the same settings; progress in the tray. */
export async function startUpdate(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  id: string,
): Promise<{ operationId: string; done: Promise<Operation> }> {
  authorize(actor, 'containers.manage', hostId);
  authorize(actor, 'images.manage', hostId);
  const host = parse(hostIdSchema, hostId);
  const cref = parse(containerRefValue, id);
  const { hub, docker } = onlineEngine(rt, host);
  const c = resolveContainer(hub, cref);
  if (!c) throw new NotFoundError(`Container ${cref} not found`);
  const spec = await containerSpec(rt, actor, host, c.id);
  const ref = parseImageRef(spec.image);
  if (!ref || ref.digest || /^(sha256:)?[a-f0-9]{12,64}$/.test(spec.image))
    throw new ValidationError(`${c.name} was created from ${spec.image}: there is no tag to update it from`);
  const auth = authForImage(rt, ref.full);
  return runOperation(
    rt.operations,
    { hostId: hub.id, hostName: hub.name, kind: 'update', title: `Update ${c.name} (${ref.familiar})`, user: actor },
    (h) =>
      audited(
        rt,
        actor,
        'container.update',
        `${hub.name}/${c.name}`,
        async () => {
          h.status(`Pulling ${ref.familiar}`);
          await pullStream(docker, pullTargetOf(ref), { authconfig: auth ?? undefined, onProgress: (p) => h.transfer(p) });
          h.status(`Recreating ${c.name}`);
          const made = await recreateContainer(rt, actor, host, c.id, { ...spec, pull: 'never' });
          const info = (await docker.getContainer(made.id).inspect()) as { Image: string };
          await hub.syncImages();
          return { result: `${c.name} runs ${ref.familiar} (${shortImageId(info.Image)})`, imageId: info.Image };
        },
        (r) => r.result,
      ),
  );
}

export function updateSettings(rt: Runtime, actor: Actor | null): UpdateSettings {
  authorize(actor, 'containers.read');
  return checker(rt).settings();
}

const settingsSchema = z.object({
  intervalMinutes: z.coerce
    .number({ message: 'Enter minutes' })
    .int('Whole minutes')
    .min(5, 'At least 5 minutes')
    .max(7 * 24 * 60, 'At most a week (10080 minutes)'),
});

export function saveUpdateSettings(rt: Runtime, actor: Actor | null, input: unknown): Promise<UpdateSettings> {
  authorize(actor, 'registries.manage');
  const { intervalMinutes } = parse(settingsSchema, input);
  return audited(rt, actor, 'updates.interval', `${intervalMinutes} min`, () => checker(rt).setInterval(intervalMinutes));
}
