import path from 'node:path';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { commitSchema, containerPathSchema, UPLOAD_LIMIT_BYTES, uploadNameSchema } from '../contracts/container-files';
import type { DirectoryListing, FileEntry } from '../contracts/containers';
import { Demuxer } from '../engines/streams';
import { NotFoundError, ValidationError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import { audited, type Actor } from './audit';
import { authorize } from './authorize';
import { engineFailure, onlineEngine, resolveContainer } from './containers';

const MAX_ENTRIES = 20_000;

function parsePath(p: unknown): string {
  const parsed = containerPathSchema.safeParse(p);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  return path.posix.normalize(parsed.data);
}

// One line per entry: type|size|mtime|perms|link|name (the name last, so it may hold '|').
const LIST_SCRIPT = `cd -- "$1" || exit 2
for f in .* *; do
  case "$f" in .|..) continue;; esac
  [ -e "$f" ] || [ -L "$f" ] || continue
  l=""; [ -L "$f" ] && l=$(readlink -- "$f")
  printf '%s|%s|%s\\n' "$(stat -c '%F|%s|%Y|%A' -- "$f")" "$l" "$f"
done`;

function typeOf(statType: string): FileEntry['type'] {
  if (statType.startsWith('directory')) return 'dir';
  if (statType.startsWith('symbolic link')) return 'symlink';
  if (statType.includes('regular')) return 'file';
  return 'other';
}

export function parseListing(dir: string, out: string): FileEntry[] {
  const entries: FileEntry[] = [];
  for (const line of out.split('\n')) {
    if (!line) continue;
    const parts = line.split('|');
    if (parts.length < 6) continue;
    const [t, size, mtime, mode, link] = parts;
    const name = parts.slice(5).join('|');
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
  e.sort((a, b) => (a.type === 'dir') === (b.type === 'dir') ? a.name.localeCompare(b.name) : a.type === 'dir' ? -1 : 1);

/** Runs a command in the container and collects its output (no TTY). */
export async function execCollect(c: Docker.Container, cmd: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const exec = await c.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = (await exec.start({ hijack: true, stdin: false })) as unknown as Readable;
  const demux = new Demuxer();
  const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      for (const f of demux.push(chunk)) out[f.stream].push(f.data);
    });
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const info = await exec.inspect();
  return { code: info.ExitCode ?? -1, stdout: Buffer.concat(out.stdout).toString('utf8'), stderr: Buffer.concat(out.stderr).toString('utf8') };
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
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      truncated = true;
      archive.destroy();
      resolve();
    }, 15_000);
    extract.on('entry', (header, stream, next) => {
      seen++;
      // Entries are "<dir name>/<relative path>"; keep the first level only.
      const rel = header.name.replace(/\/$/, '').split('/').slice(base ? 1 : 0);
      if (rel.length === 1 && rel[0]) {
        const type: FileEntry['type'] = header.type === 'directory' ? 'dir' : header.type === 'symlink' ? 'symlink' : header.type === 'file' ? 'file' : 'other';
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
  return { entries: sortEntries(entries), truncated };
}

export async function listFiles(rt: Runtime, actor: Actor | null, hostId: string, id: string, dirInput: unknown): Promise<DirectoryListing> {
  authorize(actor, 'containers.read');
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

/** A file comes as itself; a folder as a tar, as the engine's archive API gives it. */
export async function downloadPath(rt: Runtime, actor: Actor | null, hostId: string, id: string, pathInput: unknown): Promise<Download> {
  authorize(actor, 'containers.read');
  const p = parsePath(pathInput);
  const { docker } = onlineEngine(rt, hostId);
  const c = docker.getContainer(id);
  const name = p === '/' ? 'root' : path.posix.basename(p);
  try {
    const archive = (await c.getArchive({ path: p })) as unknown as Readable;
    const extract = tar.extract();
    const first = await new Promise<{ header: tar.Headers; stream: Readable } | null>((resolve, reject) => {
      extract.once('entry', (header, stream) => resolve({ header, stream: stream as unknown as Readable }));
      extract.once('finish', () => resolve(null));
      extract.once('error', reject);
      archive.on('error', reject);
      archive.pipe(extract);
    });
    if (first && first.header.type === 'file') {
      return { stream: first.stream, filename: name, contentType: 'application/octet-stream', size: first.header.size ?? null };
    }
    archive.destroy();
    const tarStream = (await c.getArchive({ path: p })) as unknown as Readable;
    return { stream: tarStream, filename: `${name}.tar`, contentType: 'application/x-tar', size: null };
  } catch (err) {
    throw engineFailure(err, `Download of ${p}`);
  }
}

export async function uploadFile(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  id: string,
  input: { dir: unknown; name: unknown; data: Buffer },
): Promise<{ path: string }> {
  authorize(actor, 'containers.manage');
  const dir = parsePath(input.dir);
  const parsedName = uploadNameSchema.safeParse(input.name);
  if (!parsedName.success) throw validationFromZod(parsedName.error.issues);
  if (input.data.length > UPLOAD_LIMIT_BYTES) throw new ValidationError(`Files up to ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MiB can be uploaded`);
  const { hub, docker } = onlineEngine(rt, hostId);
  const target = path.posix.join(dir, parsedName.data);
  const cname = resolveContainer(hub, id)?.name ?? id.slice(0, 12);
  return audited(rt, actor, 'container.upload', `${hub.name}/${cname}:${target}`, async () => {
    const pack = tar.pack();
    pack.entry({ name: parsedName.data, size: input.data.length, mode: 0o644, mtime: new Date() }, input.data);
    pack.finalize();
    try {
      await docker.getContainer(id).putArchive(pack as unknown as NodeJS.ReadableStream, { path: dir });
    } catch (err) {
      throw engineFailure(err, `Upload to ${dir}`);
    }
    return { path: target };
  }, () => `${input.data.length} bytes`);
}

export async function commitContainer(
  rt: Runtime,
  actor: Actor | null,
  hostId: string,
  id: string,
  input: unknown,
): Promise<{ imageId: string; reference: string }> {
  authorize(actor, 'containers.manage');
  const parsed = commitSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const { repo, tag, comment, author, pause } = parsed.data;
  const { hub, docker } = onlineEngine(rt, hostId);
  const cname = resolveContainer(hub, id)?.name ?? id.slice(0, 12);
  const reference = `${repo}:${tag || 'latest'}`;
  return audited(rt, actor, 'container.commit', `${hub.name}/${cname}`, async () => {
    try {
      const res = (await docker.getContainer(id).commit({ repo, tag: tag || 'latest', comment, author, pause })) as { Id: string };
      return { imageId: res.Id, reference };
    } catch (err) {
      throw engineFailure(err, `Commit of ${cname}`);
    }
  }, () => `as ${reference}`);
}

export async function exportContainer(rt: Runtime, actor: Actor | null, hostId: string, id: string): Promise<Download> {
  authorize(actor, 'containers.read');
  const { hub, docker } = onlineEngine(rt, hostId);
  const cname = resolveContainer(hub, id)?.name ?? id.slice(0, 12);
  try {
    const stream = (await docker.getContainer(id).export()) as unknown as Readable;
    return { stream, filename: `${cname}.tar`, contentType: 'application/x-tar', size: null };
  } catch (err) {
    throw engineFailure(err, `Export of ${cname}`);
  }
}

export function toWebStream(stream: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;
}
