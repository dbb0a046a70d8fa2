import type { SessionUser } from '../contracts/auth';
import { isAppError } from '../errors';
import type { Runtime } from '../runtime';
import { insertAudit, listAudit } from '../store/audit';
import { authorize } from './authorize';

export type Actor = SessionUser;

/** Runs a change and records who did what to which target, and whether it worked. */
export async function audited<T>(
  rt: Runtime,
  actor: Actor | null,
  action: string,
  target: string | null,
  fn: () => Promise<T> | T,
  detail?: (result: T) => string | null,
): Promise<T> {
  try {
    const result = await fn();
    insertAudit(rt.db, {
      userId: actor?.id ?? null,
      username: actor?.username ?? null,
      action,
      target,
      result: 'ok',
      detail: detail ? detail(result) : null,
    });
    return result;
  } catch (err) {
    insertAudit(rt.db, {
      userId: actor?.id ?? null,
      username: actor?.username ?? null,
      action,
      target,
      result: 'error',
      detail: isAppError(err) ? err.message : err instanceof Error ? err.message : String(err),
    });
    throw err;
  }
}

export function listAuditEntries(rt: Runtime, actor: Actor | null, opts: { limit?: number; before?: number }) {
  authorize(actor, 'audit.read');
  return listAudit(rt.db, { limit: Math.min(Math.max(opts.limit ?? 100, 1), 500), before: opts.before });
}
