import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import tar from 'tar-stream';
import {
  BUILD_CONTEXT_LIMIT_BYTES,
  BUILD_FOLDER_MAX_FILES,
  BUILD_FORM,
  IMAGE_ARCHIVE_LIMIT_BYTES,
  IMPORT_FORM,
  type ContextFileEntry,
  type OperationStarted,
} from '../contracts/image-build';
import { contextFilesSchema, type BuildOptions } from '../contracts/image-build-requests';
import { hostIdSchema } from '../contracts/refs';
import { AppError, ValidationError, validationFromZod } from '../errors';
import { parseJson } from '../json';
import type { Runtime } from '../runtime';
import type { Actor } from './audit';
import { authorize } from './authorize';
import { importImage, loadImages, parseImportInput, type ArchiveStart } from './image-archive';
import { parseBuildOptions, startBuild, type BuildStart } from './image-build';
import { onlineEngine } from '../engines/access';
import { streamMultipart } from './upload-stream';

// The upload routes of images (build context, load, import): the multipart body read as it comes, its
// fields checked before the first byte of a file is read, the file streamed into the operation.

export function parseHostId(hostId: unknown): string {
  const parsed = hostIdSchema.safeParse(hostId);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  return parsed.data;
}

const tooLarge = (limit: number) => () => new AppError('VALIDATION', `Uploads up to ${limit / 1024 ** 3} GiB can be sent`, 413);

/** A Content-Length over the limit is refused before reading (a chunked body is counted as it comes). */
function declaredSize(req: Request, limit: number): number | null {
  const n = Number(req.headers.get('content-length') ?? NaN);
  if (!Number.isFinite(n) || n <= 0) return null;
  if (n > limit + 1024 * 1024) throw tooLarge(limit)();
  return n;
}

const jsonField = (name: string, value: string): unknown =>
  parseJson(value, () => new ValidationError(`The field "${name}" is not valid JSON`));

/** The bytes a tar of these files takes: a header per file, data padded to 512, two empty blocks at the end. */
const tarSize = (files: ContextFileEntry[]) => files.reduce((n, f) => n + 512 + Math.ceil(f.size / 512) * 512, 1024);

/**
 * One file of a folder as a tar entry. The entry's size was written up front, so a file that brings more
 * or fewer bytes than listed is refused in words (tar-stream would only cut the archive short).
 */
function sizedEntry(pack: tar.Pack, file: ContextFileEntry): Writable {
  // Browsers do not tell file modes: every file is executable, as the CLI on Windows sends them.
  const entry = pack.entry({ name: file.path, size: file.size, mode: 0o755, mtime: new Date() }) as unknown as Writable;
  let n = 0;
  const wrong = () => new ValidationError(`${file.path} was listed with ${file.size} bytes but ${n} came: send the folder again`);
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (n > file.size) return cb(wrong());
      if (entry.write(chunk)) cb();
      else entry.once('drain', () => cb());
    },
    final(cb) {
      if (n !== file.size) return cb(wrong());
      entry.once('finish', () => cb());
      entry.end();
    },
  });
}

/**
 * A build from an uploaded context: fields `options` (JSON), then either `context` (a tar, passed straight
 * on) or `files` (JSON list of {path, size}) followed by one `file` part per listed file, in order, packed
 * into a tar as they come. Answers once the whole context has reached the engine.
 */
