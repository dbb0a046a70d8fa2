'use client';

import type { ReactNode } from 'react';
import { RealtimeProvider } from '../realtime/realtime-provider';
import dynamic from 'next/dynamic';
import { usePathname } from 'next/navigation';
import { TerminalsProvider, useDockFillsPage, useTerminals } from '../terminal/terminals-provider';
import { cn } from '../ui/cn';
import { Sidebar } from './sidebar';

/**
 * The signed-in frame: sidebar on the left (with the activity tray), the page scrolling on the right, one
 * live socket for both, and the terminal dock under the page (it outlives navigation: see TerminalDock).
 */
export function ConsoleShell({ children }: { children: ReactNode }) {
  return (
    <RealtimeProvider>
      <TerminalsProvider>
        <div className="flex h-dvh max-md:flex-col">
          <Sidebar />
          <div className="flex min-h-0 min-w-0 flex-1 flex-col">
            <Main>{children}</Main>
            <DockWhenUsed />
          </div>
        </div>
      </TerminalsProvider>
    </RealtimeProvider>
  );
}

function Main({ children }: { children: ReactNode }) {
  // On /terminals with terminals open, the page is its header and the dock takes the rest.
  const dockFillsPage = useDockFillsPage();
  return (
    <main id="main" className={cn('relative min-w-0 overflow-y-auto', dockFillsPage ? 'shrink-0' : 'min-h-0 flex-1')}>
      {children}
    </main>
  );
}

// The dock (and with it the terminal's wiring) loads once a terminal is open or asked for: pages
// without one do not carry it.
const TerminalDock = dynamic(() => import('../terminal/terminal-dock').then((m) => m.TerminalDock), { ssr: false });

function DockWhenUsed() {
  const { tabs, dialog } = useTerminals();
  const onTerminalsPage = usePathname().startsWith('/terminals');
  return tabs.length > 0 || dialog || onTerminalsPage ? <TerminalDock /> : null;
}
