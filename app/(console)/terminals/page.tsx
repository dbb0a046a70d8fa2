import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TerminalsWorkspace } from '@/components/terminal/terminals-workspace';

export const metadata: Metadata = { title: 'Terminals' };

export default function TerminalsPage() {
  return (
    <Suspense>
      <TerminalsWorkspace />
    </Suspense>
  );
}
