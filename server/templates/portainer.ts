import { z } from 'zod';
import type { AppTemplate, TemplateEnv, TemplateKind, TemplatePort, TemplateVolume } from '../contracts/templates';
import { ValidationError } from '../errors';

// Portainer's app template files, versions 2 and 3 (`{"version":"2"|"3","templates":[…]}`): type 1
// is a container, 2 a swarm stack, 3 a compose stack. Files in the wild are loose (numbers as strings,
// fields missing), so every field is read leniently and a template that cannot be read is skipped
// with a reason rather than failing the whole file.

const text = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const opt = <T extends z.ZodType>(s: T) => s.optional().catch(undefined);

const envSchema = z.object({
  name: text,
  label: opt(text),
  description: opt(text),
  default: opt(text),
  preset: opt(z.boolean()),
  select: opt(z.array(z.object({ text: opt(text), value: text, default: opt(z.boolean()) }))),
});

const templateSchema = z.object({
  type: opt(z.coerce.number()),
  title: opt(text),
  name: opt(text),
  description: opt(text),
  categories: opt(z.array(text)),
  logo: opt(text),
  image: opt(text),
  registry: opt(text),
  ports: opt(z.array(text)),
  volumes: opt(z.array(z.object({ container: text, bind: opt(text), readonly: opt(z.boolean()) }))),
  env: opt(z.array(envSchema)),
  labels: opt(z.array(z.object({ name: text, value: opt(text) }))),
  restart_policy: opt(text),
  command: opt(text),
  network: opt(text),
  hostname: opt(text),
  privileged: opt(z.boolean()),
  note: opt(text),
  repository: opt(z.object({ url: opt(text), stackfile: opt(text) })),
});

const KINDS: Record<number, TemplateKind> = { 1: 'container', 2: 'swarm-stack', 3: 'compose-stack' };

/** `"8080:80/tcp"`, `"80/udp"`, `"127.0.0.1:8080:80"`, `"80"` → a port; null when it is not one. */
export function parseTemplatePort(spec: string): TemplatePort | null {
  const m = /^(?:(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d{1,5})?:)?(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(spec.trim());
  if (!m) return null;
  const hostPort = m[2] ? Number(m[2]) : null;
  const containerPort = Number(m[3]);
  const ok = (p: number) => p >= 1 && p <= 65535;
  if (!ok(containerPort) || (hostPort !== null && !ok(hostPort))) return null;
  return { hostIp: m[1] ?? '', hostPort, containerPort, protocol: (m[4]?.toLowerCase() ?? 'tcp') as TemplatePort['protocol'] };
}

/** Portainer's `command` is one string: split like a shell would on spaces and simple quotes. */
export function splitCommand(command: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(command); m; m = re.exec(command)) out.push(m[1]?.replace(/\\(.)/g, '$1') ?? m[2] ?? m[3]!);
  return out;
}

function toEnv(e: z.infer<typeof envSchema>): TemplateEnv {
  const select = e.select?.length ? e.select.map((s) => ({ text: s.text ?? s.value, value: s.value, default: s.default === true })) : null;
  const chosen = select ? (select.find((s) => s.default) ?? select[0]!).value : null;
  return {
    name: e.name,
    label: e.label || e.name,
    description: e.description ?? '',
    default: chosen ?? e.default ?? '',
    preset: e.preset === true,
    select,
  };
}

const RESTART = new Set(['no', 'always', 'unless-stopped', 'on-failure']);

/** The full reference: Portainer keeps the registry apart (`registry` + `image`). */
function fullImage(image: string | undefined, registry: string | undefined): string | null {
  if (!image) return null;
  const reg = registry
    ?.trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
  if (!reg || image.startsWith(`${reg}/`)) return image;
  return `${reg}/${image}`;
}

export interface ParsedTemplates {
  version: '2' | '3';
  templates: Array<Omit<AppTemplate, 'id' | 'sourceId' | 'sourceName'>>;
  /** Entries left out, with why (1-based positions). */
  skipped: string[];
}

/** Reads a Portainer template file (text or parsed JSON); a file that is not one says why. */
export function parsePortainerTemplates(input: unknown): ParsedTemplates {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      throw new ValidationError(`Not a template file: the JSON does not parse (${(err as Error).message})`);
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new ValidationError('Not a template file: expected {"version": "2" or "3", "templates": [...]}');
  const { version, templates } = doc as { version?: unknown; templates?: unknown };
  const v = String(version ?? '');
  if (v !== '2' && v !== '3')
    throw new ValidationError(
      version === undefined
        ? 'Not a Portainer template file: it has no "version" (2 or 3 are read)'
        : `Template file version ${v} is not supported: versions 2 and 3 are`,
    );
  if (!Array.isArray(templates)) throw new ValidationError('Not a template file: "templates" must be a list');
  const out: ParsedTemplates = { version: v, templates: [], skipped: [] };
  templates.forEach((raw, i) => {
    const r = templateSchema.safeParse(raw);
    if (!r.success) {
      out.skipped.push(`#${i + 1}: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`);
      return;
    }
    const t = r.data;
    const kind = KINDS[t.type ?? 1];
    const title = t.title || t.name || t.image;
    if (!kind) return void out.skipped.push(`#${i + 1} (${title ?? 'untitled'}): unknown type ${t.type}`);
    if (!title) return void out.skipped.push(`#${i + 1}: no title`);
    const image = fullImage(t.image, t.registry);
    if (kind === 'container' && !image) return void out.skipped.push(`#${i + 1} (${title}): a container template without an image`);
    const ports: TemplatePort[] = [];
    for (const p of t.ports ?? []) {
      const port = parseTemplatePort(p);
      if (port) ports.push(port);
      else out.skipped.push(`#${i + 1} (${title}): port "${p}" left out (not [host:]container[/proto])`);
    }
    const volumes: TemplateVolume[] = (t.volumes ?? [])
      .filter((vol) => vol.container.startsWith('/'))
      .map((vol) => ({ container: vol.container, bind: vol.bind?.startsWith('/') ? vol.bind : null, readOnly: vol.readonly === true }));
    const policy = t.restart_policy ?? 'no';
    out.templates.push({
      kind,
      deployable: kind === 'container',
      title,
      description: t.description ?? '',
      categories: [...new Set((t.categories ?? []).map((c) => c.trim()).filter(Boolean))],
      logo: t.logo && /^https?:\/\//.test(t.logo) ? t.logo : null,
      image,
      ports,
      volumes,
      env: (t.env ?? []).filter((e) => e.name).map(toEnv),
      labels: (t.labels ?? []).map((l) => ({ key: l.name, value: l.value ?? '' })),
      restartPolicy: (RESTART.has(policy) ? policy : 'no') as AppTemplate['restartPolicy'],
      command: t.command ? splitCommand(t.command) : [],
      network: t.network ?? '',
      hostname: t.hostname ?? '',
      privileged: t.privileged === true,
      note: t.note ?? null,
      stackFile: t.repository?.url ? `${t.repository.url}${t.repository.stackfile ? ` → ${t.repository.stackfile}` : ''}` : null,
    });
  });
  return out;
}
