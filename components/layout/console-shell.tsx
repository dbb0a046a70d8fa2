'use client';

import type { ReactNode } from 'react';
import { RealtimeProvider } from '../realtime/realtime-provider';
import { Sidebar } from './sidebar';

/** The signed-in frame: sidebar on the left (with the activity tray), the page scrolling on the right, one live socket for both. */
export function ConsoleShell({ children }: { children: ReactNode }) {
  return (
    <RealtimeProvider>
      <div className="flex h-dvh max-md:flex-col">
        <Sidebar />
        <main id="main" className="relative min-w-0 flex-1 overflow-y-auto">
          {children}
        </main>
      </div>
    </RealtimeProvider>
  );
}
