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
  | 'exec'
  | 'audit.read';

// Roles and user management arrive later; the one check every service calls is already here.
const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>([
    'hosts.read',
    'engines.manage',
    'containers.read',
    'containers.manage',
    'images.read',
    'images.manage',
    'registries.manage',
    'exec',
    'audit.read',
  ]),
  operator: new Set<Permission>(['hosts.read', 'containers.read', 'containers.manage', 'images.read', 'images.manage', 'exec']),
  viewer: new Set<Permission>(['hosts.read', 'containers.read', 'images.read']),
};

function can(actor: SessionUser | null, permission: Permission): boolean {
  return !!actor && (GRANTS[actor.role]?.has(permission) ?? false);
}

export function authorize(actor: SessionUser | null, permission: Permission): asserts actor is SessionUser {
  if (!actor) throw new UnauthenticatedError();
  if (!can(actor, permission)) throw new ForbiddenError(`Your role (${actor.role}) may not do this (${permission})`);
}
