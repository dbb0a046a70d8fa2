import type { Metadata } from 'next';
import { RequireRight } from '@/components/auth/require-right';
import { UsersPage } from '@/components/users/users-page';

export const metadata: Metadata = { title: 'Users' };

export default function Page() {
  return (
    <RequireRight right="users.manage" doing="to manage users">
      <UsersPage />
    </RequireRight>
  );
}
