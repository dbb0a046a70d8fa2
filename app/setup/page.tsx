import type { Metadata } from 'next';
import { AuthFrame } from '@/components/auth/auth-frame';
import { SetupForm } from '@/components/auth/setup-form';

export const metadata: Metadata = { title: 'Set up' };

export default function SetupPage() {
  return (
    <AuthFrame
      title="Create the admin account"
      subtitle="Wharf has no users yet. This first account is an administrator: it can add engines and see the audit log."
    >
      <SetupForm />
    </AuthFrame>
  );
}