export async function buildFromUpload(rt: Runtime, actor: Actor | null, hostIdInput: unknown, req: Request): Promise<OperationStarted> {
  authorize(actor, 'images.manage');
  const hostId = parseHostId(hostIdInput);
  authorize(actor, 'images.manage', hostId);
  onlineEngine(rt, hostId);
  const size = declaredSize(req, BUILD_CONTEXT_LIMIT_BYTES);
  let options: BuildOptions | null = null;
  let files: ContextFileEntry[] | null = null;
  let started: BuildStart | null = null;
  let context: PassThrough | tar.Pack | null = null;
  let pack: tar.Pack | null = null;
  let next = 0;
  const needOptions = () => {
    if (!options) throw new ValidationError('Send the build options before the context');
    return options;
  };
  try {
    await streamMultipart(req, {
      maxParts: BUILD_FOLDER_MAX_FILES + 4,
      limit: BUILD_CONTEXT_LIMIT_BYTES,
      tooLarge: tooLarge(BUILD_CONTEXT_LIMIT_BYTES),
      onField: (name, value) => {
        if (started) throw new ValidationError('Send every field before the files');
        if (name === BUILD_FORM.options) options = parseBuildOptions(jsonField(name, value));
        else if (name === BUILD_FORM.files) {
          const parsed = contextFilesSchema.safeParse(jsonField(name, value));
          if (!parsed.success) throw validationFromZod(parsed.error.issues);
          files = parsed.data;
        } else throw new ValidationError(`Unknown field "${name.slice(0, 64)}"`);
      },
      onFile: (name, filename) => {
        if (name === BUILD_FORM.context) {
          if (started || files) throw new ValidationError('Send one context: a tar, or the files of a folder');
          const input = new PassThrough();
          context = input;
          started = startBuild(rt, actor, hostId, needOptions(), {
            stream: input,
            size,
            source: path.posix.basename(filename) || 'context.tar',
          });
          return input;
        }
        if (name !== BUILD_FORM.file) throw new ValidationError(`Unknown file field "${name.slice(0, 64)}"`);
        const list = files as ContextFileEntry[] | null;
        if (!list) throw new ValidationError('Send the list of files before the files');
        const entry = list[next++];
        if (!entry) throw new ValidationError('More files were sent than listed');
        if (!pack) {
          pack = tar.pack();
          context = pack;
          const folder = `${list.length} file${list.length === 1 ? '' : 's'}`;
          started = startBuild(rt, actor, hostId, needOptions(), {
            stream: pack as unknown as PassThrough,
            size: tarSize(list),
            source: `a folder (${folder})`,
          });
        }
        return sizedEntry(pack, entry);
      },
    });
    const list = files as ContextFileEntry[] | null;
    if (pack) {
      if (list && next !== list.length) throw new ValidationError(`${list.length - next} of the listed files did not come`);
      (pack as tar.Pack).finalize();
    }
    if (!started) throw new ValidationError('Choose a tar file or a folder as the build context', { context: 'Choose a context' });
    return { operationId: (started as BuildStart).operationId };
  } catch (err) {
    // A build already started fails in these words (the upload stopped, it was too large, …).
    if (started) (context as PassThrough | tar.Pack | null)?.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

/** One archive file (`file`), after any fields; `onFile` starts the operation with the file's stream. */
async function archiveUpload(
  req: Request,
  start: (fields: Record<string, string>, src: { stream: PassThrough; size: number | null; name: string }) => ArchiveStart,
): Promise<OperationStarted> {
  const size = declaredSize(req, IMAGE_ARCHIVE_LIMIT_BYTES);
  const fields: Record<string, string> = {};
  let started: ArchiveStart | null = null;
  let input: PassThrough | null = null;
  try {
    await streamMultipart(req, {
      maxParts: 8,
      limit: IMAGE_ARCHIVE_LIMIT_BYTES,
      tooLarge: tooLarge(IMAGE_ARCHIVE_LIMIT_BYTES),
      onField: (name, value) => {
        fields[name] = value;
      },
      onFile: (name, filename) => {
        if (name !== IMPORT_FORM.file || started) throw new ValidationError('Send one file, in the field "file"');
        input = new PassThrough();
        started = start(fields, { stream: input, size, name: path.posix.basename(filename.replace(/\\/g, '/')) || 'upload.tar' });
        return input;
      },
    });
    if (!started) throw new ValidationError('Choose a tar file', { file: 'Choose a file' });
    return { operationId: (started as ArchiveStart).operationId };
  } catch (err) {
    if (started) (input as PassThrough | null)?.destroy(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

/** `docker load` of an uploaded archive: field `file`. */
export function loadFromUpload(rt: Runtime, actor: Actor | null, hostIdInput: unknown, req: Request): Promise<OperationStarted> {
  authorize(actor, 'images.manage');
  const hostId = parseHostId(hostIdInput);
  authorize(actor, 'images.manage', hostId);
  onlineEngine(rt, hostId);
  return archiveUpload(req, (_fields, src) => loadImages(rt, actor, hostId, src));
}

/** `docker import` of an uploaded rootfs tarball: fields reference, cmd, env, workdir, message, then `file`. */
export function importFromUpload(rt: Runtime, actor: Actor | null, hostIdInput: unknown, req: Request): Promise<OperationStarted> {
  authorize(actor, 'images.manage');
  const hostId = parseHostId(hostIdInput);
  authorize(actor, 'images.manage', hostId);
  onlineEngine(rt, hostId);
  return archiveUpload(req, (fields, src) => {
    const known = new Set<string>(Object.values(IMPORT_FORM));
    const unknown = Object.keys(fields).find((k) => !known.has(k));
    if (unknown) throw new ValidationError(`Unknown field "${unknown.slice(0, 64)}"`);
    return importImage(rt, actor, hostId, parseImportInput(fields), src);
  });
}
