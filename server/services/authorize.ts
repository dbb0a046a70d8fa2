import type { SessionUser } from '../contracts/auth';
import { can, canSeeHost, GRANTS, READ_ONLY, type Permission } from '../contracts/permissions';
import { ForbiddenError, UnauthenticatedError } from '../errors';

// The table of rights lives in a contract so the browser can hide what a user cannot do.
export { can, canSeeHost, type Permission };

/**
 * The one check every route and socket event makes. With `hostId`, the actor must also hold a grant
 * for that host; the refusal names the missing right, never another host's name.
 */
export function authorize(actor: SessionUser | null, permission: Permission, hostId?: string): asserts actor is SessionUser {
  if (!actor) throw new UnauthenticatedError();
  if (!(GRANTS[actor.role]?.has(permission) ?? false))
    throw new ForbiddenError(`Your role (${actor.role}) does not have the right ${permission}`);
  if (actor.token?.readOnly && !READ_ONLY.has(permission))
    throw new ForbiddenError(`This API token is read-only: it does not have the right ${permission}`);
  if (hostId !== undefined && !canSeeHost(actor, hostId)) throw new ForbiddenError(`You have no access to this host (${permission})`);
}
