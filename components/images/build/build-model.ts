import type { BuildOptionsInput, ContextFileEntry } from '@/server/contracts/image-build';
import type { ImageSummary, OperationLogLine } from '@/server/contracts/images';

// The build page's logic without React: the starting Dockerfile, the form's values as the route wants
// them, a picked folder as the list of files to send, and a build log grouped by step.

/** The base image the template starts from: a small well-known one when the host has it, else any tagged one. */
export function defaultBase(images: ImageSummary[]): string {
  const tags = images.flatMap((i) => i.tags).sort();
  const small = ['busybox', 'alpine', 'debian', 'ubuntu'];
  for (const name of small) {
    const t = tags.find((tag) => (tag.split('/').pop() ?? '').startsWith(`${name}:`));
    if (t) return t;
  }
  return tags[0] ?? 'busybox:latest';
}

export function dockerfileTemplate(base: string): string {
  return [
    `FROM ${base}`,
    '# Each RUN makes a layer; its output shows in the build log.',
    'RUN echo "Hello from Wharf" > /hello.txt',
    'CMD ["cat", "/hello.txt"]',
    '',
  ].join('\n');
}

/** Puts `base` in the first FROM line (keeping `AS name` and flags), or adds a FROM line on top. */
export function withBase(dockerfile: string, base: string): string {
  const lines = dockerfile.split('\n');
  const i = lines.findIndex((l) => /^\s*FROM\s/i.test(l));
  if (i < 0) return `FROM ${base}\n${dockerfile}`;
  const m = /^(\s*FROM\s+(?:--\S+\s+)*)(\S+)(.*)$/i.exec(lines[i]!);
  lines[i] = m ? `${m[1]}${base}${m[3]}` : `FROM ${base}`;
  return lines.join('\n');
}

/** The image the first FROM names, if any. */
export function firstBase(dockerfile: string): string | null {
  const m = /^\s*FROM\s+(?:--\S+\s+)*(\S+)/im.exec(dockerfile);
  return m?.[1] ?? null;
}

export interface KeyValueRow {
  key: string;
  value: string;
}

/** Rows → record; rows without a key are dropped (an empty row is the form's spare row). */
export function rowsToRecord(rows: KeyValueRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.key.trim()) out[r.key.trim()] = r.value;
  return out;
}

/** "team/app:1.0, team/app:latest" or one per line → the tags. */
export const parseTags = (s: string): string[] =>
  s
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);

export interface BuildFormValues {
  tags: string;
  buildArgs: KeyValueRow[];
  target: string;
  labels: KeyValueRow[];
  noCache: boolean;
  pull: boolean;
  dockerfilePath: string;
}

export const emptyBuildForm = (): BuildFormValues => ({
  tags: '',
  buildArgs: [{ key: '', value: '' }],
  target: '',
  labels: [{ key: '', value: '' }],
  noCache: false,
  pull: false,
  dockerfilePath: '',
});

export function buildOptions(v: BuildFormValues, withDockerfilePath: boolean): BuildOptionsInput {
  const o: BuildOptionsInput = {
    tags: parseTags(v.tags),
    buildArgs: rowsToRecord(v.buildArgs),
    labels: rowsToRecord(v.labels),
    noCache: v.noCache,
    pull: v.pull,
  };
  if (v.target.trim()) o.target = v.target.trim();
  if (withDockerfilePath && v.dockerfilePath.trim()) o.dockerfile = v.dockerfilePath.trim();
  return o;
}

/**
 * `.dockerignore` as the CLI reads it, for a folder picked in the browser: patterns with `*`, `?` and
 * `**`, a leading `!` to keep again, the last matching line wins, and a folder that matches takes its
 * contents with it.
 */
export function dockerignoreMatcher(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const keep = l.startsWith('!');
      const pattern = (keep ? l.slice(1) : l)
        .trim()
        .replace(/^\/+|\/+$/g, '')
        .replace(/^\.\//, '');
      return { keep, re: globToRegExp(pattern) };
    })
    .filter((r) => r.re);
  return (path: string) => {
    const parts = path.split('/');
    let ignored = false;
    for (const r of rules) {
      // The path itself or one of the folders above it.
      for (let n = 1; n <= parts.length; n++) {
        if (r.re!.test(parts.slice(0, n).join('/'))) {
          ignored = !r.keep;
          break;
        }
      }
    }
    return ignored;
  };
}

function globToRegExp(pattern: string): RegExp | null {
  if (!pattern) return null;
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches any number of folders, `**` at the end anything.
      re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export interface PickedFile {
  file: File;
  path: string;
}

export interface PickedFolder {
  name: string;
  files: PickedFile[];
  /** Files left out by the folder's .dockerignore. */
  ignored: number;
  size: number;
}

/** A folder from `<input webkitdirectory>`: paths relative to the folder, its .dockerignore applied. */
export async function pickFolder(list: FileList | File[]): Promise<PickedFolder> {
  const all = [...list].map((file) => {
    const rel = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
    const parts = rel.split('/');
    return { file, path: parts.length > 1 ? parts.slice(1).join('/') : rel, folder: parts.length > 1 ? parts[0]! : '' };
  });
  const ignoreFile = all.find((f) => f.path === '.dockerignore');
  const ignore = ignoreFile ? dockerignoreMatcher(await ignoreFile.file.text()) : () => false;
  // The CLI always sends the Dockerfile and .dockerignore, whatever .dockerignore says.
  const kept = all.filter((f) => f.path === 'Dockerfile' || f.path === '.dockerignore' || !ignore(f.path));
  return {
    name: all[0]?.folder ?? '',
    files: kept.map(({ file, path }) => ({ file, path })),
    ignored: all.length - kept.length,
    size: kept.reduce((n, f) => n + f.file.size, 0),
  };
}

export const folderManifest = (folder: PickedFolder): ContextFileEntry[] => folder.files.map((f) => ({ path: f.path, size: f.file.size }));

/** One step of a build log with the lines under it. */
export interface LogStep {
  /** The `Step n/m : …` line, or null for what came before the first step. */
  title: string | null;
  lines: OperationLogLine[];
  failed: boolean;
}

/** Groups a build's log by step; the step during which an error came is the failed one. */
export function groupSteps(log: OperationLogLine[]): LogStep[] {
  const steps: LogStep[] = [];
  let cur: LogStep | null = null;
  for (const line of log) {
    if (line.kind === 'step') {
      cur = { title: line.text, lines: [], failed: false };
      steps.push(cur);
      continue;
    }
    if (!cur) {
      cur = { title: null, lines: [], failed: false };
      steps.push(cur);
    }
    cur.lines.push(line);
    if (line.kind === 'error') cur.failed = true;
  }
  return steps;
}
