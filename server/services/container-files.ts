import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { PassThrough, pipeline, Readable } from 'node:stream';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { commitSchema, containerPathSchema, UPLOAD_LIMIT_BYTES, uploadNameSchema } from '../contracts/container-files';
import type { DirectoryListing, FileEntry } from '../contracts/containers';
import { shortImageId } from '../contracts/images';
import { Demuxer } from '../engines/streams';
import { AppError, NotFoundError, ValidationError, validationFromZod } from '../errors';
import { parseJsonOr } from '../json';
import type { Runtime } from '../runtime';
import { audited, onHost, recordAudit, type Actor } from './audit';
import { authorize } from './authorize';
import { downloadOperation } from './operation-streams';
import { runOperation } from './operations';
import { engineFailure, onlineEngine, resolveContainer } from '../engines/access';

const MAX_ENTRIES = 20_000;

export function parsePath(p: unknown): string {
  const parsed = containerPathSchema.safeParse(p);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  return path.posix.normalize(parsed.data);
}

// Three NUL-terminated fields per entry: "type|size|mtime|perms", the link target, the name. NUL is
// the one byte a file name cannot hold, so a name with newlines or '|' stays one entry.
export const LIST_SCRIPT = `cd -- "$1" || exit 2
for f in .* *; do
  case "$f" in .|..) continue;; esac
  [ -e "$f" ] || [ -L "$f" ] || continue
  l=""; [ -L "$f" ] && l=$(readlink -- "$f")
  printf '%s\\0%s\\0%s\\0' "$(stat -c '%F|%s|%Y|%A' -- "$f")" "$l" "$f"
done`;

function typeOf(statType: string): FileEntry['type'] {
  if (statType.startsWith('directory')) return 'dir';
  if (statType.startsWith('symbolic link')) return 'symlink';
  if (statType.includes('regular')) return 'file';
  return 'other';
}

export function parseListing(dir: string, out: string): FileEntry[] {
  const entries: FileEntry[] = [];
  const fields = out.split('\0');
  // The last field is what follows the final NUL: empty, or a record cut short (ignored).
  for (let i = 0; i + 3 <= fields.length - 1; i += 3) {
    const [stat, link, name] = [fields[i]!, fields[i + 1]!, fields[i + 2]!];
    const parts = stat.split('|');
    // stat failed (the entry vanished between the glob and stat): skip it.
    if (parts.length !== 4 || !name) continue;
    const [t, size, mtime, mode] = parts;
    entries.push({
      name,
      path: path.posix.join(dir, name),
      type: typeOf(t!),
      size: Number(size) || 0,
      mode: mode!,
      mtime: Number(mtime) ? new Date(Number(mtime) * 1000).toISOString() : null,
      linkTarget: link || null,
    });
  }
  return sortEntries(entries);
}

const sortEntries = (e: FileEntry[]) =>
  e.sort((a, b) => ((a.type === 'dir') === (b.type === 'dir') ? a.name.localeCompare(b.name) : a.type === 'dir' ? -1 : 1));

/**
 * Runs a command in the container and collects its output (no TTY). The hijacked connection is
 * destroyed however it ends, and a command still running after `timeoutMs` is abandoned.
 */
