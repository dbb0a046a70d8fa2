import { z } from 'zod';
import { REMOVED_OUTSIDE } from './containers';
import { containerRefValue, hostIdSchema, isSignal } from './refs';

export { REMOVED_OUTSIDE };

/** Docker's own rule for container names. */
export const containerNameSchema = z
  .string()
  .trim()
  .regex(
    /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/,
    'Names start with a letter or digit and may contain letters, digits, _ . and - (at least 2 characters)',
  )
  .max(128, 'Name is at most 128 characters');

const timeout = z.coerce
  .number()
  .int('Timeout is whole seconds')
  .min(0, 'Timeout cannot be negative')
  .max(3600, 'Timeout is at most 3600 s')
  .optional();

export const containerActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start') }),
  z.object({ action: z.literal('stop'), timeout }),
  z.object({ action: z.literal('restart'), timeout }),
  z.object({
    action: z.literal('kill'),
    signal: z
      .string()
      .trim()
      .max(16, 'Signal must be a name like SIGTERM or a number from 1 to 64')
      .refine(isSignal, 'Signal must be a name like SIGTERM or a number from 1 to 64')
      .default('SIGKILL'),
  }),
  z.object({ action: z.literal('pause') }),
  z.object({ action: z.literal('unpause') }),
  z.object({ action: z.literal('rename'), name: containerNameSchema }),
  z.object({ action: z.literal('remove'), force: z.boolean().default(false), volumes: z.boolean().default(false) }),
]);
export type ContainerActionInput = z.input<typeof containerActionSchema>;

export const containerRefSchema = z.object({
  hostId: hostIdSchema,
  id: containerRefValue,
});

export const bulkActionSchema = z.object({
  targets: z.array(containerRefSchema).min(1, 'Select at least one container').max(1000),
  action: containerActionSchema,
});

export const logsQuerySchema = z.object({
  tail: z.coerce.number().int().min(0).max(100_000).optional(),
  since: z.coerce.number().int().min(0).optional(),
  timestamps: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  download: z
    .enum(['0', '1'])
    .optional()
    .transform((v) => v === '1'),
});

/** A read of the deleted history: filters, then a page (newest first). */
export const deletedQuerySchema = z.object({
  host: hostIdSchema.optional(),
  /** Part of a name, id, image or the remover's username, any case. */
  q: z.string().trim().max(200, 'Search is at most 200 characters').optional(),
  image: z.string().trim().max(300, 'Image filter is at most 300 characters').optional(),
  /** A username, or REMOVED_OUTSIDE. */
  by: z
    .string()
    .trim()
    .max(64, 'Username is at most 64 characters')
    .regex(/^(:outside|[A-Za-z0-9._@-]+)$/, 'Not a username')
    .optional(),
  /** One record by full id or id prefix (a deleted container's own page), with `host`. */
  id: containerRefValue.optional(),
  offset: z.coerce.number().int('Offset is a whole number').min(0, 'Offset cannot be negative').max(10_000_000).default(0),
  limit: z.coerce.number().int('Limit is a whole number').min(1, 'Limit is at least 1').max(500, 'Limit is at most 500').default(100),
});
export type DeletedQuery = z.output<typeof deletedQuerySchema>;
