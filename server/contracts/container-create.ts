import { z } from 'zod';
import type { TransferProgress } from './images';
import { containerNameSchema } from './container-actions';
import { hasControl, hasNul, isEnvKey, isImageRef, isIP, isObjectRef } from './refs';

const arg = z
  .string()
  .max(32_768)
  .refine((a) => !hasNul(a), 'Arguments cannot hold a NUL character');
/** A user as `docker run -u` takes it: name or uid, optionally `:group`. */
const USER_PATTERN = /^$|^[a-zA-Z0-9_.][a-zA-Z0-9_.-]*(?::[a-zA-Z0-9_.][a-zA-Z0-9_.-]*)?$/;
export const userSchema = z.string().trim().max(256).regex(USER_PATTERN, 'User is a name or uid, optionally :group').default('');
/** An absolute path in the container, or empty for the image's own. */
export const workingDirSchema = z
  .string()
  .trim()
  .max(4096)
  .refine((v) => v === '' || v.startsWith('/'), 'Working directory must be absolute')
  .refine((v) => !hasControl(v), 'Working directory cannot hold control characters')
  .default('');

const keyValue = z.object({
  key: z
    .string()
    .trim()
    .min(1, 'Key is required')
    .max(256)
    .refine((k) => !hasControl(k), 'Keys cannot hold control characters'),
  value: z
    .string()
    .max(32_768)
    .refine((v) => !hasNul(v), 'Values cannot hold a NUL character')
    .default(''),
});
const envEntry = keyValue.refine((kv) => isEnvKey(kv.key), {
  message: 'Variable names cannot contain "=" or control characters',
  path: ['key'],
});

const port = (what: string) =>
  z.coerce
    .number({ message: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(1, `${what} must be between 1 and 65535`)
    .max(65535, `${what} must be between 1 and 65535`);

const portSpecSchema = z.object({
  hostIp: z
    .string()
    .trim()
    .max(64)
    .refine((v) => v === '' || isIP(v), 'Host IP must be an IPv4 or IPv6 address, or empty for all')
    .default(''),
  /** Empty: the engine picks a free port. */
  hostPort: z
    .union([z.literal(''), z.null(), port('Host port')])
    .optional()
    .transform((v) => (v === '' || v == null ? null : v)),
  containerPort: port('Container port'),
  protocol: z.enum(['tcp', 'udp', 'sctp']).default('tcp'),
});
export type PortSpec = z.infer<typeof portSpecSchema>;

const volumeSpecSchema = z
  .object({
    type: z.enum(['bind', 'volume']),
    source: z
      .string()
      .trim()
      .min(1, 'Source is required')
      .max(4096)
      // Binds are `source:target[:ro]`: a colon or a control character would change their meaning.
      .refine((v) => !v.includes(':') && !hasControl(v), 'A mount source cannot contain ":" or control characters'),
    target: z
      .string()
      .trim()
      .min(1, 'Container path is required')
      .max(4096)
      .refine((v) => v.startsWith('/'), 'Container path must be absolute')
      .refine((v) => !v.includes(':') && !hasControl(v), 'A container path cannot contain ":" or control characters'),
    readOnly: z.boolean().default(false),
  })
  .refine((v) => v.type !== 'bind' || v.source.startsWith('/'), {
    message: 'A bind mount source must be an absolute host path',
    path: ['source'],
  })
  .refine((v) => v.type !== 'volume' || /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(v.source), {
    message: 'A volume name may contain letters, digits, _ . and -',
    path: ['source'],
  });

export const RESTART_POLICIES = ['no', 'always', 'unless-stopped', 'on-failure'] as const;

const seconds = (what: string) =>
  z.coerce
    .number({ message: `${what} must be a number of seconds` })
    .min(0, `${what} cannot be negative`)
    .max(86_400, `${what} is at most a day`)
    .default(0);

/** `--health-*`: keep the image's check, run this shell command instead, or none at all. */
const healthcheckSchema = z
  .object({
    mode: z.enum(['image', 'cmd', 'none']).default('image'),
    cmd: z
      .string()
      .max(8192)
      .refine((v) => !hasNul(v), 'The command cannot hold a NUL character')
      .default(''),
    /** Seconds; 0 = the engine's default. */
    intervalS: seconds('Interval'),
    timeoutS: seconds('Timeout'),
    startPeriodS: seconds('Start period'),
    retries: z.coerce.number().int('Retries must be a whole number').min(0).max(1000).default(0),
  })
  .refine((h) => h.mode !== 'cmd' || h.cmd.trim() !== '', { message: 'Give the command the healthcheck runs', path: ['cmd'] });

/** A capability as `--cap-add` takes it: NET_ADMIN, cap_net_admin or ALL. */
const capabilitySchema = z
  .string()
  .trim()
  .regex(/^(CAP_)?[A-Z_]{2,32}$/i, 'A capability is a name like NET_ADMIN (or ALL)')
  .transform((c) => c.toUpperCase().replace(/^CAP_/, ''));

const absPath = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .max(4096)
    .refine((v) => v.startsWith('/'), `${what} must be an absolute path`)
    .refine((v) => !v.includes(':') && !hasControl(v), `${what} cannot contain ":" or control characters`);

const deviceSchema = z.object({
  hostPath: absPath('Device path on the host'),
  /** Empty: the same path in the container. */
  containerPath: z.union([z.literal(''), absPath('Device path in the container')]).default(''),
  permissions: z
    .string()
    .regex(/^(?!.*(.).*\1)[rwm]{1,3}$/, 'Device permissions are some of r, w and m')
    .default('rwm'),
});

const ulimitSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[a-z]{2,16}$/, 'A ulimit is a name like nofile or nproc'),
    soft: z.coerce.number().int('Limits are whole numbers').min(-1),
    hard: z.coerce.number().int('Limits are whole numbers').min(-1),
  })
  .refine((u) => u.hard === -1 || (u.soft !== -1 && u.soft <= u.hard), {
    message: 'The soft limit cannot exceed the hard one',
    path: ['soft'],
  });

