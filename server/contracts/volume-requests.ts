import { z } from 'zod';
import { labelFilterSchema } from './image-requests';
import { hasControl, isObjectRef } from './refs';
import { PRUNE_KINDS } from './volumes';

// Requests about volumes and prunes. The browser imports the types; the server parses with these.

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export const volumeNameSchema = z
  .string({ message: 'Not a volume name' })
  .max(255, 'A volume name is at most 255 characters')
  .refine((s) => isObjectRef(s), 'Not a volume name');

/** `key=value` lines (or an object) into a record; a line without `=` is refused in words. */
const keyValues = (what: string) =>
  z
    .union([z.record(z.string(), z.string()), z.array(z.string())])
    .optional()
    .transform((v, ctx) => {
      if (!v) return {};
      if (!Array.isArray(v)) return v;
      const out: Record<string, string> = {};
      for (const line of v.map((l) => l.trim()).filter(Boolean)) {
        const eq = line.indexOf('=');
        if (eq <= 0 || hasControl(line)) {
          ctx.addIssue({ code: 'custom', message: `${what} are key=value: "${line.slice(0, 60)}" is not` });
          return z.NEVER;
        }
        out[line.slice(0, eq).trim()] = line.slice(eq + 1);
      }
      return out;
    });

export const createVolumeSchema = z.object({
  /** Empty: the engine names it (an anonymous-looking 64-hex name). */
  name: z
    .string()
    .trim()
    .max(255, 'A volume name is at most 255 characters')
    .refine(
      (s) => s === '' || (s.length >= 2 && VOLUME_NAME.test(s)),
      'A volume name is at least two of a-z A-Z 0-9 _ . - and starts with a letter or digit',
    )
    .default(''),
  driver: z
    .string()
    .trim()
    .max(255)
    .refine((s) => s === '' || /^[a-zA-Z0-9][a-zA-Z0-9_./:-]*$/.test(s), 'Not a volume driver name')
    .default(''),
  driverOpts: keyValues('Driver options'),
  labels: keyValues('Labels'),
});
export type CreateVolumeInput = z.input<typeof createVolumeSchema>;

export const pruneRequestSchema = z.object({
  kind: z.enum(PRUNE_KINDS, { message: 'Prune what: containers, images, volumes, networks or buildCache' }),
  /** images: dangling | unused; volumes: anonymous | all; buildCache: unused | all. */
  mode: z.string().max(20).optional(),
  /** Empty means no label filter (build cache has none). */
  label: labelFilterSchema.optional().transform((s) => s || undefined),
});
export type PruneRequest = z.input<typeof pruneRequestSchema>;
