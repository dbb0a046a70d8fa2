import type { Role, SessionUser } from '../contracts/auth';
import { ForbiddenError, UnauthenticatedError } from '../errors';

export type Permission =
  | 'hosts.read'
  | 'engines.manage'
  | 'containers.read'
  | 'containers.manage'
  | 'images.read'
  | 'images.manage'
  | 'registries.manage'
  | 'networks.manage'
  | 'volumes.manage'
  | 'files.read'
  | 'exec'
  | 'audit.read'
  | 'users.manage'
  | 'settings.manage';

const READ_ONLY: ReadonlySet<Permission> = new Set<Permission>(['hosts.read', 'containers.read', 'images.read']);

const OPERATOR: ReadonlySet<Permission> = new Set<Permission>([
  ...READ_ONLY,
  'containers.manage',
  'images.manage',
  'networks.manage',
  'volumes.manage',
  'files.read',
  'exec',
]);

/** What each role may do. Host grants narrow every host-scoped permission further (see authorize). */
const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>([...OPERATOR, 'engines.manage', 'registries.manage', 'audit.read', 'users.manage', 'settings.manage']),
  operator: OPERATOR,
  viewer: READ_ONLY,
};

export function can(actor: SessionUser | null, permission: Permission, hostId?: string): boolean {
  if (!actor || !(GRANTS[actor.role]?.has(permission) ?? false)) return false;
  // A read-only API token keeps only the reading rights of its user's role.
  if (actor.token?.readOnly && !READ_ONLY.has(permission)) return false;
  return hostId === undefined || canSeeHost(actor, hostId);
}

/** Whether the actor's grants include this host (every host for admins, unless their API token names fewer). */
export function canSeeHost(actor: SessionUser, hostId: string): boolean {
  return (actor.role === 'admin' && !actor.token) || actor.hosts === 'all' || actor.hosts.includes(hostId);
}

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