const extraHostSchema = z.object({
  host: z
    .string()
    .trim()
    .max(253)
    .regex(/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/, 'A host name may contain letters, digits, - and dots'),
  ip: z
    .string()
    .trim()
    .refine((v) => v === 'host-gateway' || isIP(v), 'The address is an IP (or host-gateway)'),
});

/** `--pid` / `--ipc`: the engine's default (empty), the host's, or another container's. */
const namespaceMode = (what: string, modes: readonly string[]) =>
  z
    .string()
    .trim()
    .max(300)
    .refine(
      (v) => v === '' || modes.includes(v) || (v.startsWith('container:') && isObjectRef(v.slice('container:'.length))),
      `${what} is ${[...modes, 'container:<name>'].join(', ')} or empty`,
    )
    .default('');

export const createContainerSchema = z.object({
  image: z
    .string()
    .trim()
    .min(1, 'Image is required')
    .max(512)
    .refine(isImageRef, 'Not an image reference (e.g. nginx:1.27 or registry:5000/team/app:1.2)'),
  name: z
    .union([z.literal(''), containerNameSchema])
    .optional()
    .default(''),
  cmd: z.array(arg).max(1000).default([]),
  entrypoint: z.array(arg).max(1000).default([]),
  env: z.array(envEntry).max(1000).default([]),
  ports: z.array(portSpecSchema).max(200).default([]),
  volumes: z.array(volumeSpecSchema).max(200).default([]),
  network: z
    .string()
    .trim()
    .max(256)
    .refine((v) => v === '' || isObjectRef(v.replace(/^container:/, '')), 'Not a network name (or container:<name>)')
    .default(''),
  restartPolicy: z.enum(RESTART_POLICIES).default('no'),
  maxRetries: z.coerce.number().int().min(0).max(1000).default(0),
  memoryMb: z.coerce
    .number()
    .min(0, 'Memory cannot be negative')
    .max(16 * 1024 * 1024)
    .default(0),
  cpus: z.coerce.number().min(0, 'CPUs cannot be negative').max(1024).default(0),
  init: z.boolean().default(false),
  labels: z.array(keyValue).max(1000).default([]),
  tty: z.boolean().default(false),
  openStdin: z.boolean().default(false),
  hostname: z
    .string()
    .trim()
    .max(253)
    .regex(
      /^$|^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/,
      'Hostname may contain letters, digits, - and dots',
    )
    .default(''),
  workingDir: workingDirSchema,
  user: userSchema,
  healthcheck: healthcheckSchema.default({ mode: 'image', cmd: '', intervalS: 0, timeoutS: 0, startPeriodS: 0, retries: 0 }),
  capAdd: z.array(capabilitySchema).max(64).default([]),
  capDrop: z.array(capabilitySchema).max(64).default([]),
  /** Empty: the engine's default log driver. */
  logDriver: z
    .string()
    .trim()
    .max(64)
    .regex(/^$|^[a-z0-9][a-z0-9_.:/-]*$/i, 'Not a log driver name (e.g. json-file, local, syslog)')
    .default(''),
  logOpts: z.array(keyValue).max(100).default([]),
  devices: z.array(deviceSchema).max(100).default([]),
  ulimits: z.array(ulimitSchema).max(50).default([]),
  dns: z
    .array(
      z
        .string()
        .trim()
        .refine((v) => isIP(v), 'A DNS server is an IP address'),
    )
    .max(20)
    .default([]),
  extraHosts: z.array(extraHostSchema).max(200).default([]),
  securityOpt: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(1024)
        .refine((v) => !hasControl(v), 'Security options cannot hold control characters'),
    )
    .max(50)
    .default([]),
  /** Seconds `docker stop` waits before killing; null: the engine's default (10 s). */
  stopTimeout: z
    .union([z.literal(''), z.null(), z.coerce.number().int('Stop timeout is whole seconds').min(0).max(86_400)])
    .optional()
    .transform((v) => (v === '' || v == null ? null : v)),
  pid: namespaceMode('PID mode', ['host']),
  ipc: namespaceMode('IPC mode', ['host', 'private', 'shareable', 'none']),
  /** Start it after creating. */
  start: z.boolean().default(true),
  /** Pull the image when the engine does not have it. */
  pull: z.enum(['missing', 'always', 'never']).default('missing'),
});
export type CreateContainerInput = z.input<typeof createContainerSchema>;
export type CreateContainerSpec = z.infer<typeof createContainerSchema>;

