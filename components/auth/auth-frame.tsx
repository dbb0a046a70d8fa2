import type { ReactNode } from 'react';
import { Logo } from '../layout/logo';

/** The centred card the sign-in and first-run pages share. */
export function AuthFrame({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-dvh items-start justify-center bg-zinc-100 px-4 pt-[12vh]">
      <div className="w-full max-w-sm">
        <div className="mb-5 flex justify-center text-zinc-900">
          <Logo />
        </div>
        <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm">
          <h1 className="text-base font-semibold">{title}</h1>
          {subtitle && <p className="mt-1 text-zinc-600">{subtitle}</p>}
          <div className="mt-5">{children}</div>
        </div>
        <p className="mt-4 text-center text-xs text-zinc-500">Wharf · a web console for Docker engines</p>
      </div>
    </main>
  );
}
