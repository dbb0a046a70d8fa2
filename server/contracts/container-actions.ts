import { z } from 'zod';
import { containerRefValue, hostIdSchema, isSignal } from './refs';

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
