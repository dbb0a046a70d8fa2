import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import type { OperationStarted } from '../contracts/image-build';
import { buildOptionsSchema, inlineBuildSchema, type BuildOptions } from '../contracts/image-build-requests';
import type { Operation } from '../contracts/images';
import { shortImageId } from '../contracts/images';
import { engineFailure, onlineEngine } from '../engines/access';
import { BuildLog, type BuildMessage } from '../engines/build-log';
import { isAppError, validationFromZod } from '../errors';
import { JsonLines } from '../json';
import type { Runtime } from '../runtime';
import { audited, type Actor } from './audit';
import { authorize } from './authorize';
import { countUpload } from './operation-streams';
import { runOperation, type OperationHandle } from './operations';
import { registryConfig } from './registry-auth';

// `docker build` with the engine's classic builder (engines of 20.10 have BuildKit only through their
// gRPC session, not through the plain API). The context is streamed to the engine as it comes: a tar
// made here from an inline Dockerfile, or an upload passed straight on. The build runs as an operation:
// its log reaches every browser through the activity tray and the build page.

export function parseBuildOptions(input: unknown): BuildOptions {
  const parsed = buildOptionsSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  return parsed.data;
}

export interface BuildStart extends OperationStarted {
  done: Promise<Operation>;
}

export interface BuildContextSource {
  /** The context as a tar (plain or compressed: the engine reads gzip, bzip2 and xz). */
  stream: Readable;
  /** Its size when known (a Content-Length, the sum of a folder's files), for the progress bar. */
  size: number | null;
  /** For the title: "inline Dockerfile", "app.tar", "folder app/ (12 files)". */
  source: string;
}

/** A tar holding one file, the Dockerfile, made in memory (it is at most 256 KB). */
function dockerfileContext(text: string): Readable {
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile', mode: 0o644, mtime: new Date() }, text);
  pack.finalize();
  return pack as unknown as Readable;
}

/** Builds from an inline Dockerfile: `{dockerfile, options}`. */
export function buildInline(rt: Runtime, actor: Actor | null, hostId: string, input: unknown): BuildStart {
  authorize(actor, 'images.manage', hostId);
  const parsed = inlineBuildSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { dockerfile, options } = parsed.data;
  const stream = dockerfileContext(dockerfile);
  return startBuild(rt, actor, hostId, { ...options, dockerfile: undefined }, { stream, size: null, source: 'inline Dockerfile' });
}

/** An operation's error in words: the engine's refusal as it said it, or the failure as thrown. */
export function operationWords(err: unknown, what: string): string {
  if (isAppError(err)) return err.message;
  if (typeof (err as { statusCode?: unknown })?.statusCode === 'number') return engineFailure(err, what).message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Starts a build and answers at once. Destroying the context (a failed upload) fails the build with the
 * context's error; cancelling the operation destroys the engine stream, which stops the engine's build.
 * A build that does not finish removes the images its steps made, so it leaves nothing behind.
 */
export function startBuild(rt: Runtime, actor: Actor | null, hostId: string, options: BuildOptions, ctx: BuildContextSource): BuildStart {
  authorize(actor, 'images.manage', hostId);
  const { hub, docker } = onlineEngine(rt, hostId);
  const name = options.tags[0] ?? 'an untagged image';
  const { operationId, done } = runOperation(
    rt.operations,
    { hostId, hostName: hub.name, kind: 'build', title: `Build ${name} from ${ctx.source}`, user: actor, cancellable: true },
    (h) =>
      audited(
        rt,
        actor,
        'image.build',
        `${hub.name}/${options.tags.join(',') || 'untagged'}`,
        async () => {
          try {
            return await runBuild(docker, h, options, ctx, registryConfig(rt));
          } finally {
            void hub.syncImages();
          }
        },
        (r) => r.result,
      ),
    (err) => operationWords(err, 'Build'),
  );
  return { operationId, done };
}

interface BuildResult {
  result: string;
  imageId: string;
}

async function runBuild(
  docker: Docker,
  h: OperationHandle,
  o: BuildOptions,
  ctx: BuildContextSource,
  registryconfig: Record<string, unknown>,
): Promise<BuildResult> {
  const log = new BuildLog((text, kind) => h.log(text, kind));
  // Count the context's bytes on their way to the engine: the upload's progress.
  const upload = countUpload(h, ctx.stream, ctx.size);
  const counted = upload.body;
  h.status(`Sending the build context`);
  const opts: Record<string, unknown> = {
    t: o.tags,
    buildargs: o.buildArgs,
    labels: o.labels,
    nocache: o.noCache,
    pull: o.pull,
    rm: true,
    forcerm: true,
    abortSignal: h.signal,
  };
  if (o.target) opts.target = o.target;
  if (o.dockerfile) opts.dockerfile = o.dockerfile;
  if (Object.keys(registryconfig).length) opts.registryconfig = registryconfig;
  const cancel = () => {
    counted.destroy();
    ctx.stream.destroy();
  };
  h.signal.addEventListener('abort', cancel, { once: true });
  try {
    const res = await new Promise<IncomingMessage>((resolve, reject) =>
      docker.buildImage(counted as unknown as NodeJS.ReadableStream, opts, (err, s) =>
        err || !s ? reject(err ?? new Error('The engine sent no build output')) : resolve(s as IncomingMessage),
      ),
    );
    await new Promise<void>((resolve, reject) => {
      const lines = new JsonLines<BuildMessage>();
      const abort = () => {
        res.destroy();
        reject(new Error('Cancelled'));
      };
      if (h.signal.aborted) return abort();
      h.signal.addEventListener('abort', abort, { once: true });
      res.on('data', (chunk: Buffer) => {
        for (const m of lines.push(chunk)) log.push(m);
      });
      res.once('end', () => {
        log.flush();
        resolve();
      });
      res.once('error', reject);
      res.once('close', () => (res.readableEnded ? undefined : reject(new Error('The engine closed the build output early'))));
    });
    const failure = log.failure;
    if (failure) throw new Error(failure);
    if (!log.imageId) throw new Error('The engine ended the build without naming the image it made');
    const id = log.imageId.startsWith('sha256:') ? log.imageId : await fullId(docker, log.imageId);
    const result = o.tags.length ? `Built ${o.tags.join(', ')} (${shortImageId(id)})` : `Built ${shortImageId(id)}`;
    return { result, imageId: id };
  } catch (err) {
    await removeImages(docker, log.created);
    // The upload's own words (it stopped, a file was short) over the engine's "socket hang up".
    throw upload.failure() ?? err;
  } finally {
    h.signal.removeEventListener('abort', cancel);
    counted.destroy();
  }
}

async function fullId(docker: Docker, short: string): Promise<string> {
  const info = (await docker.getImage(short).inspect()) as { Id: string };
  return info.Id;
}

/**
 * Removes the images a build's steps made, newest first. After a cancel the engine is still removing
 * the step's container for a moment (the image is "in use" until then), so a conflict is tried again.
 */
async function removeImages(docker: Docker, ids: string[]): Promise<void> {
  const until = Date.now() + 15_000;
  for (const id of [...ids].reverse()) {
    for (;;) {
      const err = await docker
        .getImage(id)
        .remove({ noprune: true })
        .then(
          () => null,
          (e: { statusCode?: number }) => e,
        );
      if (err?.statusCode !== 409 || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
