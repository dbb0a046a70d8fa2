import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PopoutTerminal } from '@/components/terminal/popout-terminal';

export const metadata: Metadata = { title: 'Terminal' };

/** A terminal filling its own window (no console chrome); the server gate still requires sign-in. */
export default function TerminalPopoutPage() {
  return (
    <Suspense>
      <PopoutTerminal />
    </Suspense>
  );
}
