import { z } from 'zod';
import { createContainerSchema } from './container-create';
import { hostIdSchema, imageRefValue } from './refs';
import { templateIdSchema } from './templates';

/** Where a deploy form starts from: a registry tag, an image on a host, or an app template. */
export const deploySourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('registry'), ref: imageRefValue }),
  z.object({ kind: z.literal('local'), hostId: hostIdSchema, image: imageRefValue }),
  z.object({ kind: z.literal('template'), id: templateIdSchema }),
]);
export type DeploySource = z.infer<typeof deploySourceSchema>;

/** One environment field of the form. */
export interface DeployEnvField {
  key: string;
  value: string;
  label: string;
  description: string;
  /** The image's own value: sent only when changed. Null when there is none (or it is masked). */
  imageValue: string | null;
  /** The image's value looks like a secret and is not shown. */
  masked: boolean;
  /** A template's preset: sent, not shown. */
  preset: boolean;
  options: Array<{ text: string; value: string }> | null;
}

/** The form, pre-filled from the image config (or the template). */
export interface DeployPlan {
  source: DeploySource;
  /** What the form says it deploys from, in words. */
  sourceLabel: string;
  image: string;
  name: string;
  ports: Array<{ hostIp: string; hostPort: number | null; containerPort: number; protocol: 'tcp' | 'udp' | 'sctp' }>;
  /** Declared volumes: each becomes a named volume `<name>-<path>` unless a bind is given. */
  volumes: Array<{ target: string; bind: string | null; readOnly: boolean }>;
  env: DeployEnvField[];
  cmd: string[];
  labels: Array<{ key: string; value: string }>;
  restartPolicy: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  network: string;
  hostname: string;
  /** The image declares a healthcheck: the deploy waits for healthy. */
  healthcheck: boolean;
  note: string | null;
  /** What the form cannot do of what the source asks (privileged mode…). */
  warnings: string[];
  /** Size of the image to pull (a registry tag), or null. */
  size: number | null;
}

export const deployTargetSchema = z.object({
  hostId: hostIdSchema,
  /** A container with this name exists there: recreate it with these settings (edit & recreate). */
  replace: z.boolean().default(false),
});

export const deployRequestSchema = z.object({
  spec: createContainerSchema.omit({ start: true, pull: true }),
  hosts: z
    .array(deployTargetSchema)
    .min(1, 'Choose at least one host')
    .max(50)
    .refine((hs) => new Set(hs.map((h) => h.hostId)).size === hs.length, 'A host is listed twice'),
  /** How long to wait for healthy when the image has a healthcheck. */
  healthTimeoutS: z.coerce.number().int().min(5).max(900).default(120),
});
export type DeployRequest = z.input<typeof deployRequestSchema>;

export interface DeployStarted {
  deployId: string;
  hosts: Array<{ hostId: string; hostName: string; operationId: string }>;
}

/** The steps of a deploy on one host, in order (the operation's log names them as they begin). */
export const DEPLOY_STEPS = ['Pull', 'Create', 'Start', 'Running', 'Healthy'] as const;
export type DeployStep = (typeof DEPLOY_STEPS)[number];

/** Suggests a host port for an exposed one: the same above 1024, 8000+ below (80 → 8080). */
export function suggestHostPort(containerPort: number): number {
  if (containerPort >= 1024) return containerPort;
  return containerPort === 80 ? 8080 : containerPort === 443 ? 8443 : 8000 + containerPort;
}

/** `/var/lib/data` → `web-var-lib-data`: the named volume a declared path becomes. */
export function volumeNameFor(container: string, path: string): string {
  const slug = path.replace(/^\/+|\/+$/g, '').replace(/[^a-zA-Z0-9_.-]+/g, '-') || 'data';
  return `${container || 'app'}-${slug}`.replace(/^[^a-zA-Z0-9]+/, '').slice(0, 200);
}
