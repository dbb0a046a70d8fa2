import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { AuthFrame } from '@/components/auth/auth-frame';

export const metadata: Metadata = { title: 'Choose a new password' };

export default function ChangePasswordPage() {
  return (
    <AuthFrame title="Choose a new password" subtitle="You signed in with a temporary password. Choose your own to continue.">
      <ChangePasswordForm forced />
    </AuthFrame>
  );
}
