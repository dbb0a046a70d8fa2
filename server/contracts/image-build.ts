/**
 * Build, save, load and import: what the browser and the server agree on. Zod-free (the browser imports
 * it); the request schemas are in image-build-requests.ts.
 */

/** The largest build context an upload may carry (streamed to the engine, never held in memory). */
export const BUILD_CONTEXT_LIMIT_BYTES = 2 * 1024 ** 3;
/** The largest image archive (load) or rootfs tarball (import) an upload may carry (streamed too). */
export const IMAGE_ARCHIVE_LIMIT_BYTES = 32 * 1024 ** 3;
/** How many files a folder picked as a build context may hold. */
export const BUILD_FOLDER_MAX_FILES = 20_000;
/** How many images one save may hold. */
export const SAVE_MAX_IMAGES = 50;

/** What a build, load or import answers at once: the operation to follow (its progress is live). */
export interface OperationStarted {
  operationId: string;
}

/** The options of a build, as the form sends them (the same for an inline Dockerfile and an uploaded context). */
export interface BuildOptionsInput {
  /** `repo:tag` references the image gets on success (none: an untagged image). */
  tags: string[];
  buildArgs: Record<string, string>;
  target?: string;
  labels: Record<string, string>;
  noCache: boolean;
  pull: boolean;
  /** Path of the Dockerfile within an uploaded context (default `Dockerfile`). */
  dockerfile?: string;
}

/** One file of a folder picked as a build context, in the order the upload sends them. */
export interface ContextFileEntry {
  /** Relative to the folder: `src/app.js` */
  path: string;
  size: number;
}

/** The multipart field names of the upload routes, in the order they are sent (fields before files). */
export const BUILD_FORM = { options: 'options', files: 'files', context: 'context', file: 'file' } as const;
export const IMPORT_FORM = {
  reference: 'reference',
  cmd: 'cmd',
  env: 'env',
  workdir: 'workdir',
  message: 'message',
  file: 'file',
} as const;
