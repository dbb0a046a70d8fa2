import type Docker from 'dockerode';
import type { z } from 'zod';
import { pullRequestSchema, pushRequestSchema } from '../contracts/image-transfer';
import {
  parseImageRef,
  shortImageId,
  type ImageSummary,
  type Operation,
  type ParsedImageRef,
  type TransferProgress,
} from '../contracts/images';
import { hostIdSchema } from '../contracts/refs';
import { onlineEngine } from '../engines/access';
import type { EngineHub } from '../engines/hub';
import { pullStream, pushStream, TransferError, type TransferAggregator, pullTargetOf } from '../engines/pull';
import { ConflictError, ValidationError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import { audited, type Actor } from './audit';
import { authorize } from './authorize';
import { requireImage, resolveImage } from './images';
import { runOperation, type OperationHandle } from './operations';
import { authForImage } from './registry-auth';

// Pull and push run as operations: the HTTP command answers with the operation's id at once, the work
// goes on in this process whoever closes their browser, and every browser follows it in the activity
// tray. Saved credentials are read here for the one engine call: never sent back, logged or audited.

export interface Started {
  operationId: string;
  /** Ends with the operation (never rejects): what tests and benches wait on. */
  done: Promise<Operation>;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationFromZod(r.error.issues);
  return r.data;
}

function engineFor(rt: Runtime, hostId: unknown): { hub: EngineHub; docker: Docker } {
  const id = hostIdSchema.safeParse(hostId);
  if (!id.success) throw validationFromZod(id.error.issues);
  return onlineEngine(rt, id.data);
}

/** The image id a reference names on the engine now, or null. */
async function idOf(docker: Docker, ref: string): Promise<string | null> {
  try {
    return ((await docker.getImage(ref).inspect()) as { Id: string }).Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * After a cancelled pull: whatever the reference names now that it did not name before goes, so a
 * cancel leaves nothing new (the engine may still land an image a moment after its stream was cut).
 */
async function undoPull(docker: Docker, ref: string, before: string | null): Promise<void> {
  for (const wait of [300, 1200]) {
    await sleep(wait);
    const now = await idOf(docker, ref).catch(() => null);
    if (!now || now === before) continue;
    if (before)
      await docker
        .getImage(before)
        .tag(tagOf(parseImageRef(ref)!))
        .catch(() => undefined);
    await docker
      .getImage(before ? now : ref)
      .remove()
      .catch(() => undefined);
  }
}

const tagOf = (p: ParsedImageRef) => ({ repo: `${p.domain}/${p.path}`, tag: p.tag ?? 'latest' });

/** When the engine had every layer already it names none: list the image's layers as already here. */
export async function layersAlreadyHere(docker: Docker, id: string, progress: TransferProgress): Promise<TransferProgress> {
  const info = (await docker.getImage(id).inspect()) as { RootFS?: { Layers?: string[] } };
  const layers = (info.RootFS?.Layers ?? []).map((diffId) => ({
    id: shortImageId(diffId),
    phase: 'exists' as const,
    status: 'Already on this host',
    current: 0,
    total: 0,
  }));
  return { ...progress, layers, fraction: 1 };
}

class Cancelled extends Error {
  constructor() {
    super('Cancelled');
  }
}

async function pullWork(h: OperationHandle, docker: Docker, ref: ParsedImageRef, auth: ReturnType<typeof authForImage>) {
  const before = await idOf(docker, ref.full);
  let agg: TransferAggregator;
  try {
    agg = await pullStream(docker, pullTargetOf(ref), {
      authconfig: auth ?? undefined,
      signal: h.signal,
      onProgress: (p) => h.transfer(p),
    });
  } catch (err) {
    if (h.signal.aborted) {
      await undoPull(docker, ref.full, before);
      throw new Cancelled();
    }
    throw err;
  }
  if (h.signal.aborted) {
    // Cancelled as it finished: the cancel still means nothing new is left.
    await undoPull(docker, ref.full, before);
    throw new Cancelled();
  }
  const imageId = await idOf(docker, ref.full);
  if (!imageId) throw new TransferError(`The engine finished the pull but has no image ${ref.familiar}`);
  if (agg.layerCount === 0) h.transfer(await layersAlreadyHere(docker, imageId, agg.snapshot()));
  const what = agg.upToDate ? `${ref.familiar} is up to date` : `Pulled ${ref.familiar}`;
  return { result: `${what} (${shortImageId(imageId)})`, imageId };
}

/** Pulls a reference onto a host as an operation (`{ref}`: the CLI's defaults; a digest pulls by digest). */
export function startPull(rt: Runtime, actor: Actor | null, hostId: string, input: unknown): Started {
  authorize(actor, 'images.manage', hostId);
  const { ref: raw } = parse(pullRequestSchema, input);
  const ref = parseImageRef(raw)!;
  const { hub, docker } = engineFor(rt, hostId);
  const auth = authForImage(rt, ref.full);
  return runOperation(
    rt.operations,
    { hostId: hub.id, hostName: hub.name, kind: 'pull', title: `Pull ${ref.familiar}`, user: actor, cancellable: true },
    (h) =>
      audited(
        rt,
        actor,
        'image.pull',
        `${hub.name}/${ref.familiar}`,
        () => pullWork(h, docker, ref, auth),
        (r) => r.result,
      ),
  );
}

/** The local image and the name to push it as; a new name is checked before anything changes. */
async function pushPlan(hub: EngineHub, docker: Docker, image: string, as: string | undefined) {
  const source: ImageSummary = resolveImage(hub, image) ?? (await hub.syncImages(), requireImage(hub, image));
  let target: ParsedImageRef;
  if (as) {
    target = parseImageRef(as)!;
  } else {
    const named = parseImageRef(image);
    const tag = named && source.tags.find((t) => parseImageRef(t)?.full === named.full);
    const only = source.tags.length === 1 ? source.tags[0]! : null;
    const chosen = tag ?? (named && !/^(sha256:)?[a-f0-9]{4,64}$/.test(image) ? null : only);
    if (!chosen) {
      throw new ValidationError(
        source.tags.length
          ? `Say which name to push ${shortImageId(source.id)} as: it has ${source.tags.length} tags`
          : `${shortImageId(source.id)} has no name: give it one to push it under`,
        { as: 'Name to push it under' },
      );
    }
    target = parseImageRef(chosen)!;
  }
  const holder = await idOf(docker, target.full);
  if (holder && holder !== source.id) {
    throw new ConflictError(
      `${target.familiar} already names another image (${shortImageId(holder)}): choose another name or remove that tag first`,
    );
  }
  return { source, target, needsTag: !holder };
}

async function pushWork(
  h: OperationHandle,
  docker: Docker,
  plan: Awaited<ReturnType<typeof pushPlan>>,
  auth: ReturnType<typeof authForImage>,
) {
  const { source, target } = plan;
  if (plan.needsTag) await docker.getImage(source.id).tag(tagOf(target));
  let agg: TransferAggregator;
  try {
    agg = await pushStream(
      docker,
      { image: target.familiar, repository: `${target.domain}/${target.path}`, tag: target.tag ?? 'latest' },
      { authconfig: auth ?? undefined, signal: h.signal, onProgress: (p) => h.transfer(p) },
    );
  } catch (err) {
    // The name made for this push goes with it, unless it is all that holds the image.
    if (plan.needsTag && source.tags.length > 0)
      await docker
        .getImage(target.full)
        .remove()
        .catch(() => undefined);
    if (h.signal.aborted) throw new Cancelled();
    throw err;
  }
  const digest = agg.digest ? ` (${agg.digest.slice(0, 19)}…)` : '';
  return { result: `Pushed ${target.familiar}${digest}`, imageId: source.id };
}

/** Pushes a local image (`{image, as?}`: under a new name when `as` is given, tagged first and kept). */
export async function startPush(rt: Runtime, actor: Actor | null, hostId: string, input: unknown): Promise<Started> {
  authorize(actor, 'images.manage', hostId);
  const { image, as } = parse(pushRequestSchema, input);
  const { hub, docker } = engineFor(rt, hostId);
  const plan = await pushPlan(hub, docker, image, as);
  const auth = authForImage(rt, plan.target.full);
  return runOperation(
    rt.operations,
    { hostId: hub.id, hostName: hub.name, kind: 'push', title: `Push ${plan.target.familiar}`, user: actor, cancellable: true },
    (h) =>
      audited(
        rt,
        actor,
        'image.push',
        `${hub.name}/${plan.target.familiar}`,
        () => pushWork(h, docker, plan, auth),
        (r) => `${r.result} from ${shortImageId(plan.source.id)}`,
      ),
  );
}

/** Asks a running operation to stop (any user who may manage images may cancel any operation). */
export function cancelOperation(rt: Runtime, actor: Actor | null, id: string): Promise<Operation> {
  authorize(actor, 'images.manage');
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw new ValidationError('Not an operation id');
  const { operation } = rt.operations.get(id);
  if (operation.hostId) authorize(actor, 'images.manage', operation.hostId);
  return audited(rt, actor, 'operation.cancel', `${operation.hostName}/${operation.title}`, () => rt.operations.cancel(id));
}
