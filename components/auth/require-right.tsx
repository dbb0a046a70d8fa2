'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Role } from '@/server/contracts/auth';
import { GRANTS, type Permission } from '@/server/contracts/permissions';
import { PageBody } from '../layout/page-header';
import { EmptyState } from '../ui/empty-state';
import { Skeleton } from '../ui/skeleton';
import { useAuthState } from './use-auth';
import { useCan } from './use-can';

const ROLES: Role[] = ['viewer', 'operator', 'admin'];

/**
 * A page that only some rights can use (a create form, the users page): opened by URL without the
 * right, it says which right is missing instead of showing a form whose every submit would be refused.
 */
export function RequireRight({
  right,
  hostId,
  doing,
  children,
}: {
  right: Permission;
  hostId?: string;
  /** What the page is for, as in "to create containers". */
  doing: string;
  children: ReactNode;
}) {
  const auth = useAuthState();
  const allowed = useCan(right, hostId);
  if (!auth.data) return <Skeleton className="m-4 h-48" />;
  if (allowed) return <>{children}</>;
  const who = ROLES.filter((r) => GRANTS[r].has(right));
  return (
    <PageBody>
      <div data-testid="missing-right" data-right={right}>
        <EmptyState
          title="Not available to you"
          action={
            <Link href="/" className="text-sky-700 hover:underline">
              Back to the overview
            </Link>
          }
        >
          You need the right <code className="font-mono text-[12px]">{right}</code>
          {hostId ? ' on this host' : ''} {doing}
          {who.length ? ` (held by ${who.join(' and ')}s${hostId ? ' granted the host' : ''})` : ''}. Ask an administrator.
        </EmptyState>
      </div>
    </PageBody>
  );
}
