import Link from 'next/link';
import { Logo } from '@/components/layout/logo';
import { buttonClass } from '@/components/ui/button';

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <Logo />
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="max-w-sm text-zinc-600">There is nothing at this address. It may have moved, or the link is wrong.</p>
      <Link href="/" className={buttonClass('primary')}>
        Go to Hosts
      </Link>
    </main>
  );
}
