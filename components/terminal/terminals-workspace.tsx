'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { PageHeader } from '../layout/page-header';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { EmptyState } from '../ui/empty-state';
import { ConfirmTerminalDialog } from './confirm-terminal-dialog';
import { NewTerminalDialog } from './new-terminal-dialog';
import { specFromParams, type TerminalSpec } from './spec';
import { useTerminals } from './terminals-provider';

/**
 * /terminals: the header of the terminal workspace. The terminals themselves live above the pages
 * (TerminalDock in the console layout), so leaving this page keeps every shell and its scrollback;
 * closing a tab ends its shell.
 */
export function TerminalsWorkspace() {
  const { tabs, open, setDialog } = useTerminals();
  // ?host=&container=(&shell=…) only pre-fills a confirmation: no URL ever opens a terminal by itself
  // (a page elsewhere can send the browser here with the session cookie; see ConfirmTerminalDialog).
  const [pending, setPending] = useState<{ spec: TerminalSpec; edit: boolean } | null>(null);
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const consumed = useRef<string | null>(null);
  useEffect(() => {
    const query = params.toString();
    const spec = specFromParams(new URLSearchParams(query));
    if (!spec) {
      consumed.current = null;
      return;
    }
    if (consumed.current === query) return;
    consumed.current = query;
    setDialog(false);
    setPending({ spec, edit: false });
    // Drop the query so a reload does not ask again and the same link asks again when followed again.
    router.replace(pathname, { scroll: false });
  }, [params, router, pathname, setDialog]);

  return (
    <div className={cn('flex flex-col px-5 pt-4 max-sm:px-3', tabs.length === 0 && 'h-full min-h-[32rem] pb-4')}>
      <PageHeader
        title="Terminals"
        subtitle="Shells inside running containers. They stay open while you use other pages; closing a tab ends its shell."
        actions={
          <Button variant="primary" onClick={() => setDialog(true)}>
            New terminal
          </Button>
        }
      />

      {tabs.length === 0 && (
        <EmptyState
          title="No terminal open"
          action={
            <Button variant="primary" onClick={() => setDialog(true)}>
              New terminal
            </Button>
          }
        >
          Open a shell in a running container — bash, sh or a command of your choice — or attach to its main process. Several can be open at
          once, as tabs, and they stay open while you use other pages.
        </EmptyState>
      )}

      {pending && !pending.edit && (
        <ConfirmTerminalDialog
          spec={pending.spec}
          onCancel={() => setPending(null)}
          onEdit={() => setPending({ ...pending, edit: true })}
          onConfirm={(spec) => {
            setPending(null);
            open(spec);
          }}
        />
      )}

      {pending?.edit && (
        <NewTerminalDialog
          initial={pending.spec}
          onClose={() => setPending(null)}
          onOpen={(spec) => {
            setPending(null);
            open(spec);
          }}
        />
      )}
    </div>
  );
}
