import { z } from 'zod';
import { validationFromZod } from '../errors';

const numericId = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const sessionIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'Not a session id');

/** A numeric row id (user, API token) from the path, validated. */
export function rowId(raw: string | number, what: string): number {
  const parsed = numericId.safeParse(raw);
  if (!parsed.success) throw validationFromZod([{ path: [], message: `Not a ${what} id` }]);
  return parsed.data;
}

/** A session's public id from the path, validated. */
export function sessionId(raw: string): string {
  const parsed = sessionIdSchema.safeParse(raw);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  return parsed.data;
}
