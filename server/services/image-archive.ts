import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { OperationStarted } from '../contracts/image-build';
import { importSchema, saveQuerySchema, type ImportInput } from '../contracts/image-build-requests';
import { parseImageRef, shortImageId, type Operation } from '../contracts/images';
import { engineFailure, onlineEngine } from '../engines/access';
import { NotFoundError, validationFromZod } from '../errors';
import { quoteRef } from '../contracts/refs';
import { JsonLines } from '../json';
import type { Runtime } from '../runtime';
import { audited, type Actor } from './audit';
import { authorize } from './authorize';
import { operationWords } from './image-build';
import { resolveImage } from './images';
import { countUpload, downloadOperation, type DownloadOperation } from './operation-streams';
import { runOperation, type OperationHandle } from './operations';

// `docker save`, `docker load` and `docker import`, streamed: an archive goes from the engine to the
// browser (or back) as it is read, never whole in memory or on Wharf's disk, each as an operation of
// the activity tray with its bytes.

export interface UploadSource {
  stream: Readable;
  /** The upload's size when the browser said it (Content-Length), for the progress bar. */
  size: number | null;
  /** The file's name, for the title. */
  name: string;
}

export interface ArchiveStart extends OperationStarted {
  done: Promise<Operation>;
}

/** The references to save, checked against the host's images (a missing one is a 404 before anything starts). */
export async function parseSaveRefs(rt: Runtime, hostId: string, refs: unknown): Promise<string[]> {
  const parsed = saveQuerySchema.safeParse(refs);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { hub } = onlineEngine(rt, hostId);
  if (parsed.data.some((r) => !resolveImage(hub, r))) await hub.syncImages();
  for (const r of parsed.data) if (!resolveImage(hub, r)) throw new NotFoundError(`No image ${quoteRef(r)} on ${hub.name}`);
  return [...new Set(parsed.data)];
}

/** A file name for the archive: the one image's name, or how many. */
export function saveFilename(refs: string[]): string {
  const one = refs.length === 1 ? refs[0]! : null;
  const base = one ? (parseImageRef(one)?.familiar ?? shortImageId(one)) : `${refs.length}-images`;
  return `${base.replace(/[^A-Za-z0-9_.-]+/g, '_')}.tar`;
}

/** `docker save` of one or several images as one tar, streamed from the engine. */
export async function saveImages(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  refsInput: unknown,
): Promise<DownloadOperation & { filename: string }> {
  // A saved image is a download out of the host, like a file.
  authorize(actor, 'files.read', hostId);
  const refs = await parseSaveRefs(rt, hostId, refsInput);
  const { hub, docker } = onlineEngine(rt, hostId);
  const filename = saveFilename(refs);
  const what = refs.length === 1 ? refs[0]! : `${refs.length} images`;
  const d = await downloadOperation(
    rt,
    actor,
    { hostId, hostName: hub.name, kind: 'save', title: `Save ${what}` },
    { action: 'image.save', target: `${hub.name}/${refs.join(',')}` },
    async () => {
      try {
        // GET /images/get?names=…: dockerode has it, its types do not.
        const withGetImages = docker as unknown as { getImages(o: { names: string[] }): Promise<Readable> };
        return await withGetImages.getImages({ names: refs });
      } catch (err) {
        throw engineFailure(err, `Save of ${what}`);
      }
    },
  );
  return { ...d, filename };
}

/** Reads an engine's JSON-lines answer to its end; the `errorDetail` it sent, if any, is thrown in its words. */
function readEngineLines(res: IncomingMessage, h: OperationHandle, onLine: (m: EngineLine) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const lines = new JsonLines<EngineLine>();
    let failure: string | null = null;
    const abort = () => {
      res.destroy();
      reject(new Error('Cancelled'));
    };
    if (h.signal.aborted) return abort();
    h.signal.addEventListener('abort', abort, { once: true });
    res.on('data', (chunk: Buffer) => {
      for (const m of lines.push(chunk)) {
        if (m.error || m.errorDetail) failure ??= (m.errorDetail?.message ?? m.error ?? 'The engine failed').trim();
        else onLine(m);
      }
    });
    res.once('end', () => (failure ? reject(new Error(failure)) : resolve()));
    res.once('error', reject);
    res.once('close', () => (res.readableEnded ? undefined : reject(new Error('The engine closed its answer early'))));
  });
}