/** The steps of an edit & recreate, in order, as the form shows them happening. */
export const RECREATE_STEPS = ['pull', 'stop', 'rename', 'create', 'start', 'remove'] as const;
export type RecreateStep = (typeof RECREATE_STEPS)[number];
export interface RecreateStepEvent {
  opId: string;
  step: RecreateStep;
  state: 'active' | 'done' | 'skipped' | 'failed';
}

/** A pull's progress as the create form shows it: the same per-layer picture as the images' pull dialog. */
export type PullProgress = TransferProgress;

export interface CreateResult {
  hostId: string;
  id: string;
  name: string;
  started: boolean;
  pulled: boolean;
  warnings: string[];
}

/** Published host ports that collide with ports already published on the engine. */
export interface PortConflict {
  index: number;
  hostPort: number;
  protocol: string;
  usedBy: string;
}

export function findPortConflicts(
  ports: Array<{ hostIp?: string | null; hostPort?: number | null; protocol?: string }>,
  used: Array<{ hostIp: string | null; hostPort: number | null; protocol: string; usedBy: string }>,
): PortConflict[] {
  const out: PortConflict[] = [];
  const seen = new Map<string, number>();
  ports.forEach((p, index) => {
    if (!p.hostPort) return;
    const proto = p.protocol ?? 'tcp';
    const mine = `${p.hostPort}/${proto}`;
    const clash = used.find(
      (u) =>
        u.hostPort === p.hostPort &&
        u.protocol === proto &&
        (!p.hostIp || !u.hostIp || u.hostIp === p.hostIp || u.hostIp === '0.0.0.0' || u.hostIp === '::' || p.hostIp === '0.0.0.0'),
    );
    if (clash) out.push({ index, hostPort: p.hostPort, protocol: proto, usedBy: clash.usedBy });
    else if (seen.has(mine)) out.push({ index, hostPort: p.hostPort, protocol: proto, usedBy: `row ${seen.get(mine)! + 1} of this form` });
    seen.set(mine, index);
  });
  return out;
}
