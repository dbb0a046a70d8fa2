import type { z } from 'zod';
import type { Ack } from '../../contracts/socket-events';
import { isAppError, toApiError, validationFromZod } from '../../errors';

/** Validates a socket payload, runs the handler and always answers through the ack. */
export function respond<S extends z.ZodType, T>(
  schema: S,
  fn: (input: z.infer<S>) => Promise<T> | T,
): (payload: unknown, ack: unknown) => Promise<void> {
  return async (payload, ack) => {
    const reply: Ack<T> = typeof ack === 'function' ? (ack as Ack<T>) : () => undefined;
    try {
      const parsed = schema.safeParse(payload ?? {});
      if (!parsed.success) throw validationFromZod(parsed.error.issues);
      reply({ ok: true, data: await fn(parsed.data) });
    } catch (err) {
      if (!isAppError(err)) console.error('[wharf] socket handler error', err);
      const { body } = toApiError(err);
      reply({ ok: false, code: body.code, message: body.message, ...(body.fields ? { fields: body.fields } : {}) });
    }
  };
}
