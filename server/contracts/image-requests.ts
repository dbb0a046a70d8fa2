import { z } from 'zod';
import { hasControl, hostIdSchema, imageRefValue } from './refs';

// Requests and answers of image administration: tag, untag, remove, bulk remove, prune. The browser
// imports only the types (`import type`), the server the schemas.

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const REPOSITORY = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);

/** Whether a string is a repository name as the engine accepts it for a tag (no tag, no digest). */
export function isRepository(s: string): boolean {
  if (s.length > 255 || !REPOSITORY.test(s)) return false;
  const first = s.split('/')[0]!;
  const hasDomain = s.includes('/') && (/[.:]/.test(first) || first === 'localhost' || first.startsWith('['));
  // Without a registry the name is lower case, and never 64 hex digits (the engine would read it as an id).
  if (!hasDomain && /[A-Z]/.test(first)) return false;
  return !/^[a-f0-9]{64}$/.test(s);
}

export const repositorySchema = z
  .string({ message: 'Enter a repository, e.g. team/app or 127.0.0.1:5000/app' })
  .trim()
  .min(1, 'Enter a repository, e.g. team/app or 127.0.0.1:5000/app')
  .refine(
    isRepository,
    'A repository is lower-case words separated by / (. _ - inside words), optionally after a registry like 127.0.0.1:5000/, without :tag',
  );

export const tagSchema = z
  .string({ message: 'Enter a tag' })
  .trim()
  .regex(/^[\w][\w.-]{0,127}$/, 'A tag is up to 128 letters, digits, _ . or -, not starting with . or -');

export const tagImageSchema = z.object({ repo: repositorySchema, tag: tagSchema.default('latest') });
export type TagImageInput = z.input<typeof tagImageSchema>;

const IMAGE_ID = /^(?:sha256:)?[a-f0-9]{1,64}$/;

export const untagImageSchema = z.object({
  ref: imageRefValue.refine(
    (s) => !IMAGE_ID.test(s),
    'Untag takes a reference (repo:tag or repo@sha256:…), not an image id: to delete the image, remove it',
  ),
  /** The caller agrees that the image goes when this is its last reference (the UI asks first). */
  deleteImage: z.boolean().default(false),
});
export type UntagImageInput = z.input<typeof untagImageSchema>;

export const removeImageSchema = z.object({ force: z.boolean().default(false) });

export const bulkRemoveImagesSchema = z.object({
  items: z
    .array(z.object({ hostId: hostIdSchema, id: imageRefValue }))
    .min(1, 'Select at least one image')
    .max(1000, 'At most 1000 images at once'),
  force: z.boolean().default(false),
});
export type BulkRemoveImagesInput = z.input<typeof bulkRemoveImagesSchema>;

/** `key` or `key=value`, as the engine's `label` filter takes it. */
export const labelFilterSchema = z
  .string()
  .trim()
  .max(512, 'A label filter is at most 512 characters')
  .refine((s) => s === '' || (!hasControl(s) && /^[^=\s][^=]*(=.*)?$/.test(s)), 'A label filter is key or key=value');

export const PRUNE_MODES = ['dangling', 'unused'] as const;
export type PruneMode = (typeof PRUNE_MODES)[number];

export const pruneImagesSchema = z.object({
  mode: z.enum(PRUNE_MODES, { message: 'Prune mode is dangling or unused' }),
  /** Empty means no label filter. */
  label: labelFilterSchema.optional().transform((s) => s || undefined),
});
export type PruneImagesInput = z.input<typeof pruneImagesSchema>;

/** What the engine did to one image: the references it removed and the images (and layers) it deleted. */
export interface ImageRemoval {
  hostId: string;
  id: string;
  untagged: string[];
  deleted: string[];
}

export interface TagResult {
  hostId: string;
  id: string;
  /** The reference made, as the engine shows it. */
  ref: string;
  /** The image that held this reference before, when the tag moved from another image. */
  movedFrom: string | null;
}

export interface UntagResult extends ImageRemoval {
  ref: string;
  /** The image itself went: the reference was its last one. */
  imageDeleted: boolean;
}

export interface BulkRemoveResult {
  hostId: string;
  id: string;
  ok: boolean;
  /** The refusal in words, when it failed. */
  message?: string;
  untagged?: string[];
  deleted?: string[];
}

/** One image a prune would touch. */
export interface PruneCandidate {
  id: string;
  tags: string[];
  size: number;
  created: string;
  /** The engine only removes the tag: other images are built on it. */
  untagOnly: boolean;
}

export interface PrunePreview {
  hostId: string;
  mode: PruneMode;
  label: string | null;
  images: PruneCandidate[];
  /** Bytes of the layers no image that stays holds; null when some layer size is not known yet. */
  estimatedBytes: number | null;
  /** Images the filters match that stay because containers use them. */
  keptInUse: number;
}

/** The engine's own answer to a prune. */
export interface PruneReport {
  spaceReclaimed: number;
  /** Images that were in the list before and are gone. */
  imagesRemoved: number;
  untagged: string[];
  deleted: string[];
}
