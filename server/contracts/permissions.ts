/**
 * Who may do what: the one table of rights, read by the server's check (server/services/authorize.ts)
 * and by the browser to hide what a user cannot do (components/auth/use-can.ts). Zod-free.
 */
import type { Role, SessionUser } from './auth';

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

export const READ_ONLY: ReadonlySet<Permission> = new Set<Permission>(['hosts.read', 'containers.read', 'images.read']);

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
export const GRANTS: Record<Role, ReadonlySet<Permission>> = {
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
