'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { findPortConflicts, RESTART_POLICIES, type CreateContainerInput, type CreateResult, type PullProgress } from '@/server/contracts/container-create';
import { api, ApiRequestError, errorMessage, fieldErrors } from '../api';
import { formatBytes } from '../format';
import { useEngines } from '../hosts/use-engines';
import { PageBody } from '../layout/page-header';
import { queryKeys } from '../query-keys';
import { useRealtime } from '../realtime/realtime-provider';
import { ErrorAlert } from '../ui/alert';
import { Button, buttonClass } from '../ui/button';
import { Section } from '../ui/card';
import { cn } from '../ui/cn';
import { Checkbox, controlProps, Field, Input, Select, Textarea } from '../ui/field';
import { Spinner } from '../ui/spinner';
import { toast, Toaster } from '../ui/toast';
import { EMPTY_FORM, specFromValues, valuesFromSpec, type FormValues, type KeyValueRow, type PortRow, type VolumeRow } from './container-form-model';
import { containerHref, usedPorts } from './container-model';
import { DockerRunParseError, parseDockerRun } from './parse-docker-run';
import { useContainers, useHostImages, useHostNetworks, useHostVolumes } from './use-containers';
import { useHydrated } from './use-hydrated';
import { Skeleton } from '../ui/skeleton';

type Mode = { kind: 'create' } | { kind: 'edit'; hostId: string; id: string; name: string };

const newOpId = () => (typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `op-${Date.now()}-${Math.random().toString(36).slice(2)}`);

function RowRemove({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" aria-label={label} title={label} onClick={onClick} className="mt-0.5 inline-flex size-7 shrink-0 items-center justify-center rounded text-zinc-400 hover:bg-red-50 hover:text-red-700">
      <svg viewBox="0 0 16 16" className="size-3.5" aria-hidden>
        <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
    </button>
  );
}

function AddButton({ children, onClick }: { children: ReactNode; onClick: () => void }) {
  return (
    <Button size="sm" variant="ghost" className="text-sky-700" onClick={onClick}>
      <svg viewBox="0 0 16 16" className="size-3" aria-hidden>
        <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      {children}
    </Button>
  );
}

/** A small error under a control in a row (rows have no visible per-field labels). */
function RowError({ id, message }: { id: string; message?: string | null }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-0.5 text-xs text-red-700" data-testid="field-error">
      {message}
    </p>
  );
}