interface EngineLine {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** The engine's words for an archive that is not one, in the user's terms. */
function loadWords(err: unknown): string {
  const words = operationWords(err, 'Load');
  if (/manifest\.json|repositories: no such file/i.test(words)) return `This tar is not an image archive (docker save makes one): ${words}`;
  if (/invalid tar header|unexpected EOF/i.test(words)) return `This file is not a whole tar archive: ${words}`;
  return words;
}

/** `docker load`: an archive made by `docker save`, streamed to the engine. */
export function loadImages(rt: Runtime, actor: Actor | null, hostId: string, src: UploadSource): ArchiveStart {
  authorize(actor, 'images.manage', hostId);
  const { hub, docker } = onlineEngine(rt, hostId);
  return runOperation(
    rt.operations,
    { hostId, hostName: hub.name, kind: 'load', title: `Load ${src.name}`, user: actor, cancellable: true },
    (h) =>
      audited(
        rt,
        actor,
        'image.load',
        `${hub.name}/${src.name}`,
        async () => {
          const upload = countUpload(h, src.stream, src.size);
          const body = upload.body;
          const loaded: string[] = [];
          try {
            h.status('Sending the archive');
            const res = (await docker.loadImage(body as unknown as NodeJS.ReadableStream, {
              quiet: true,
              abortSignal: h.signal,
            })) as unknown as IncomingMessage;
            h.status('Loading');
            await readEngineLines(res, h, (m) => {
              const name = /^Loaded image(?: ID)?: (.+)$/.exec(m.stream?.trim() ?? '')?.[1];
              if (name) {
                loaded.push(name);
                h.log(m.stream!.trim(), 'info');
              }
            });
          } catch (err) {
            throw upload.failure() ?? err;
          } finally {
            body.destroy();
            void hub.syncImages();
          }
          if (!loaded.length) throw new Error('The engine loaded nothing from this archive');
          const imageId = await idOf(docker, loaded[0]!);
          return { result: `Loaded ${loaded.join(', ')}`, imageId };
        },
        (r) => r.result,
      ),
    loadWords,
  );
}

async function idOf(docker: Docker, ref: string): Promise<string | null> {
  if (/^sha256:[a-f0-9]{64}$/.test(ref)) return ref;
  return (
    (
      (await docker
        .getImage(ref)
        .inspect()
        .catch(() => null)) as { Id?: string } | null
    )?.Id ?? null
  );
}

export function parseImportInput(input: unknown): ImportInput {
  const parsed = importSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  return parsed.data;
}

/** A value for a Dockerfile instruction: quoted, with what the parser would read as an escape or a variable escaped. */
const quoted = (s: string) => `"${s.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;

/** The `changes` of an import, as `docker import --change` lines. */
export function importChanges(i: ImportInput): string[] {
  const changes: string[] = [];
  if (i.cmd) changes.push(`CMD ${i.cmd}`);
  for (const line of i.env) {
    const eq = line.indexOf('=');
    changes.push(`ENV ${line.slice(0, eq)}=${quoted(line.slice(eq + 1))}`);
  }
  if (i.workdir) changes.push(`WORKDIR ${i.workdir}`);
  return changes;
}

/** `team/app:1.0` → team/app and 1.0; no tag means `latest`, as the CLI reads it. */
export function splitTag(ref: string): { repo: string; tag: string } {
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref, tag: 'latest' };
}

/** `docker import`: a root filesystem tarball as a new one-layer image, tagged. */
export function importImage(rt: Runtime, actor: Actor | null, hostId: string, input: ImportInput, src: UploadSource): ArchiveStart {
  authorize(actor, 'images.manage', hostId);
  const { hub, docker } = onlineEngine(rt, hostId);
  const { repo, tag } = splitTag(input.reference);
  return runOperation(
    rt.operations,
    { hostId, hostName: hub.name, kind: 'import', title: `Import ${src.name} as ${repo}:${tag}`, user: actor, cancellable: true },
    (h) =>
      audited(
        rt,
        actor,
        'image.import',
        `${hub.name}/${repo}:${tag}`,
        async () => {
          const upload = countUpload(h, src.stream, src.size);
          const body = upload.body;
          let imageId: string | null = null;
          try {
            h.status('Sending the tarball');
            const res = (await docker.importImage(body as unknown as NodeJS.ReadableStream, {
              repo,
              tag,
              changes: importChanges(input),
              message: input.message,
              abortSignal: h.signal,
            })) as unknown as IncomingMessage;
            await readEngineLines(res, h, (m) => {
              if (m.status && /^sha256:[a-f0-9]{64}$/.test(m.status.trim())) imageId = m.status.trim();
            });
          } catch (err) {
            throw upload.failure() ?? err;
          } finally {
            body.destroy();
            void hub.syncImages();
          }
          if (!imageId) throw new Error('The engine did not name the image it made');
          return { result: `Imported ${repo}:${tag} (${shortImageId(imageId)})`, imageId };
        },
        (r) => r.result,
      ),
    (err) => operationWords(err, 'Import'),
  );
}
