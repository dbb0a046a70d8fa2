'use client';

import { useState, type ReactNode } from 'react';
import { DETACH_LABEL } from '@/server/contracts/exec-options';
import { ApiRequestError, errorMessage } from '../api';
import { useContainerDetail } from '../containers/use-containers';
import { useEngines } from '../hosts/use-engines';
import { ErrorAlert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { KeyValue, KeyValueList } from '../ui/key-value';
import { Spinner } from '../ui/spinner';
import { quoteCommand, SHELL_CHOICES, visible, type TerminalSpec } from './spec';

/**
 * "Open this terminal?": what a URL asked for, spelled out (host, container, user, command, working
 * directory, environment) for the user to check. A URL or link never opens a terminal by itself:
 * it can only bring up this dialog, and only the button press runs anything.
 */
export function ConfirmTerminalDialog({
  spec,
  onConfirm,
  onEdit,
  onCancel,
}: {
  spec: TerminalSpec;
  onConfirm: (spec: TerminalSpec) => void;
  /** Opens the full form with these values; hidden when absent. */
  onEdit?: () => void;
  onCancel: () => void;
}) {
  // Inside a frame another page could hide this dialog under its own and steer the click (clickjacking).
  const [framed] = useState(() => typeof window !== 'undefined' && window.top !== window.self);
  const engines = useEngines();
  const engine = engines.data?.find((e) => e.id === spec.hostId);
  // The container as the engine describes it now, followed live: stopped meanwhile means nothing to open.
  const target = useContainerDetail(spec.hostId, spec.container);
  const c = target.data;
  // A 4xx (no such container, not a valid reference) will not change by trying: nothing to open.
  const refused = target.error instanceof ApiRequestError && target.error.status >= 400 && target.error.status < 500;
  const notFound = refused && (target.error as ApiRequestError).status === 404;
  const unknownHost = engines.isSuccess && !engine;
  const notRunning = !!c && c.state !== 'running';
  const blocked = framed || unknownHost || refused || notRunning;
  const exec = spec.mode === 'exec';

  const shellText = SHELL_CHOICES.find((s) => s.value === spec.shell)?.label ?? spec.shell;
  const defaultUser = c ? c.user || 'root' : null;

  return (
    <Dialog
      title="Open this terminal?"
      description="Opened from a link: check what it will run. Nothing runs in the container until you press Open terminal."
      onClose={onCancel}
      className="max-w-xl"
      footer={
        <>
          <Button variant="primary" disabled={blocked} onClick={() => onConfirm(spec)} data-testid="confirm-open-terminal">
            Open terminal
          </Button>
          {onEdit && !framed && (
            <Button variant="secondary" onClick={onEdit}>
              Change…
            </Button>
          )}
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        </>
      }
    >
      <div className="space-y-3" data-testid="confirm-terminal">
        {framed && (
          <ErrorAlert title="Not inside a frame">
            Wharf does not open terminals inside another page. Open Wharf in its own tab and try again.
          </ErrorAlert>
        )}
        <KeyValueList className="gap-y-1.5">
          <KeyValue label="Host" wrap>
            {engine ? (
              <span data-testid="confirm-host" className="font-medium">
                {engine.name}
              </span>
            ) : (
              <Unresolved
                value={spec.hostId}
                pending={engines.isPending}
                problem={unknownHost ? 'No such host in Wharf' : null}
                testId="confirm-host"
              />
            )}
          </KeyValue>
          <KeyValue label="Container" wrap>
            {c ? (
              <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span data-testid="confirm-container" className="font-medium">
                  {visible(c.name)}
                </span>
                <span className="text-zinc-500">
                  {visible(c.image)} · <span className="font-mono text-[12px]">{c.id.slice(0, 12)}</span>
                </span>
                {notRunning && (
                  <Badge tone="amber" dot>
                    {c.state}
                  </Badge>
                )}
              </span>
            ) : (
              <Unresolved
                value={spec.container}
                pending={target.isPending}
                problem={notFound ? 'No such container on this host' : target.isError ? errorMessage(target.error) : null}
                testId="confirm-container"
              />
            )}
          </KeyValue>
          <KeyValue label={exec ? 'Command' : 'Mode'} wrap>
            {exec ? (
              spec.shell === 'custom' ? (
                <>
                  <pre
                    data-testid="confirm-command"
                    className="rounded-md border border-zinc-800 bg-zinc-950 px-2.5 py-1.5 font-mono text-[12px] leading-5 whitespace-pre-wrap break-all text-zinc-100"
                  >
                    <span className="text-zinc-500 select-none">$ </span>
                    <CommandText line={quoteCommand(spec.command)} />
                  </pre>
                  {quoteCommand(spec.command).length > LONG_COMMAND && (
                    <p className="mt-1 text-amber-800">
                      A long command ({quoteCommand(spec.command).length} characters): read all of it before you open the terminal.
                    </p>
                  )}
                </>
              ) : (
                <span data-testid="confirm-command">Shell: {shellText}</span>
              )
            ) : (
              <span data-testid="confirm-command">
                Attach to the main process
                {c ? (
                  <>
                    {' '}
                    (<code className="font-mono text-[12px]">{visible([...c.entrypoint, ...c.cmd].join(' ') || c.command)}</code>)
                  </>
                ) : null}
              </span>
            )}
          </KeyValue>
          {exec ? (
            <>
              <KeyValue label="As user" wrap>
                <span data-testid="confirm-user">
                  {spec.user ? (
                    <code className="font-mono text-[12px] font-semibold">{visible(spec.user)}</code>
                  ) : (
                    <>
                      the container&apos;s user
                      {defaultUser && (
                        <>
                          {' '}
                          (<code className="font-mono text-[12px] font-semibold">{visible(defaultUser)}</code>)
                        </>
                      )}
                    </>
                  )}
                </span>
              </KeyValue>
              <KeyValue label="Working dir" wrap>
                {spec.workingDir ? (
                  <code data-testid="confirm-workdir" className="font-mono text-[12px]">
                    {visible(spec.workingDir)}
                  </code>
                ) : (
                  <span className="text-zinc-500">the image&apos;s{c?.workingDir ? ` (${visible(c.workingDir)})` : ''}</span>
                )}
              </KeyValue>
              {spec.env.length > 0 && (
                <KeyValue label="Environment" wrap>
                  <ul data-testid="confirm-env" className="font-mono text-[12px]">
                    {spec.env.map((e, i) => (
                      <li key={i}>{visible(e)}</li>
                    ))}
                  </ul>
                </KeyValue>
              )}
            </>
          ) : (
            <KeyValue label="Keys" wrap>
              Your keystrokes go to the main process. Detach with {DETACH_LABEL}; Ctrl-C may stop it.
            </KeyValue>
          )}
        </KeyValueList>

        {notRunning && c && (
          <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
            {visible(c.name)} is {c.state}: start it to open a terminal.
          </p>
        )}
      </div>
    </Dialog>
  );
}

const LONG_COMMAND = 300;

/** The command line with long runs of spaces shown as a marker, so blank space cannot push a part out of sight. */
function CommandText({ line }: { line: string }) {
  const parts = line.split(/( {4,})/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <span key={i} className="rounded bg-amber-500/20 px-1 text-amber-300" title={`${part.length} spaces`}>
            ⟨{part.length} spaces⟩
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** A host or container Wharf could not name: the raw value from the URL, with why. */
function Unresolved({ value, pending, problem, testId }: { value: string; pending: boolean; problem: ReactNode; testId: string }) {
  return (
    <span className="flex flex-wrap items-center gap-2">
      <code data-testid={testId} className="font-mono text-[12px] break-all">
        {visible(value)}
      </code>
      {pending && <Spinner className="size-3" />}
      {problem && <span className="text-red-700">{problem}</span>}
    </span>
  );
}
