import { z } from 'zod';
import { parseJsonOr } from '../json';
import { BUILD_FOLDER_MAX_FILES, SAVE_MAX_IMAGES } from './image-build';
import { parseImageRef } from './images';
import { hasControl, imageRefValue, isEnvKey, isImageRef } from './refs';

/** A reference to give an image (`repo` or `repo:tag`, a registry allowed): no digest, the engine refuses one. */
export const imageTagValue = z
  .string({ message: 'A tag is a name like team/app:1.0' })
  .trim()
  .min(1, 'A tag is a name like team/app:1.0')
  .max(512, 'That tag is too long')
  .refine((s) => isImageRef(s) && !/^(?:sha256:)?[a-f0-9]{64}$/.test(s), 'Not a valid name: lower case, like team/app:1.0')
  .refine((s) => !parseImageRef(s)?.digest, 'A tag cannot name a digest (@sha256:…)');

const ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const text = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} is too long (at most ${max} characters)`)
    .refine((s) => !s.includes('\u0000'), `${what} contains a NUL byte`);

/** A path inside the build context: relative, no `..`, no control characters. */
export const contextPathValue = z
  .string()
  .min(1, 'A path is required')
  .max(4096, 'That path is too long')
  .refine((p) => !p.startsWith('/') && !p.includes('\\'), 'A path inside the context is relative, with / between folders')
  .refine((p) => !p.split('/').some((s) => s === '..' || s === ''), 'A path inside the context has no .. or empty parts')
  .refine((p) => !hasControl(p), 'A path contains control characters');

export const buildOptionsSchema = z
  .object({
    tags: z.array(imageTagValue).max(16, 'At most 16 tags').default([]),
    buildArgs: z
      .record(z.string().regex(ARG_NAME, 'A build argument is named like HTTP_PROXY or version'), text(32 * 1024, 'A build argument'))
      .refine((r) => Object.keys(r).length <= 64, 'At most 64 build arguments')
      .default({}),
    target: z
      .string()
      .trim()
      .max(128, 'That stage name is too long')
      .refine((s) => s === '' || STAGE_NAME.test(s), 'A target is the name of a stage (FROM … AS name)')
      .optional(),
    labels: z
      .record(
        z
          .string()
          .min(1, 'A label needs a key')
          .max(512, 'A label key is too long')
          .refine((k) => isEnvKey(k) && !/\s/.test(k), 'A label key has no spaces, = or control characters'),
        text(32 * 1024, 'A label value'),
      )
      .refine((r) => Object.keys(r).length <= 128, 'At most 128 labels')
      .default({}),
    noCache: z.boolean().default(false),
    pull: z.boolean().default(false),
    dockerfile: contextPathValue.optional(),
  })
  .strict();
export type BuildOptions = z.output<typeof buildOptionsSchema>;

/** An inline build: the Dockerfile's text and the options. */
export const inlineBuildSchema = z
  .object({
    dockerfile: z
      .string({ message: 'Write a Dockerfile' })
      .max(256 * 1024, 'The Dockerfile is too long (at most 256 KB)')
      .refine((s) => s.trim() !== '', 'Write a Dockerfile')
      .refine((s) => !s.includes('\u0000'), 'The Dockerfile contains a NUL byte'),
    options: buildOptionsSchema.default(() => buildOptionsSchema.parse({})),
  })
  .strict();

/** The files of a folder build, sent before their bytes: the tar entries need their sizes up front. */
export const contextFilesSchema = z
  .array(z.object({ path: contextPathValue, size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict())
  .min(1, 'The folder is empty')
  .max(BUILD_FOLDER_MAX_FILES, `A folder of at most ${BUILD_FOLDER_MAX_FILES} files`)
  .refine((files) => new Set(files.map((f) => f.path)).size === files.length, 'The same path is listed twice');

export const saveQuerySchema = z
  .array(imageRefValue)
  .min(1, 'Choose at least one image')
  .max(SAVE_MAX_IMAGES, `At most ${SAVE_MAX_IMAGES} images at once`);

function isStringArray(s: string): boolean {
  const v = parseJsonOr<unknown>(s, null);
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');
}

const ENV_LINE = /^[^=\s]+=.*$/;

/** An import: the new image's reference and the config the CLI's `--change` would set. */
export const importSchema = z
  .object({
    reference: imageTagValue,
    /** Shell form (`httpd -f`) or exec form (`["httpd", "-f"]`). */
    cmd: text(4096, 'CMD')
      .trim()
      .default('')
      .refine((s) => !hasControl(s), 'CMD is one line')
      .refine((s) => !s.startsWith('[') || isStringArray(s), 'CMD in exec form is a JSON array of strings, like ["httpd", "-f"]'),
    /** `KEY=value` lines */
    env: text(64 * 1024, 'ENV')
      .default('')
      .transform((s) =>
        s
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      )
      .refine((lines) => lines.every((l) => ENV_LINE.test(l) && !hasControl(l)), 'Each ENV line is KEY=value')
      .refine((lines) => lines.length <= 128, 'At most 128 ENV lines'),
    workdir: text(1024, 'WORKDIR')
      .trim()
      .default('')
      .refine((s) => s === '' || (s.startsWith('/') && !hasControl(s)), 'WORKDIR is an absolute path, like /app'),
    message: text(1000, 'The message').default(''),
  })
  .strict();
export type ImportInput = z.output<typeof importSchema>;
