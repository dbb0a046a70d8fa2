import { z } from 'zod';
import { parseImageRef } from './images';
import { imageRefValue } from './refs';

const REF_EXAMPLE = 'e.g. busybox, nginx:1.27, registry:5000/team/app:1.2 or app@sha256:…';

/** A reference to pull: Docker Hub's defaults apply as the CLI applies them. */
const pullRef = z
  .string({ message: 'Enter an image reference' })
  .trim()
  .min(1, 'Enter an image reference')
  .max(512, 'Not an image reference')
  .refine((s) => parseImageRef(s) !== null, `Not an image reference (${REF_EXAMPLE})`);

export const pullRequestSchema = z.object({ ref: pullRef });
export type PullRequest = z.input<typeof pullRequestSchema>;

export const pushRequestSchema = z.object({
  /** The local image: an id or one of its references. */
  image: imageRefValue,
  /** Push it under this name instead (tagged first); a digest cannot be pushed to. */
  as: z
    .string()
    .trim()
    .max(512)
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((s) => s === undefined || parseImageRef(s) !== null, 'Not an image name (e.g. registry:5000/team/app:1.2)')
    .refine((s) => s === undefined || !s.includes('@'), 'A push names a tag, not a digest'),
});
export type PushRequest = z.input<typeof pushRequestSchema>;
