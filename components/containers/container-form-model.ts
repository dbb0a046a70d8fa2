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
  healthMode: CreateContainerSpec['healthcheck']['mode'];
  healthCmd: string;
  healthInterval: string;
  healthTimeout: string;
  healthStartPeriod: string;
  healthRetries: string;
  /** Lists typed as text, one entry per line (or comma/space separated where entries have no spaces). */
  capAdd: string;
  capDrop: string;
  logDriver: string;
  logOpts: string;
  devices: string;
  ulimits: string;
  dns: string;
  extraHosts: string;
  securityOpt: string;
  stopTimeout: string;
  pid: string;
  ipc: string;
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
  healthMode: 'image',
  healthCmd: '',
  healthInterval: '',
  healthTimeout: '',
  healthStartPeriod: '',
  healthRetries: '',
  capAdd: '',
  capDrop: '',
  logDriver: '',
  logOpts: '',
  devices: '',
  ulimits: '',
  dns: '',
  extraHosts: '',
  securityOpt: '',
  stopTimeout: '',
  pid: '',
  ipc: '',
};

/** The text fields that hold a list, and how each line reads back into the spec. */
const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);
const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
function kvLine(l: string) {
  const i = l.indexOf('=');
  return i < 0 ? { key: l, value: '' } : { key: l.slice(0, i), value: l.slice(i + 1) };
}
function deviceLine(l: string) {
  const [hostPath = '', second, third] = l.split(':');
  if (second && /^[rwm]{1,3}$/.test(second) && third === undefined) return { hostPath, containerPath: '', permissions: second };
  return { hostPath, containerPath: second ?? '', permissions: third || 'rwm' };
}
function ulimitLine(l: string) {
  const m = /^([^=]*)=([^:]*)(?::(.*))?$/.exec(l);
  return m ? { name: m[1]!, soft: m[2]!, hard: m[3] ?? m[2]! } : { name: l, soft: '', hard: '' };
}
function hostLine(l: string) {
  const i = l.includes('=') ? l.indexOf('=') : l.indexOf(':');
  return i < 0 ? { host: l, ip: '' } : { host: l.slice(0, i), ip: l.slice(i + 1) };
}
/** Reads `KEY=value` lines of an env file (comments and blank lines skipped, `export ` allowed). */
export function parseEnvFile(text: string): KeyValueRow[] {
  return lines(text)
    .filter((l) => !l.startsWith('#'))
    .map((l) => kvLine(l.replace(/^export\s+/, '')))
    .map(({ key, value }) => ({ key, value: /^(['"])(.*)\1$/.test(value) ? value.slice(1, -1) : value }));
}

/** Spec keys whose entries are lines of one text field: an error on entry N is shown on the field. */
const WORD_FIELDS = new Set(['capAdd', 'capDrop', 'dns']);
const LINE_FIELDS = ['capAdd', 'capDrop', 'logOpts', 'devices', 'ulimits', 'dns', 'extraHosts', 'securityOpt'] as const;

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
    healthMode: spec.healthcheck?.mode ?? 'image',
    healthCmd: spec.healthcheck?.cmd ?? '',
    healthInterval: num(spec.healthcheck?.intervalS),
    healthTimeout: num(spec.healthcheck?.timeoutS),
    healthStartPeriod: num(spec.healthcheck?.startPeriodS),
    healthRetries: num(spec.healthcheck?.retries),
    capAdd: (spec.capAdd ?? []).join(' '),
    capDrop: (spec.capDrop ?? []).join(' '),
    logDriver: spec.logDriver ?? '',
    logOpts: (spec.logOpts ?? []).map((o) => `${o.key}=${o.value ?? ''}`).join('\n'),
    devices: (spec.devices ?? [])
      .map((d) =>
        [d.hostPath, d.containerPath && d.containerPath !== d.hostPath ? d.containerPath : '', d.permissions === 'rwm' ? '' : d.permissions]
          .filter(Boolean)
          .join(':'),
      )
      .join('\n'),
    ulimits: (spec.ulimits ?? []).map((u) => `${u.name}=${u.soft}${String(u.hard) === String(u.soft) ? '' : `:${u.hard}`}`).join('\n'),
    dns: (spec.dns ?? []).join(' '),
    extraHosts: (spec.extraHosts ?? []).map((x) => `${x.host}:${x.ip}`).join('\n'),
    securityOpt: (spec.securityOpt ?? []).join('\n'),
    stopTimeout: spec.stopTimeout == null ? '' : String(spec.stopTimeout),
    pid: spec.pid ?? '',
    ipc: spec.ipc ?? '',
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
    healthcheck: {
      mode: v.healthMode,
      cmd: v.healthCmd,
      intervalS: v.healthInterval.trim() || 0,
      timeoutS: v.healthTimeout.trim() || 0,
      startPeriodS: v.healthStartPeriod.trim() || 0,
      retries: v.healthRetries.trim() || 0,
    },
    capAdd: words(v.capAdd),
    capDrop: words(v.capDrop),
    logDriver: v.logDriver,
    logOpts: lines(v.logOpts).map(kvLine),
    devices: lines(v.devices).map(deviceLine),
    ulimits: lines(v.ulimits).map(ulimitLine),
    dns: words(v.dns),
    extraHosts: lines(v.extraHosts).map(hostLine),
    securityOpt: lines(v.securityOpt),
    stopTimeout: v.stopTimeout.trim() || null,
    pid: v.pid,
    ipc: v.ipc,
  };
  // Every row is sent as it stands, so error keys (env.1.key) point at the row on screen.
  const parsed = createContainerSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.');
      errors[key] ??= issue.message;
    }
  }
  Object.assign(errors, lineErrors(errors));
  return { spec: Object.keys(errors).length ? null : input, errors };
}

/** `devices.1.hostPath` → `devices`: "line 2: …", so an error in a list typed as lines shows on its field. */
export function lineErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const [field, index] = key.split('.');
    if ((LINE_FIELDS as readonly string[]).includes(field!) && index !== undefined && !(field! in out))
      out[field!] = `${WORD_FIELDS.has(field!) ? 'Entry' : 'Line'} ${Number(index) + 1}: ${message}`;
  }
  return out;
}
