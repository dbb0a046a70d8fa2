import type { Metadata } from 'next';
import { AuthFrame } from '@/components/auth/auth-frame';
import { LoginForm } from '@/components/auth/login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  return (
    <AuthFrame title="Sign in to Wharf">
      <LoginForm next={typeof next === 'string' ? next : undefined} />
    </AuthFrame>
  );
}
