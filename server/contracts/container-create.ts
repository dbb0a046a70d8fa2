import { z } from 'zod';
import { containerNameSchema } from './container-actions';

const keyValue = z.object({
  key: z.string().trim().min(1, 'Key is required').max(256),
  value: z.string().max(32_768).default(''),
});

const port = (what: string) =>
  z.coerce.number({ message: `${what} must be a number` }).int(`${what} must be a whole number`).min(1, `${what} must be between 1 and 65535`).max(65535, `${what} must be between 1 and 65535`);

export const portSpecSchema = z.object({
  hostIp: z
    .string()
    .trim()
    .max(64)
    .regex(/^$|^[0-9a-fA-F.:]+$/, 'Host IP must be an IP address')
    .default(''),
  /** Empty: the engine picks a free port. */
  hostPort: z.union([z.literal(''), z.null(), port('Host port')]).optional().transform((v) => (v === '' || v == null ? null : v)),
  containerPort: port('Container port'),
  protocol: z.enum(['tcp', 'udp', 'sctp']).default('tcp'),
});
export type PortSpec = z.infer<typeof portSpecSchema>;

export const volumeSpecSchema = z
  .object({
    type: z.enum(['bind', 'volume']),
    source: z.string().trim().min(1, 'Source is required').max(4096),
    target: z.string().trim().min(1, 'Container path is required').max(4096).refine((v) => v.startsWith('/'), 'Container path must be absolute'),
    readOnly: z.boolean().default(false),
  })
  .refine((v) => v.type !== 'bind' || v.source.startsWith('/'), { message: 'A bind mount source must be an absolute host path', path: ['source'] })
  .refine((v) => v.type !== 'volume' || /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(v.source), {
    message: 'A volume name may contain letters, digits, _ . and -',
    path: ['source'],
  });
export type VolumeSpec = z.infer<typeof volumeSpecSchema>;

export const RESTART_POLICIES = ['no', 'always', 'unless-stopped', 'on-failure'] as const;

export const createContainerSchema = z.object({
  image: z
    .string()
    .trim()
    .min(1, 'Image is required')
    .max(512)
    .regex(/^[a-z0-9][a-z0-9._\-/:@]*$/i, 'Not an image reference (e.g. nginx:1.27 or registry:5000/team/app:1.2)'),
  name: z.union([z.literal(''), containerNameSchema]).optional().default(''),
  cmd: z.array(z.string().max(32_768)).max(1000).default([]),
  entrypoint: z.array(z.string().max(32_768)).max(1000).default([]),
  env: z.array(keyValue).max(1000).default([]),
  ports: z.array(portSpecSchema).max(200).default([]),
  volumes: z.array(volumeSpecSchema).max(200).default([]),
  network: z.string().trim().max(256).default(''),
  restartPolicy: z.enum(RESTART_POLICIES).default('no'),
  maxRetries: z.coerce.number().int().min(0).max(1000).default(0),
  memoryMb: z.coerce.number().min(0, 'Memory cannot be negative').max(16 * 1024 * 1024).default(0),
  cpus: z.coerce.number().min(0, 'CPUs cannot be negative').max(1024).default(0),
  init: z.boolean().default(false),
  labels: z.array(keyValue).max(1000).default([]),
  tty: z.boolean().default(false),
  openStdin: z.boolean().default(false),
  hostname: z.string().trim().max(253).default(''),
  workingDir: z.string().trim().max(4096).refine((v) => v === '' || v.startsWith('/'), 'Working directory must be absolute').default(''),
  user: z.string().trim().max(256).default(''),
  /** Start it after creating. */
  start: z.boolean().default(true),
  /** Pull the image when the engine does not have it. */
  pull: z.enum(['missing', 'always', 'never']).default('missing'),
});
export type CreateContainerInput = z.input<typeof createContainerSchema>;
export type CreateContainerSpec = z.infer<typeof createContainerSchema>;

/** Aggregated progress of a pull, for one progress bar plus per-layer lines. */
export interface PullProgress {
  image: string;
  status: string;
  layers: Array<{ id: string; status: string; current: number; total: number }>;
  /** 0..1 over the layers whose size is known, or null when nothing is known yet. */
  fraction: number | null;
}

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