function PullProgressView({ progress }: { progress: PullProgress | null }) {
  if (!progress) return null;
  const pct = progress.fraction === null ? null : Math.round(progress.fraction * 100);
  return (
    <div className="rounded-md border border-sky-200 bg-sky-50/60 px-3 py-2" data-testid="pull-progress">
      <div className="mb-1 flex items-baseline justify-between gap-2 text-xs">
        <span className="font-medium text-sky-900">
          Pulling <span className="font-mono">{progress.image}</span> — {progress.status}
        </span>
        <span className="text-sky-800 tabular-nums">{pct === null ? '…' : `${pct}%`}</span>
      </div>
      <div
        role="progressbar"
        aria-label={`Pulling ${progress.image}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        className="h-1.5 overflow-hidden rounded-full bg-sky-100"
      >
        <div className={cn('h-full rounded-full bg-sky-600 transition-[width]', pct === null && 'w-1/3 animate-pulse')} style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
      {progress.layers.length > 0 && (
        <ul className="mt-1.5 max-h-40 space-y-0.5 overflow-auto font-mono text-[11px] text-zinc-700" data-testid="pull-layers">
          {progress.layers.map((l) => (
            <li key={l.id} className="flex items-center gap-2">
              <span className="w-24 shrink-0 text-zinc-500">{l.id}</span>
              <span className="w-32 shrink-0 truncate">{l.status}</span>
              {l.total > 0 && (
                <>
                  <span className="h-1 w-24 shrink-0 overflow-hidden rounded bg-zinc-200">
                    <span className="block h-full bg-sky-500" style={{ width: `${Math.min(100, (l.current / l.total) * 100)}%` }} />
                  </span>
                  <span className="text-zinc-500">
                    {formatBytes(l.current)} / {formatBytes(l.total)}
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ContainerForm({ mode, initialHost, initial }: { mode: Mode; initialHost?: string; initial?: CreateContainerInput }) {
  const router = useRouter();
  const qc = useQueryClient();
  const { socket, state: socketState } = useRealtime();
  const engines = useEngines();
  const containers = useContainers();
  const online = (engines.data ?? []).filter((e) => e.status === 'online');
  const [hostId, setHostId] = useState(mode.kind === 'edit' ? mode.hostId : (initialHost ?? ''));
  const effectiveHost = hostId || online[0]?.id || '';
  const engine = engines.data?.find((e) => e.id === effectiveHost);
  const images = useHostImages(effectiveHost);
  const networks = useHostNetworks(effectiveHost);
  const volumes = useHostVolumes(effectiveHost);

  const [values, setValues] = useState<FormValues>(() => (initial ? valuesFromSpec(initial) : EMPTY_FORM));
  const [submitted, setSubmitted] = useState(false);
  const [serverFields, setServerFields] = useState<Record<string, string>>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState<null | 'create' | 'start'>(null);
  const [progress, setProgress] = useState<PullProgress | null>(null);
  const [paste, setPaste] = useState('');
  const [pasteResult, setPasteResult] = useState<{ warnings: string[]; error: string | null } | null>(null);
  const opRef = useRef<string | null>(null);

  useEffect(() => {
    if (!socket) return;
    const onProgress = (p: { opId: string; progress: PullProgress }) => {
      if (p.opId === opRef.current) setProgress(p.progress);
    };
    socket.on('pull.progress', onProgress);
    return () => {
      socket.off('pull.progress', onProgress);
    };
  }, [socket]);

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setServerFields((f) => {
      if (!Object.keys(f).some((k) => k === key || k.startsWith(`${String(key)}.`))) return f;
      return Object.fromEntries(Object.entries(f).filter(([k]) => !(k === key || k.startsWith(`${String(key)}.`))));
    });
  };
  const setRow = <K extends 'env' | 'labels' | 'ports' | 'volumes'>(key: K, i: number, patch: Partial<FormValues[K][number]>) =>
    set(key, values[key].map((r, j) => (j === i ? { ...r, ...patch } : r)) as FormValues[K]);
  const removeRow = <K extends 'env' | 'labels' | 'ports' | 'volumes'>(key: K, i: number) => set(key, values[key].filter((_, j) => j !== i) as FormValues[K]);

  const exceptId = mode.kind === 'edit' ? mode.id : undefined;
  const conflicts = useMemo(() => {
    const used = usedPorts(containers.data, effectiveHost, exceptId);
    return findPortConflicts(
      values.ports.map((p) => ({ hostIp: p.hostIp.trim() || null, hostPort: /^\d+$/.test(p.hostPort.trim()) ? Number(p.hostPort.trim()) : null, protocol: p.protocol })),
      used,
    );
  }, [values.ports, containers.data, effectiveHost, exceptId]);

  const local = useMemo(() => specFromValues(values, true).errors, [values]);
  const errors: Record<string, string> = { ...(submitted ? local : {}), ...serverFields };
  for (const c of conflicts) errors[`ports.${c.index}.hostPort`] = `Port ${c.hostPort}/${c.protocol} is already used by ${c.usedBy}`;
  const err = (key: string) => errors[key] ?? null;

  const fillFromCommand = () => {
    try {
      const parsed = parseDockerRun(paste);
      const next = valuesFromSpec(parsed.spec);
      if (mode.kind === 'edit') next.name = values.name;
      setValues(next);
      setServerFields({});
      setPasteResult({ warnings: parsed.warnings, error: null });
    } catch (e) {
      setPasteResult({ warnings: [], error: e instanceof DockerRunParseError ? e.message : errorMessage(e) });
    }
  };

  const submit = async (start: boolean) => {
    setSubmitted(true);
    setSubmitError(null);
    setServerFields({});
    if (!effectiveHost) {
      setSubmitError('Choose a host that is online.');
      return;
    }
    const { spec, errors: localErrors } = specFromValues(values, start);
    if (!spec || conflicts.length) {
      const first = Object.keys(localErrors)[0] ?? (conflicts[0] ? `ports.${conflicts[0].index}.hostPort` : null);
      setSubmitError(conflicts.length ? 'A published host port is already in use on this host: pick another one or leave it empty.' : 'Some fields need attention.');
      if (first) document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    const opId = newOpId();
    opRef.current = opId;
    setProgress(null);
    setBusy(start ? 'start' : 'create');
    try {
      let result: CreateResult;
      if (socket && socketState === 'connected') {
        result = await new Promise<CreateResult>((resolve, reject) => {
          const payload = mode.kind === 'edit' ? { hostId: effectiveHost, id: mode.id, opId, spec } : { hostId: effectiveHost, opId, spec };
          const ack = (reply: { ok: true; data: CreateResult } | { ok: false; code: string; message: string }) =>
            reply.ok ? resolve(reply.data) : reject(new ApiRequestError(reply.message, 400, 'VALIDATION'));
          if (mode.kind === 'edit') socket.emit('container.recreate', payload as { hostId: string; id: string; opId: string; spec: unknown }, ack);
          else socket.emit('container.create', payload, ack);
        });
      } else {
        // No live connection: the same work over HTTP, without pull progress.
        const url = mode.kind === 'edit' ? `/api/hosts/${encodeURIComponent(effectiveHost)}/containers/${encodeURIComponent(mode.id)}/recreate` : `/api/hosts/${encodeURIComponent(effectiveHost)}/containers`;
        result = await api<CreateResult>(url, { method: 'POST', body: spec });
      }
      void qc.invalidateQueries({ queryKey: queryKeys.hostResources.images(effectiveHost) });
      if (result.warnings.length) toast({ tone: 'info', title: 'The engine warned', message: result.warnings.join(' · ') });
      toast({ tone: 'success', title: `${mode.kind === 'edit' ? 'Recreated' : result.started ? 'Created and started' : 'Created'} ${result.name}` });
      router.push(containerHref(result.hostId, result.id));
    } catch (e) {
      setSubmitError(errorMessage(e));
      setServerFields(fieldErrors(e));
      setBusy(null);
      opRef.current = null;
    }
  };

  const hydrated = useHydrated();
  const imageOptions = useMemo(() => [...new Set((images.data ?? []).flatMap((i) => i.tags))].sort(), [images.data]);
  const title = mode.kind === 'edit' ? `Edit & recreate ${mode.name}` : 'New container';
  const disabled = busy !== null;

  if (!hydrated || engines.isPending)
    return (
      <PageBody>
        <div role="status" aria-label="Loading the form" className="space-y-3">
          <Skeleton className="h-6 w-56" />
          <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
            <Skeleton className="h-72" />
            <Skeleton className="h-72" />
          </div>
        </div>
      </PageBody>
    );

  return (
    <PageBody>
      <Toaster />
      <title>{`${title} · Wharf`}</title>
      <nav aria-label="Breadcrumb" className="mb-1 text-xs text-zinc-500">
        <Link href="/containers" className="hover:text-sky-700 hover:underline">
          Containers
        </Link>
        <span aria-hidden> / </span>
        {mode.kind === 'edit' ? (
          <>
            <Link href={containerHref(mode.hostId, mode.id)} className="hover:text-sky-700 hover:underline">
              {mode.name}
            </Link>
            <span aria-hidden> / </span>
            <span className="text-zinc-700">Edit & recreate</span>
          </>
        ) : (
          <span className="text-zinc-700">New</span>
        )}
      </nav>
      <h1 className="mb-3 text-lg font-semibold tracking-tight text-zinc-900">{title}</h1>
      {mode.kind === 'edit' && (
        <p className="mb-3 rounded-md border border-sky-200 bg-sky-50 px-3 py-1.5 text-sky-900" data-testid="recreate-note">
          The container is recreated under the same name with the same volumes: Wharf stops it, creates the new one from these settings, and removes the old one only once the new one
          exists (if anything fails, the old one is put back).
        </p>
      )}

      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit(true);
        }}
        className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]"
      >
        <div className="min-w-0 space-y-3">
          <Section title="Image & identity">
            <div className="grid gap-2.5 sm:grid-cols-2">
              <Field id="f-host" label="Host" error={online.length === 0 && engines.data ? 'No host is online' : null}>
                <Select {...controlProps('f-host')} value={effectiveHost} onChange={(e) => setHostId(e.target.value)} disabled={mode.kind === 'edit' || disabled}>
                  {engines.isPending && <option value="">Loading…</option>}
                  {(engines.data ?? []).map((e) => (
                    <option key={e.id} value={e.id} disabled={e.status !== 'online'}>
                      {e.name}
                      {e.status !== 'online' ? ` (${e.status})` : ''}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field id="f-image" label="Image" error={err('image')} hint={images.isError ? `Image list unavailable: ${errorMessage(images.error)}` : `${imageOptions.length} images on ${engine?.name ?? 'this host'}; any reference can be pulled`}>
                <Input
                  {...controlProps('f-image', err('image'), true)}
                  data-field="image"
                  list="f-image-options"
                  value={values.image}
                  onChange={(e) => set('image', e.target.value)}
                  placeholder="nginx:1.27 or registry:5000/team/app:1.2"
                  className="font-mono"
                  autoComplete="off"
                  spellCheck={false}
                  disabled={disabled}
                />
                <datalist id="f-image-options">
                  {imageOptions.map((t) => (
                    <option key={t} value={t} />
                  ))}
                </datalist>
              </Field>
              <Field id="f-name" label="Name" error={err('name')} hint={mode.kind === 'edit' ? 'Kept: the new container takes the same name' : 'Leave empty for a generated name'}>
                <Input
                  {...controlProps('f-name', err('name'), true)}
                  data-field="name"
                  value={values.name}
                  onChange={(e) => set('name', e.target.value)}
                  readOnly={mode.kind === 'edit'}
                  disabled={disabled}
                  autoComplete="off"
                  spellCheck={false}
                  className={mode.kind === 'edit' ? 'bg-zinc-50 text-zinc-600' : undefined}
                />
              </Field>
              <div />
              <Field id="f-command" label="Command" error={err('cmd')} hint="Replaces the image's CMD; split like a shell (quotes work)">
                <Input {...controlProps('f-command', err('cmd'), true)} data-field="cmd" value={values.command} onChange={(e) => set('command', e.target.value)} className="font-mono" placeholder="image default" spellCheck={false} disabled={disabled} />
              </Field>
              <Field id="f-entrypoint" label="Entrypoint" error={err('entrypoint')} hint="Replaces the image's ENTRYPOINT">
                <Input {...controlProps('f-entrypoint', err('entrypoint'), true)} data-field="entrypoint" value={values.entrypoint} onChange={(e) => set('entrypoint', e.target.value)} className="font-mono" placeholder="image default" spellCheck={false} disabled={disabled} />
              </Field>
            </div>
          </Section>

          <Section title={`Environment (${values.env.length})`} actions={<AddButton onClick={() => set('env', [...values.env, { key: '', value: '' }])}>Add variable</AddButton>}>
            <KeyValueRows rows={values.env} name="env" keyLabel="Key" valueLabel="Value" removeLabel="Remove variable" err={err} disabled={disabled} onChange={(i, p) => setRow('env', i, p)} onRemove={(i) => removeRow('env', i)} empty="No variables: the image's defaults apply." />
          </Section>

          <Section title={`Ports (${values.ports.length})`} actions={<AddButton onClick={() => set('ports', [...values.ports, { hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' }])}>Add port</AddButton>}>
            {values.ports.length === 0 ? (
              <p className="text-xs text-zinc-500">Nothing published. Published ports are reachable on the host.</p>
            ) : (
              <div className="space-y-1.5">
                {values.ports.map((p, i) => (
                  <PortRowView key={i} i={i} p={p} err={err} disabled={disabled} onChange={(patch) => setRow('ports', i, patch)} onRemove={() => removeRow('ports', i)} />
                ))}
                <p className="text-xs text-zinc-500">Leave the host port empty to let the engine pick a free one.</p>
              </div>
            )}
          </Section>

          <Section title={`Volumes (${values.volumes.length})`} actions={<AddButton onClick={() => set('volumes', [...values.volumes, { type: 'volume', source: '', target: '', readOnly: false }])}>Add volume</AddButton>}>
            {values.volumes.length === 0 ? (
              <p className="text-xs text-zinc-500">No volumes or bind mounts.</p>
            ) : (
              <div className="space-y-1.5">
                {values.volumes.map((v, i) => (
                  <VolumeRowView key={i} i={i} v={v} err={err} disabled={disabled} volumeNames={(volumes.data ?? []).map((x) => x.name)} onChange={(patch) => setRow('volumes', i, patch)} onRemove={() => removeRow('volumes', i)} />
                ))}
                <datalist id="f-volume-names">
                  {(volumes.data ?? []).map((x) => (
                    <option key={x.name} value={x.name} />
                  ))}
                </datalist>
              </div>
            )}
          </Section>

          <Section title={`Labels (${values.labels.length})`} actions={<AddButton onClick={() => set('labels', [...values.labels, { key: '', value: '' }])}>Add label</AddButton>}>
            <KeyValueRows rows={values.labels} name="labels" keyLabel="Label key" valueLabel="Label value" removeLabel="Remove label" err={err} disabled={disabled} onChange={(i, p) => setRow('labels', i, p)} onRemove={(i) => removeRow('labels', i)} empty="No labels." />
          </Section>
        </div>

        <div className="min-w-0 space-y-3">
          <Section title="From a docker run command">
            <Field id="f-paste-text" label="Paste docker run" hint="The form is filled from the command; nothing runs until you create.">
              <Textarea id="f-paste-text" value={paste} onChange={(e) => setPaste(e.target.value)} placeholder="docker run -d --name web -p 8080:80 -e KEY=value nginx:1.27" disabled={disabled} />
            </Field>
            <div className="mt-2 flex items-center gap-2">
              <Button size="sm" onClick={fillFromCommand} disabled={!paste.trim() || disabled}>
                Fill from command
              </Button>
            </div>
            {pasteResult?.error && (
              <p role="alert" data-testid="paste-error" className="mt-2 rounded-md border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-800">
                {pasteResult.error}
              </p>
            )}
            {pasteResult && !pasteResult.error && (
              <div className="mt-2 text-xs" data-testid="paste-warnings">
                <p className="text-emerald-700">Filled from the command.</p>
                {pasteResult.warnings.length > 0 && (
                  <ul className="mt-1 list-disc space-y-0.5 pl-4 text-amber-800">
                    {pasteResult.warnings.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                )}
              </div>
            )}
          </Section>

          <Section title="Network & restart">
            <div className="space-y-2.5">
              <Field id="f-network-sel" label="Network" error={err('network')} hint={networks.isError ? errorMessage(networks.error) : undefined}>
                <Select {...controlProps('f-network-sel', err('network'))} value={values.network} onChange={(e) => set('network', e.target.value)} disabled={disabled}>
                  <option value="">default (bridge)</option>
                  {(networks.data ?? [])
                    .filter((n) => n.name !== 'bridge' || values.network === 'bridge')
                    .map((n) => (
                      <option key={n.name} value={n.name}>
                        {n.name} ({n.driver})
                      </option>
                    ))}
                  {values.network && !(networks.data ?? []).some((n) => n.name === values.network) && <option value={values.network}>{values.network}</option>}
                </Select>
              </Field>
              <div className="grid grid-cols-2 gap-2">
                <Field id="f-restart" label="Restart policy">
                  <Select id="f-restart" value={values.restartPolicy} onChange={(e) => set('restartPolicy', e.target.value as FormValues['restartPolicy'])} disabled={disabled}>
                    {RESTART_POLICIES.map((p) => (
                      <option key={p} value={p}>
                        {p}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field id="f-retries" label="Max retries" error={err('maxRetries')}>
                  <Input {...controlProps('f-retries', err('maxRetries'))} type="number" min={0} value={values.maxRetries} onChange={(e) => set('maxRetries', e.target.value)} disabled={disabled || values.restartPolicy !== 'on-failure'} />
                </Field>
              </div>
            </div>
          </Section>

          <Section title="Resources">
            <div className="grid grid-cols-2 gap-2">
              <Field id="f-memory" label="Memory (MB)" error={err('memoryMb')} hint="Empty: no limit">
                <Input {...controlProps('f-memory', err('memoryMb'), true)} data-field="memoryMb" type="number" min={0} value={values.memoryMb} onChange={(e) => set('memoryMb', e.target.value)} disabled={disabled} />
              </Field>
              <Field id="f-cpus" label="CPUs" error={err('cpus')} hint="e.g. 0.5; empty: no limit">
                <Input {...controlProps('f-cpus', err('cpus'), true)} data-field="cpus" type="number" min={0} step="0.1" value={values.cpus} onChange={(e) => set('cpus', e.target.value)} disabled={disabled} />
              </Field>
            </div>
          </Section>

          <Section title="Runtime">
            <div className="flex flex-col gap-1.5">
              <Checkbox label="Run an init process (--init)" checked={values.init} onChange={(e) => set('init', e.target.checked)} disabled={disabled} />
              <Checkbox label="TTY (-t)" checked={values.tty} onChange={(e) => set('tty', e.target.checked)} disabled={disabled} />
              <Checkbox label="Keep stdin open (-i)" checked={values.openStdin} onChange={(e) => set('openStdin', e.target.checked)} disabled={disabled} />
            </div>
            <div className="mt-2.5 grid grid-cols-2 gap-2">
              <Field id="f-hostname" label="Hostname" error={err('hostname')}>
                <Input {...controlProps('f-hostname', err('hostname'))} value={values.hostname} onChange={(e) => set('hostname', e.target.value)} placeholder="container id" disabled={disabled} />
              </Field>
              <Field id="f-user" label="User" error={err('user')}>
                <Input {...controlProps('f-user', err('user'))} value={values.user} onChange={(e) => set('user', e.target.value)} placeholder="image default" disabled={disabled} />
              </Field>
              <Field id="f-workdir" label="Working directory" error={err('workingDir')} className="col-span-2">
                <Input {...controlProps('f-workdir', err('workingDir'))} data-field="workingDir" value={values.workingDir} onChange={(e) => set('workingDir', e.target.value)} placeholder="image default" className="font-mono" disabled={disabled} />
              </Field>
            </div>
            <fieldset className="mt-2.5">
              <legend className="mb-1 text-xs font-medium text-zinc-700">Pull image</legend>
              <div className="flex flex-wrap gap-3">
                {(['missing', 'always', 'never'] as const).map((p) => (
                  <label key={p} className="inline-flex items-center gap-1.5 text-[13px]" title={p === 'missing' ? 'Pull only when the host does not have the image' : p === 'always' ? 'Pull the newest image every time' : 'Use only what the host has'}>
                    <input type="radio" name="f-pull" value={p} checked={values.pull === p} onChange={() => set('pull', p)} className="accent-sky-700" disabled={disabled} />
                    {p}
                  </label>
                ))}
              </div>
            </fieldset>
          </Section>
        </div>

        <div className="sticky bottom-0 z-10 -mx-1 space-y-2 rounded-lg border border-zinc-200 bg-white/95 px-3 py-2 shadow-md backdrop-blur xl:col-span-2">
          {busy && <PullProgressView progress={progress} />}
          {submitError && (
            <ErrorAlert testId="create-error" title={mode.kind === 'edit' ? 'Could not recreate the container' : 'Could not create the container'}>
              {submitError}
            </ErrorAlert>
          )}
          <div className="flex flex-wrap items-center gap-2">
            {mode.kind === 'edit' ? (
              <Button type="submit" variant="primary" pending={busy !== null} disabled={!effectiveHost}>
                Recreate
              </Button>
            ) : (
              <>
                <Button type="submit" variant="primary" pending={busy === 'start'} disabled={disabled || !effectiveHost}>
                  Create and start
                </Button>
                <Button onClick={() => void submit(false)} pending={busy === 'create'} disabled={disabled || !effectiveHost}>
                  Create
                </Button>
              </>
            )}
            <Link href={mode.kind === 'edit' ? containerHref(mode.hostId, mode.id) : '/containers'} className={buttonClass('ghost')}>
              Cancel
            </Link>
            {busy && (
              <span className="inline-flex items-center gap-1.5 text-xs text-zinc-600" role="status">
                <Spinner />
                {progress ? 'Pulling the image…' : mode.kind === 'edit' ? 'Recreating…' : 'Creating…'}
              </span>
            )}
            {conflicts.length > 0 && !busy && (
              <span className="text-xs text-red-700" data-testid="port-conflict-summary">
                {conflicts.length} port conflict{conflicts.length === 1 ? '' : 's'}
              </span>
            )}
          </div>
        </div>
      </form>
    </PageBody>
  );
}

function KeyValueRows({
  rows,
  name,
  keyLabel,
  valueLabel,
  removeLabel,
  err,
  disabled,
  onChange,
  onRemove,
  empty,
}: {
  rows: KeyValueRow[];
  name: 'env' | 'labels';
  keyLabel: string;
  valueLabel: string;
  removeLabel: string;
  err: (k: string) => string | null;
  disabled: boolean;
  onChange: (i: number, patch: Partial<KeyValueRow>) => void;
  onRemove: (i: number) => void;
  empty: string;
}) {
  if (!rows.length) return <p className="text-xs text-zinc-500">{empty}</p>;
  return (
    <div className="space-y-1.5">
      {rows.map((r, i) => {
        const ke = err(`${name}.${i}.key`);
        const ve = err(`${name}.${i}.value`);
        return (
          <div key={i} className="flex items-start gap-1.5" data-testid={`${name}-row`}>
            <div className="w-2/5 min-w-0">
              <Input
                aria-label={keyLabel}
                aria-invalid={ke ? true : undefined}
                aria-describedby={ke ? `f-${name}-${i}-key-err` : undefined}
                data-field={`${name}.${i}.key`}
                value={r.key}
                onChange={(e) => onChange(i, { key: e.target.value })}
                placeholder={name === 'env' ? 'NAME' : 'com.example.key'}
                className="font-mono"
                spellCheck={false}
                disabled={disabled}
              />
              <RowError id={`f-${name}-${i}-key-err`} message={ke} />
            </div>
            <span className="mt-1.5 text-zinc-400">=</span>
            <div className="min-w-0 flex-1">
              <Input
                aria-label={valueLabel}
                aria-invalid={ve ? true : undefined}
                data-field={`${name}.${i}.value`}
                value={r.value}
                onChange={(e) => onChange(i, { value: e.target.value })}
                className="font-mono"
                spellCheck={false}
                disabled={disabled}
              />
              <RowError id={`f-${name}-${i}-value-err`} message={ve} />
            </div>
            <RowRemove label={`${removeLabel} ${i + 1}`} onClick={() => onRemove(i)} />
          </div>
        );
      })}
    </div>
  );
}

function PortRowView({ i, p, err, disabled, onChange, onRemove }: { i: number; p: PortRow; err: (k: string) => string | null; disabled: boolean; onChange: (patch: Partial<PortRow>) => void; onRemove: () => void }) {
  const e = { hostIp: err(`ports.${i}.hostIp`), hostPort: err(`ports.${i}.hostPort`), containerPort: err(`ports.${i}.containerPort`), protocol: err(`ports.${i}.protocol`) };
  const rowError = [e.hostIp, e.hostPort, e.containerPort, e.protocol].filter(Boolean).join(' · ');
  return (
    <div data-testid="port-row" data-conflict={e.hostPort ? 'true' : undefined}>
      <div className="flex items-start gap-1.5">
        <Input aria-label="Host IP" aria-invalid={e.hostIp ? true : undefined} data-field={`ports.${i}.hostIp`} value={p.hostIp} onChange={(ev) => onChange({ hostIp: ev.target.value })} placeholder="all interfaces" className="w-36! font-mono" disabled={disabled} />
        <span className="mt-1.5 text-zinc-400">:</span>
        <Input
          aria-label="Host port"
          aria-invalid={e.hostPort ? true : undefined}
          aria-describedby={rowError ? `f-port-${i}-err` : undefined}
          data-field={`ports.${i}.hostPort`}
          inputMode="numeric"
          value={p.hostPort}
          onChange={(ev) => onChange({ hostPort: ev.target.value })}
          placeholder="auto"
          className="w-24! font-mono"
          disabled={disabled}
        />
        <span className="mt-1.5 text-zinc-400">→</span>
        <Input aria-label="Container port" aria-invalid={e.containerPort ? true : undefined} data-field={`ports.${i}.containerPort`} inputMode="numeric" value={p.containerPort} onChange={(ev) => onChange({ containerPort: ev.target.value })} placeholder="80" className="w-24! font-mono" disabled={disabled} />
        <Select aria-label="Protocol" value={p.protocol} onChange={(ev) => onChange({ protocol: ev.target.value as PortRow['protocol'] })} className="w-20!" disabled={disabled}>
          <option value="tcp">tcp</option>
          <option value="udp">udp</option>
          <option value="sctp">sctp</option>
        </Select>
        <RowRemove label={`Remove port ${i + 1}`} onClick={onRemove} />
      </div>
      <RowError id={`f-port-${i}-err`} message={rowError || null} />
    </div>
  );
}

function VolumeRowView({
  i,
  v,
  err,
  disabled,
  volumeNames,
  onChange,
  onRemove,
}: {
  i: number;
  v: VolumeRow;
  err: (k: string) => string | null;
  disabled: boolean;
  volumeNames: string[];
  onChange: (patch: Partial<VolumeRow>) => void;
  onRemove: () => void;
}) {
  const es = err(`volumes.${i}.source`);
  const et = err(`volumes.${i}.target`);
  const rowError = [es, et, err(`volumes.${i}`)].filter(Boolean).join(' · ');
  const existing = v.type === 'volume' && v.source && !volumeNames.includes(v.source);
  return (
    <div data-testid="volume-row">
      <div className="flex items-start gap-1.5">
        <Select aria-label="Type" value={v.type} onChange={(ev) => onChange({ type: ev.target.value as VolumeRow['type'] })} className="w-28!" disabled={disabled}>
          <option value="volume">volume</option>
          <option value="bind">bind</option>
        </Select>
        <Input
          aria-label="Source"
          aria-invalid={es ? true : undefined}
          data-field={`volumes.${i}.source`}
          list={v.type === 'volume' ? 'f-volume-names' : undefined}
          value={v.source}
          onChange={(ev) => onChange({ source: ev.target.value })}
          placeholder={v.type === 'volume' ? 'volume name' : '/host/path'}
          className="min-w-0 flex-1 font-mono"
          spellCheck={false}
          disabled={disabled}
        />
        <span className="mt-1.5 text-zinc-400">→</span>
        <Input aria-label="Target" aria-invalid={et ? true : undefined} data-field={`volumes.${i}.target`} value={v.target} onChange={(ev) => onChange({ target: ev.target.value })} placeholder="/path/in/container" className="min-w-0 flex-1 font-mono" spellCheck={false} disabled={disabled} />
        <Checkbox label="Read-only" checked={v.readOnly} onChange={(ev) => onChange({ readOnly: ev.target.checked })} className="mt-1.5 text-xs whitespace-nowrap" disabled={disabled} />
        <RowRemove label={`Remove volume ${i + 1}`} onClick={onRemove} />
      </div>
      {rowError ? <RowError id={`f-vol-${i}-err`} message={rowError} /> : existing ? <p className="mt-0.5 text-xs text-zinc-500">A new volume “{v.source}” will be created.</p> : null}
    </div>
  );
}
