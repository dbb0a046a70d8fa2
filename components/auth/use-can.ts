'use client';

import { can, type Permission } from '@/server/contracts/permissions';
import { useCurrentUser } from './use-auth';

/**
 * Whether the signed-in user holds a right (on a host, when given): the same table the server checks
 * (server/services/authorize.ts), so the UI hides exactly what the API would refuse with 403.
 * False while the user is loading: actions appear once it is known, never before.
 */
export function useCan(permission: Permission, hostId?: string): boolean {
  return can(useCurrentUser(), permission, hostId);
}

/** The same check as a function, for lists that ask it per row (one subscription to the user, not one per row). */
export function useRights(): (permission: Permission, hostId?: string) => boolean {
  const user = useCurrentUser();
  return (permission, hostId) => can(user, permission, hostId);
}
