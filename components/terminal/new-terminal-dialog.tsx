'use client';

import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import type { ContainerSummary } from '@/server/contracts/containers';
import { DETACH_LABEL } from '@/server/contracts/exec-options';
import { api, errorMessage } from '../api';
import { useEngines } from '../hosts/use-engines';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Field, Input, Select, Textarea, controlProps } from '../ui/field';
import { commandLine, parseEnvLines, SHELL_CHOICES, splitCommand, type ShellChoice, type TerminalSpec } from './spec';

export function useRunningContainers(hostId: string) {
  return useQuery({
    queryKey: ['terminals', 'running-containers', hostId],
    queryFn: ({ signal }) => api<ContainerSummary[]>(`/api/containers?host=${encodeURIComponent(hostId)}&state=running`, { signal }),
    enabled: !!hostId,
    staleTime: 5_000,
  });
}

/** "New terminal": where (host, container), what (shell, command or attach), as whom, with what environment. */
export function NewTerminalDialog({
  initial,
  onOpen,
  onClose,
}: {
  /** Pre-selects host / container (the last ones used). */
  initial?: Partial<TerminalSpec>;
  onOpen: (spec: TerminalSpec) => void;
  onClose: () => void;
}) {
  const uid = useId();
  const engines = useEngines();
  const online = useMemo(
    () => (engines.data ?? []).filter((e) => e.status === 'online').sort((a, b) => a.name.localeCompare(b.name)),
    [engines.data],
  );
  const [hostChoice, setHostChoice] = useState(initial?.hostId ?? '');
  const hostId = online.some((e) => e.id === hostChoice) ? hostChoice : (online[0]?.id ?? '');
  const containers = useRunningContainers(hostId);
  const running = useMemo(() => [...(containers.data ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [containers.data]);
  const [containerChoice, setContainerChoice] = useState(initial?.container ?? '');
  const containerId = running.find((c) => c.id === containerChoice || c.name === containerChoice)?.id ?? running[0]?.id ?? '';

  const [mode, setMode] = useState<'exec' | 'attach'>(initial?.mode ?? 'exec');
  const [shell, setShell] = useState<ShellChoice>(initial?.shell ?? 'auto');
  const [command, setCommand] = useState(commandLine(initial?.command ?? []));
  const [user, setUser] = useState(initial?.user ?? '');
  const [workingDir, setWorkingDir] = useState(initial?.workingDir ?? '');
  const [envText, setEnvText] = useState((initial?.env ?? []).join('\n'));
  const [errors, setErrors] = useState<Record<string, string>>({});

  const id = (name: string) => `${uid}-${name}`;
  const exec = mode === 'exec';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!hostId) errs.host = 'Choose an online host';
    if (!containerId) errs.container = 'Choose a running container';
    const words = splitCommand(command);
    const { env, bad } = parseEnvLines(envText);
    if (exec) {
      if (shell === 'custom' && words.length === 0) errs.command = 'Enter a command to run';
      if (workingDir.trim() && !workingDir.trim().startsWith('/')) errs.workingDir = 'Working directory must be absolute (start with /)';
      if (bad.length) errs.env = `Not KEY=value: ${bad.slice(0, 3).join(', ')}${bad.length > 3 ? ', …' : ''}`;
    }
    setErrors(errs);
    if (Object.keys(errs).length) return;
    onOpen({
      mode,
      hostId,
      container: containerId,
      shell: exec ? shell : 'auto',
      command: exec && shell === 'custom' ? words : [],
      user: exec ? user.trim() : '',
      workingDir: exec ? workingDir.trim() : '',
      env: exec ? env : [],
    });
  };

  const formId = id('form');
  return (
    <Dialog
      title="New terminal"
      description="A shell inside a running container, like docker exec -it, or the main process's console."
      onClose={onClose}
      footer={
        <>
          <Button type="submit" form={formId} variant="primary" disabled={!hostId || !containerId}>
            Open terminal
          </Button>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-3" noValidate>
        {engines.isError && <ErrorAlert>{errorMessage(engines.error)}</ErrorAlert>}
        <div className="grid grid-cols-2 gap-3 max-sm:grid-cols-1">
          <Field
            id={id('host')}
            label="Host"
            error={errors.host}
            hint={engines.isSuccess && online.length === 0 ? 'No host is online' : undefined}
          >
            <Select
              {...controlProps(id('host'), errors.host, engines.isSuccess && online.length === 0)}
              data-autofocus
              value={hostId}
              onChange={(e) => setHostChoice(e.target.value)}
              disabled={online.length === 0}
            >
              {engines.isPending && <option value="">Loading…</option>}
              {online.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            id={id('container')}
            label="Container"
            error={errors.container ?? (containers.isError ? errorMessage(containers.error) : null)}
            hint={hostId && containers.isSuccess && running.length === 0 ? 'No running container on this host' : undefined}
          >
            <Select
              {...controlProps(id('container'), errors.container, !!hostId && containers.isSuccess && running.length === 0)}
              value={containerId}
              onChange={(e) => setContainerChoice(e.target.value)}
              disabled={running.length === 0}
            >
              {containers.isLoading && <option value="">Loading…</option>}
              {running.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.image})
                </option>
              ))}
            </Select>
          </Field>
        </div>

        <fieldset>
          <legend className="mb-1 text-xs font-medium text-zinc-700">Mode</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-1">
            <label className="inline-flex cursor-pointer items-center gap-2 text-[13px]">
              <input type="radio" name={id('mode')} className="accent-sky-700" checked={exec} onChange={() => setMode('exec')} />
              Exec a new process
            </label>
            <label className="inline-flex cursor-pointer items-center gap-2 text-[13px]">
              <input type="radio" name={id('mode')} className="accent-sky-700" checked={!exec} onChange={() => setMode('attach')} />
              Attach to main process
            </label>
          </div>
          {!exec && (
            <p className="mt-1 text-xs text-zinc-500">
              Your keystrokes go to the container&apos;s main process. Detach with {DETACH_LABEL}: the container keeps running. Ctrl-C may
              stop it.
            </p>
          )}
        </fieldset>

        {exec && (
          <>
            <div className="grid grid-cols-2 gap-3 max-sm:grid-cols-1">
              <Field id={id('shell')} label="Shell">
                <Select {...controlProps(id('shell'))} value={shell} onChange={(e) => setShell(e.target.value as ShellChoice)}>
                  {SHELL_CHOICES.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </Select>
              </Field>
              {shell === 'custom' && (
                <Field id={id('command')} label="Command" error={errors.command}>
                  <Input
                    {...controlProps(id('command'), errors.command)}
                    className="font-mono"
                    placeholder="top -d 1"
                    value={command}
                    onChange={(e) => setCommand(e.target.value)}
                    spellCheck={false}
                    autoComplete="off"
                  />
                </Field>
              )}
            </div>
            <div className="grid grid-cols-2 gap-3 max-sm:grid-cols-1">
              <Field id={id('user')} label="User" hint="Empty: the container's user">
                <Input
                  {...controlProps(id('user'), null, true)}
                  placeholder="root, 1000, www-data:www-data"
                  value={user}
                  onChange={(e) => setUser(e.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                />
              </Field>
              <Field id={id('workdir')} label="Working directory" error={errors.workingDir} hint="Empty: the image's">
                <Input
                  {...controlProps(id('workdir'), errors.workingDir, true)}
                  className="font-mono"
                  placeholder="/app"
                  value={workingDir}
                  onChange={(e) => setWorkingDir(e.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                />
              </Field>
            </div>
            <Field id={id('env')} label="Environment" error={errors.env} hint="One KEY=value a line">
              <Textarea
                {...controlProps(id('env'), errors.env, true)}
                rows={3}
                className="min-h-16"
                placeholder={'DEBUG=1\nLANG=C.UTF-8'}
                value={envText}
                onChange={(e) => setEnvText(e.target.value)}
              />
            </Field>
          </>
        )}
      </form>
    </Dialog>
  );
}
