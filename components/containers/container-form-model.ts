import { createContainerSchema, type CreateContainerInput, type CreateContainerSpec } from '@/server/contracts/container-create';
import { DockerRunParseError, shellSplit } from './parse-docker-run';

export interface KeyValueRow {
  key: string;
  value: string;
}
export interface PortRow {
  hostIp: string;
  hostPort: string;
  containerPort: string;
  protocol: 'tcp' | 'udp' | 'sctp';
}
export interface VolumeRow {
  type: 'bind' | 'volume';
  source: string;
  target: string;
  readOnly: boolean;
}

/** What the inputs hold: text as typed, converted to a spec on submit. */
export interface FormValues {
  image: string;
  name: string;
  command: string;
  entrypoint: string;
  env: KeyValueRow[];
  ports: PortRow[];
  volumes: VolumeRow[];
  network: string;
  restartPolicy: CreateContainerSpec['restartPolicy'];
  maxRetries: string;
  memoryMb: string;
  cpus: string;
  init: boolean;
  tty: boolean;
  openStdin: boolean;
  labels: KeyValueRow[];
  hostname: string;
  workingDir: string;
  user: string;
  pull: CreateContainerSpec['pull'];
}

export const EMPTY_FORM: FormValues = {
  image: '',
  name: '',
  command: '',
  entrypoint: '',
  env: [],
  ports: [],
  volumes: [],
  network: '',
  restartPolicy: 'no',
  maxRetries: '0',
  memoryMb: '',
  cpus: '',
  init: false,
  tty: false,
  openStdin: false,
  labels: [],
  hostname: '',
  workingDir: '',
  user: '',
  pull: 'missing',
};

/** Joins argv back into one line that shellSplit reads the same way. */
export function shellJoin(argv: string[]): string {
  return argv.map((a) => (a === '' ? "''" : /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

const num = (v: unknown) => (v === undefined || v === null || v === 0 || v === '0' || v === '' ? '' : String(v));

export function valuesFromSpec(spec: CreateContainerInput): FormValues {
  return {
    image: spec.image ?? '',
    name: spec.name ?? '',
    command: shellJoin(spec.cmd ?? []),
    entrypoint: shellJoin(spec.entrypoint ?? []),
    env: (spec.env ?? []).map((e) => ({ key: e.key, value: e.value ?? '' })),
    ports: (spec.ports ?? []).map((p) => ({
      hostIp: p.hostIp ?? '',
      hostPort: p.hostPort == null || p.hostPort === '' ? '' : String(p.hostPort),
      containerPort: String(p.containerPort ?? ''),
      protocol: p.protocol ?? 'tcp',
    })),
    volumes: (spec.volumes ?? []).map((v) => ({ type: v.type, source: v.source, target: v.target, readOnly: v.readOnly ?? false })),
    network: spec.network ?? '',
    restartPolicy: spec.restartPolicy ?? 'no',
    maxRetries: String((spec.maxRetries as number | string | undefined) ?? 0),
    memoryMb: num(spec.memoryMb),
    cpus: num(spec.cpus),
    init: spec.init ?? false,
    tty: spec.tty ?? false,
    openStdin: spec.openStdin ?? false,
    labels: (spec.labels ?? []).map((e) => ({ key: e.key, value: e.value ?? '' })),
    hostname: spec.hostname ?? '',
    workingDir: spec.workingDir ?? '',
    user: spec.user ?? '',
    pull: spec.pull ?? 'missing',
  };
}

/** The spec to send, or field errors keyed like the server's (`ports.0.hostPort`, `env.1.key`). */
export function specFromValues(v: FormValues, start: boolean): { spec: CreateContainerInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const split = (text: string, field: string): string[] => {
    try {
      return shellSplit(text);
    } catch (err) {
      errors[field] = err instanceof DockerRunParseError ? err.message : String(err);
      return [];
    }
  };
  const input: CreateContainerInput = {
    image: v.image.trim(),
    name: v.name.trim(),
    cmd: split(v.command, 'cmd'),
    entrypoint: split(v.entrypoint, 'entrypoint'),
    env: v.env,
    ports: v.ports.map((p) => ({
      hostIp: p.hostIp.trim(),
      hostPort: p.hostPort.trim() === '' ? null : p.hostPort.trim(),
      containerPort: p.containerPort.trim(),
      protocol: p.protocol,
    })),
    volumes: v.volumes,
    network: v.network,
    restartPolicy: v.restartPolicy,
    maxRetries: v.restartPolicy === 'on-failure' ? v.maxRetries || 0 : 0,
    memoryMb: v.memoryMb.trim() || 0,
    cpus: v.cpus.trim() || 0,
    init: v.init,
    tty: v.tty,
    openStdin: v.openStdin,
    labels: v.labels,
    hostname: v.hostname,
    workingDir: v.workingDir,
    user: v.user,
    start,
    pull: v.pull,
  };
  // Every row is sent as it stands, so error keys (env.1.key) point at the row on screen.
  const parsed = createContainerSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.');
      errors[key] ??= issue.message;
    }
  }
  return { spec: Object.keys(errors).length ? null : input, errors };
}