export async function execCollect(
  c: Docker.Container,
  cmd: string[],
  opts: { timeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const exec = await c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = (await exec.start({ hijack: true, stdin: false })) as unknown as Readable;
  const demux = new Demuxer();
  const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${cmd[0]} did not finish within ${Math.round((opts.timeoutMs ?? 30_000) / 1000)} s`)),
        opts.timeoutMs ?? 30_000,
      );
      stream.on('data', (chunk: Buffer) => {
        for (const f of demux.push(chunk)) out[f.stream].push(f.data);
      });
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', reject);
    });
  } finally {
    clearTimeout(timer);
    stream.destroy();
  }
  const info = await exec.inspect();
  return {
    code: info.ExitCode ?? -1,
    stdout: Buffer.concat(out.stdout).toString('utf8'),
    stderr: Buffer.concat(out.stderr).toString('utf8'),
  };
}

const modeString = (mode: number, type: FileEntry['type']): string => {
  const t = type === 'dir' ? 'd' : type === 'symlink' ? 'l' : '-';
  const rwx = ['r', 'w', 'x'];
  let s = t;
  for (let i = 8; i >= 0; i--) s += mode & (1 << i) ? rwx[(8 - i) % 3] : '-';
  return s;
};

/** Reads a directory from the archive API: works on stopped containers, reads the whole subtree. */
async function listViaArchive(c: Docker.Container, dir: string): Promise<{ entries: FileEntry[]; truncated: boolean }> {
  const archive = (await c.getArchive({ path: dir })) as unknown as Readable;
  const extract = tar.extract();
  const entries: FileEntry[] = [];
  let truncated = false;
  let seen = 0;
  const base = dir === '/' ? '' : path.posix.basename(dir);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        truncated = true;
        archive.destroy();
        resolve();
      }, 15_000);
      extract.on('entry', (header, stream, next) => {
        seen++;
        // Entries are "<dir name>/<relative path>"; keep the first level only.
        const rel = header.name
          .replace(/\/$/, '')
          .split('/')
          .slice(base ? 1 : 0);
        if (rel.length === 1 && rel[0]) {
          const type: FileEntry['type'] =
            header.type === 'directory' ? 'dir' : header.type === 'symlink' ? 'symlink' : header.type === 'file' ? 'file' : 'other';
          entries.push({
            name: rel[0],
            path: path.posix.join(dir, rel[0]),
            type,
            size: header.size ?? 0,
            mode: modeString(header.mode ?? 0, type),
            mtime: header.mtime ? header.mtime.toISOString() : null,
            linkTarget: header.linkname ?? null,
          });
        }
        stream.on('end', next);
        stream.resume();
        if (seen >= MAX_ENTRIES) {
          truncated = true;
          clearTimeout(timer);
          archive.destroy();
          resolve();
        }
      });
      extract.on('finish', () => {
        clearTimeout(timer);
        resolve();
      });
      extract.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      archive.on('error', (e) => {
        clearTimeout(timer);
        if (!truncated) reject(e);
      });
      archive.pipe(extract);
    });
  } finally {
    // Whatever ended the walk (done, cut short, failed), the engine's archive stream ends with it.
    archive.destroy();
    extract.destroy();
  }
  return { entries: sortEntries(entries), truncated };
}

export async function listFiles(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  id: string,
  dirInput: unknown,
): Promise<DirectoryListing> {
  authorize(actor, 'containers.read', hostId);
  const dir = parsePath(dirInput);
  const { docker } = onlineEngine(rt, hostId);
  const c = docker.getContainer(id);
  try {
    const info = await c.inspect();
    if (info.State.Running && !info.State.Paused) {
      const r = await execCollect(c, ['sh', '-c', LIST_SCRIPT, 'sh', dir]).catch(() => null);
      if (r && r.code === 0) return { path: dir, entries: parseListing(dir, r.stdout), via: 'exec', truncated: false };
      if (r && r.code === 2) throw new NotFoundError(`No such directory in the container: ${dir}`);
      // No shell in this image: fall back to the archive API.
    }
    const { entries, truncated } = await listViaArchive(c, dir);
    return { path: dir, entries, via: 'archive', truncated };
  } catch (err) {
    throw engineFailure(err, `Files of ${id}`);
  }
}

export interface Download {
  stream: Readable;
  filename: string;
  contentType: string;
  size: number | null;
}

/** What the engine's archive API says of a path (the X-Docker-Container-Path-Stat header). */
interface PathStat {
  name: string;
  size: number;
  /** Go's os.FileMode: permission bits plus type bits from bit 19 up. */
  mode: number;
  linkTarget: string;
}

function parsePathStat(header: string | string[] | undefined): PathStat | null {
  if (typeof header !== 'string') return null;
  const v = parseJsonOr<Partial<PathStat> | null>(Buffer.from(header, 'base64'), null);
  return typeof v?.mode === 'number' ? (v as PathStat) : null;
}

// os.FileMode type bits: dir, symlink, device, named pipe, socket, char device, irregular.
const GO_MODE_TYPE = ((1 << 31) | (1 << 27) | (1 << 26) | (1 << 25) | (1 << 24) | (1 << 21) | (1 << 19)) >>> 0;
const GO_MODE_DIR = (1 << 31) >>> 0;
const isRegular = (st: PathStat) => (st.mode & GO_MODE_TYPE) === 0;
const isDirectory = (st: PathStat) => (st.mode & GO_MODE_DIR) !== 0;

/** Destroys the engine-side streams under `out` once `out` closes: read to its end, destroyed by its consumer, or failed. */
function tiedTo<T extends Readable>(out: T, ...under: Array<{ destroy(): unknown }>): T {
  out.once('close', () => {
    for (const u of under) u.destroy();
  });
  return out;
}

/** Asks the engine what a path in the container is, without reading it (HEAD on the archive API). */
async function statPath(c: Docker.Container, p: string): Promise<PathStat | null> {
  const modem = (c as unknown as { modem: { dial(o: object, cb: (err: unknown, res: IncomingMessage) => void): void } }).modem;
  const res = await new Promise<IncomingMessage>((resolve, reject) =>
    modem.dial(
      {
        path: `/containers/${encodeURIComponent(c.id)}/archive?`,
        method: 'HEAD',
        options: { path: p },
        isStream: true,
        statusCodes: { 200: true, 400: 'bad parameter', 404: 'no such container or path', 500: 'server error' },
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    ),
  );
  res.destroy();
  return parsePathStat(res.headers['x-docker-container-path-stat']);
}

/**
 * A file comes as itself; anything else (a folder, a link) as a tar, as the engine's archive API
 * gives it. The returned stream owns the engine's response: destroying it (or reading it to the
 * end) releases the engine connection, which otherwise keeps the container locked in the engine.
 */
export async function downloadPath(rt: Runtime, actor: Actor | null, hostId: string, id: string, pathInput: unknown): Promise<Download> {
  authorize(actor, 'files.read', hostId);
  const p = parsePath(pathInput);
  const { hub, docker } = onlineEngine(rt, hostId);
  const target = onHost(hub, 'container', resolveContainer(hub, id)?.name ?? id.slice(0, 12));
  try {
    const download = await archiveDownload(docker.getContainer(id), p, p === '/' ? 'root' : path.posix.basename(p));
    // Every file taken out of a container is on record, whether or not the browser reads it to the end.
    recordAudit(rt, actor, 'container.download', target, 'ok', p);
    return download;
  } catch (err) {
    recordAudit(rt, actor, 'container.download', target, 'error', `${p}: ${(err as Error).message}`);
    throw err;
  }
}

/** A path of a container through the archive API (also what the volume browser's helper serves). */
export async function archiveDownload(c: Docker.Container, p: string, name: string): Promise<Download> {
  let archive: IncomingMessage;
  try {
    archive = (await c.getArchive({ path: p })) as unknown as IncomingMessage;
  } catch (err) {
    throw engineFailure(err, `Download of ${p}`);
  }
  const st = parsePathStat(archive.headers['x-docker-container-path-stat']);
  if (!st || !isRegular(st)) {
    return { stream: archive, filename: `${name}.tar`, contentType: 'application/x-tar', size: null };
  }
  // A regular file: the one entry of the tar, streamed as it is parsed.
  const extract = tar.extract();
  const out = tiedTo(new PassThrough(), archive, extract);
  try {
    const entry = await new Promise<{ header: tar.Headers; stream: Readable }>((resolve, reject) => {
      extract.once('entry', (header, stream) => resolve({ header, stream: stream as unknown as Readable }));
      extract.once('finish', () => reject(new NotFoundError(`Nothing to download at ${p}`)));
      extract.once('error', reject);
      archive.once('error', reject);
      archive.pipe(extract);
    });
    if (entry.header.type !== 'file') throw new NotFoundError(`${p} is not a file any more`);
    archive.on('error', (e) => out.destroy(e));
    extract.on('error', (e) => out.destroy(e));
    pipeline(entry.stream, out, () => undefined);
    return { stream: out, filename: name, contentType: 'application/octet-stream', size: entry.header.size ?? st.size };
  } catch (err) {
    out.destroy();
    throw engineFailure(err, `Download of ${p}`);
  }
}

/** An upload's bytes: in memory, or spooled to a file by the route (so memory stays bounded). */
export type UploadData = Buffer | { file: string; size: number };

const uploadLimitMessage = () => `Files up to ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MiB can be uploaded`;

/** The refusal for an upload over the limit: 413, in words. */
export function uploadTooLarge(): AppError {
  return new AppError('VALIDATION', uploadLimitMessage(), 413);
}

/**
 * Checks everything about an upload but its bytes: who, where (a folder that exists), under which
 * name. The route calls it before reading the file, so a refusal costs nothing.
 */
export async function prepareUpload(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  id: string,
  input: { dir: unknown; name: unknown },
): Promise<{ dir: string; name: string }> {
  authorize(actor, 'containers.manage', hostId);
  const dir = parsePath(input.dir);
  const parsedName = uploadNameSchema.safeParse(input.name);
  if (!parsedName.success) throw validationFromZod(parsedName.error.issues);
  const { docker } = onlineEngine(rt, hostId);
  const c = docker.getContainer(id);
  let st: PathStat | null;
  try {
    st = await statPath(c, dir);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw engineFailure(err, `Upload to ${dir}`);
    // A HEAD answer has no words: tell a missing container from a missing folder.
    await c.inspect().catch((e: unknown) => {
      throw engineFailure(e, `Container ${id}`);
    });
    throw new NotFoundError(`No such folder in the container: ${dir}`);
  }
  // A link may point at a folder (the engine follows it); anything else that is not a folder cannot take a file.
  if (st && !isDirectory(st) && !st.linkTarget) throw notAFolder(dir);
  return { dir, name: parsedName.data };
}

/** Refuses an upload into a path of the container that is missing or not a folder (`shown` is how the user names it). */
export async function assertFolder(c: Docker.Container, dir: string, shown = dir): Promise<void> {
  let st: PathStat | null;
  try {
    st = await statPath(c, dir);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) throw new NotFoundError(`No such folder: ${shown}`);
    throw engineFailure(err, `Upload to ${shown}`);
  }
  if (st && !isDirectory(st) && !st.linkTarget) throw notAFolder(shown);
}

const notAFolder = (dir: string) => new ValidationError(`${dir} is not a folder: choose a folder to upload into`, { dir: 'Not a folder' });

export async function uploadFile(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  id: string,
  input: { dir: unknown; name: unknown; data: UploadData; prepared?: { dir: string; name: string } },
): Promise<{ path: string }> {
  const size = Buffer.isBuffer(input.data) ? input.data.length : input.data.size;
  authorize(actor, 'containers.manage', hostId);
  if (size > UPLOAD_LIMIT_BYTES) throw uploadTooLarge();
  // The route checks the folder before reading the file when `dir` came first; no second look then.
  const { dir, name } = input.prepared ?? (await prepareUpload(rt, actor, hostId, id, input));
  const { hub, docker } = onlineEngine(rt, hostId);
  const target = path.posix.join(dir, name);
  const cname = resolveContainer(hub, id)?.name ?? id.slice(0, 12);
  const data = input.data;
  return audited(
    rt,
    actor,
    'container.upload',
    `${hub.name}/${cname}:${target}`,
    async () => {
      await putFile(docker.getContainer(id), dir, name, data);
      return { path: target };
    },
    () => `${size} bytes`,
  );
}

/** Writes one file into a folder of a container (`shown`: the folder as the user names it). */
export async function putFile(c: Docker.Container, dir: string, name: string, data: UploadData, shown = dir): Promise<void> {
  const size = Buffer.isBuffer(data) ? data.length : data.size;
  // One tar entry, fed from memory or from the spooled file: the bytes are never all held twice.
  const pack = tar.pack();
  const entry = pack.entry({ name, size, mode: 0o644, mtime: new Date() }, (err) => (err ? pack.destroy(err) : pack.finalize()));
  const source = Buffer.isBuffer(data) ? Readable.from([data]) : fs.createReadStream(data.file);
  pipeline(source, entry, (err) => err && pack.destroy(err));
  try {
    await c.putArchive(pack as unknown as NodeJS.ReadableStream, { path: dir });
  } catch (err) {
    const words = (err as { json?: { message?: string } | null; message?: string }).json?.message ?? (err as Error).message ?? '';
    if (/not a directory/i.test(words)) throw notAFolder(shown);
    throw engineFailure(err, `Upload to ${shown}`);
  } finally {
    source.destroy();
    pack.destroy();
  }
}

export async function commitContainer(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  id: string,
  input: unknown,
): Promise<{ imageId: string; reference: string }> {
  authorize(actor, 'containers.manage', hostId);
  const parsed = commitSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { repo, tag, comment, author, pause } = parsed.data;
  const { hub, docker } = onlineEngine(rt, hostId);
  const cname = resolveContainer(hub, id)?.name ?? id.slice(0, 12);
  const reference = `${repo}:${tag || 'latest'}`;
  // An operation of the activity tray too; the caller still gets the image or the refusal, as before.
  let committed: { imageId: string; reference: string } | null = null;
  let failure: unknown = null;
  const { done } = runOperation(
    rt.operations,
    { hostId, hostName: hub.name, kind: 'commit', title: `Commit ${cname} as ${reference}`, user: actor },
    async () => {
      try {
        committed = await audited(
          rt,
          actor,
          'container.commit',
          `${hub.name}/${cname}`,
          async () => {
            try {
              const res = (await docker.getContainer(id).commit({ repo, tag: tag || 'latest', comment, author, pause })) as { Id: string };
              return { imageId: res.Id, reference };
            } catch (err) {
              throw engineFailure(err, `Commit of ${cname}`);
            }
          },
          () => `as ${reference}`,
        );
      } catch (err) {
        failure = err;
        throw err;
      }
      return { result: `Committed ${reference} (${shortImageId(committed.imageId)})`, imageId: committed.imageId };
    },
  );
  await done;
  if (failure || !committed) throw failure ?? new Error(`Commit of ${cname} did not finish`);
  return committed;
}

export async function exportContainer(rt: Runtime, actor: Actor | null, hostId: string, id: string): Promise<Download> {
  // The whole filesystem as a download: a file download like any other.
  authorize(actor, 'files.read', hostId);
  const { hub, docker } = onlineEngine(rt, hostId);
  const cname = resolveContainer(hub, id)?.name ?? id.slice(0, 12);
  // An operation of the activity tray: its bytes as the browser reads them.
  const { stream } = await downloadOperation(
    rt,
    actor,
    { hostId, hostName: hub.name, kind: 'export', title: `Export ${cname}` },
    { action: 'container.export', target: `${hub.name}/${cname}` },
    async () => {
      try {
        return (await docker.getContainer(id).export()) as unknown as Readable;
      } catch (err) {
        throw engineFailure(err, `Export of ${cname}`);
      }
    },
  );
  return { stream, filename: `${cname}.tar`, contentType: 'application/x-tar', size: null };
}

/**
 * A download's body for a Response. The engine stream is destroyed when the reader cancels (Next
 * cancels the body when the browser goes away mid-download) and when `signal` aborts (the browser
 * left before the answer, when nobody ever reads the body).
 */
export function toWebStream(stream: Readable, signal?: AbortSignal): ReadableStream<Uint8Array> {
  if (signal) {
    const abort = () => stream.destroy();
    if (signal.aborted) abort();
    else {
      signal.addEventListener('abort', abort, { once: true });
      stream.once('close', () => signal.removeEventListener('abort', abort));
    }
  }
  // Not Readable.toWeb: in Node 20 it queues up to 16384 chunks ahead of a slow reader. This queue
  // holds 256 KiB, and the engine stream is paused (TCP backpressure) until the reader wants more.
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const settle = (fn: () => void) => {
          if (settled) return;
          settled = true;
          fn();
        };
        stream.on('data', (chunk: Buffer) => {
          if (settled) return;
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) stream.pause();
        });
        stream.once('end', () => settle(() => controller.close()));
        stream.once('error', (err) => settle(() => controller.error(err)));
        stream.once('close', () => settle(() => controller.error(new Error('The download was cut off'))));
        stream.pause();
        if (stream.destroyed) settle(() => controller.error(new Error('The download was cut off')));
      },
      pull() {
        stream.resume();
      },
      cancel() {
        settled = true;
        stream.destroy();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 256 * 1024 }),
  );
}
