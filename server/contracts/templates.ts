import { z } from 'zod';

/** One environment variable of a template as the deploy form shows it. */
export interface TemplateEnv {
  name: string;
  label: string;
  description: string;
  default: string;
  /** Set by the template and not shown to the user. */
  preset: boolean;
  /** A choice among values (Portainer's `select`). */
  select: Array<{ text: string; value: string; default: boolean }> | null;
}

export interface TemplatePort {
  hostIp: string;
  hostPort: number | null;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

export interface TemplateVolume {
  container: string;
  /** A host path to bind; null: a named volume. */
  bind: string | null;
  readOnly: boolean;
}

export type TemplateKind = 'container' | 'swarm-stack' | 'compose-stack';

/** An app template, as Portainer's v2 and v3 files describe them, normalised. */
export interface AppTemplate {
  id: string;
  sourceId: string;
  sourceName: string;
  kind: TemplateKind;
  /** Only container templates deploy (stacks need compose stacks). */
  deployable: boolean;
  title: string;
  description: string;
  categories: string[];
  logo: string | null;
  /** The full reference to deploy, with the template's registry in front. */
  image: string | null;
  ports: TemplatePort[];
  volumes: TemplateVolume[];
  env: TemplateEnv[];
  labels: Array<{ key: string; value: string }>;
  restartPolicy: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  command: string[];
  network: string;
  hostname: string;
  privileged: boolean;
  note: string | null;
  /** A stack template's repository or compose file, shown only. */
  stackFile: string | null;
}

export interface TemplateSource {
  id: string;
  name: string;
  url: string | null;
  version: string;
  templates: number;
  importedAt: string;
  importedBy: string | null;
  builtin: boolean;
}

export const TEMPLATE_URL_MAX = 2048;

export const templateImportSchema = z
  .object({
    name: z.string().trim().max(100).optional().default(''),
    url: z
      .string()
      .trim()
      .max(TEMPLATE_URL_MAX)
      .refine((u) => /^https?:\/\/[^\s]+$/i.test(u), 'The URL must start with http:// or https://')
      .optional(),
    /** The file's text, when uploaded. */
    content: z
      .string()
      .max(5 * 1024 * 1024, 'A template file is at most 5 MB')
      .optional(),
  })
  .refine((v) => !!v.url !== !!v.content, 'Give either a URL or a file');

export const templateSourceIdSchema = z.string().regex(/^[a-f0-9]{12}$/, 'Not a template source id');
export const templateIdSchema = z.string().regex(/^(builtin|[a-f0-9]{12})-\d{1,5}$/, 'Not a template id');
