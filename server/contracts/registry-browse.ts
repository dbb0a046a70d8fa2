import { z } from 'zod';
import type { ImageConfigView } from './images';

// What the registry browser reads: repositories (the catalog, paged with n/last), tags (paged), a
// tag's digest/size/created (read lazily per visible page), and one tag's manifest, layers and config.

/** A Distribution repository name (`team/app`), as the registry's routes accept it. */
export const REPO_NAME = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
export const TAG_NAME = /^[\w][\w.-]{0,127}$/;
export const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,}$/;

export const repoSchema = z
  .string({ message: 'Repository is required' })
  .trim()
  .min(1, 'Repository is required')
  .max(255, 'Repository is at most 255 characters')
  .regex(REPO_NAME, 'Not a repository name (lower case, e.g. team/app)');

/** A tag or a digest. */
export const refSchema = z
  .string({ message: 'Tag is required' })
  .trim()
  .min(1, 'Tag is required')
  .refine((v) => TAG_NAME.test(v) || DIGEST.test(v), 'Not a tag or digest');

export const digestSchema = z.string({ message: 'Digest is required' }).trim().regex(DIGEST, 'Not a digest (sha256:…)');

const pageSize = z.coerce.number().int().min(1).max(200).default(50);

export const repositoriesQuerySchema = z.object({
  n: pageSize,
  last: z
    .string()
    .max(255)
    .regex(/^[a-z0-9._/-]*$/, 'Not a repository name')
    .optional(),
  /** Only names that start with this: the catalog is sorted, so the page starts where the prefix does. */
  prefix: z
    .string()
    .trim()
    .toLowerCase()
    .max(255, 'A name is at most 255 characters')
    .regex(/^[a-z0-9._/-]*$/, 'Repository names use a-z, 0-9, . _ / and -')
    .optional(),
});

export const tagsQuerySchema = z.object({
  repo: repoSchema,
  n: pageSize,
  /** The registry's `last` (a tag), or Docker Hub's page number: whatever `next` answered. */
  cursor: z
    .string()
    .max(128)
    .regex(/^[\w.-]*$/, 'Not a page cursor')
    .optional(),
});

export const tagDetailsQuerySchema = z.object({
  repo: repoSchema,
  tags: z.array(z.string().regex(TAG_NAME, 'Not a tag')).min(1, 'Name at least one tag').max(50, 'At most 50 tags at once'),
});

export const manifestQuerySchema = z.object({
  repo: repoSchema,
  ref: refSchema,
  /** For a multi-arch index: which platform's manifest to show (`os/architecture`); default linux/amd64. */
  platform: z
    .string()
    .regex(/^[a-z0-9]+\/[a-z0-9]+$/, 'A platform is os/architecture, e.g. linux/arm64')
    .optional(),
});
export const deleteManifestSchema = z.object({ repo: repoSchema, digest: digestSchema });

/** One page of the catalog, or why there is none (Docker Hub, a robot account: type a name instead). */
export type RepositoryPage = { catalog: 'allowed'; repositories: string[]; next: string | null } | { catalog: 'refused'; reason: string };

export interface TagRow {
  name: string;
  /** Known at once from Docker Hub's API; from a registry, read lazily (tag-details). */
  digest: string | null;
  size: number | null;
  created: string | null;
}

export interface TagPage {
  tags: TagRow[];
  /** The cursor of the next page, or null. */
  next: string | null;
  /** Where the tags came from: the registry's tags/list, or Docker Hub's own API. */
  source: 'registry' | 'hub';
}

export interface TagDetails {
  name: string;
  digest: string | null;
  mediaType: string | null;
  size: number | null;
  created: string | null;
  /** Platforms of a multi-arch index (attestations left out), or null. */
  platforms: string[] | null;
  /** Why this tag could not be read (gone meanwhile, schema 1, …). */
  error: string | null;
}

export interface TagManifestView {
  repo: string;
  ref: string;
  /** `address/repo:tag` (or `@digest`), what a pull names. */
  reference: string;
  digest: string;
  mediaType: string;
  platforms: Array<{ os: string; architecture: string; variant: string | null; digest: string; size: number }> | null;
  manifestDigest: string;
  layers: Array<{ digest: string; mediaType: string; size: number }>;
  size: number;
  config: ImageConfigView;
  created: string | null;
}

export interface DeleteManifestResult {
  digest: string;
  message: string;
}

/** What one engine's `docker info` says about registries: its mirrors and the registries it talks to over HTTP. */
export interface EngineRegistryConfig {
  hostId: string;
  hostName: string;
  online: boolean;
  mirrors: string[];
  /** Registries listed with Secure=false (IndexConfigs). */
  insecureRegistries: string[];
  /** CIDRs whose registries the engine reaches over plain HTTP. */
  insecureCidrs: string[];
}
