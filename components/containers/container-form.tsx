'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { findPortConflicts, type CreateContainerInput } from '@/server/contracts/container-create';
import type { ContainerSummary } from '@/server/contracts/containers';
import { useEngines } from '../hosts/use-engines';
import { PageBody } from '../layout/page-header';
import { useRealtime } from '../realtime/realtime-provider';
import { Skeleton } from '../ui/skeleton';
import { Toaster } from '../ui/toast';
import { MASKED } from '@/server/contracts/secrets';
import { lineErrors, shellJoin, specFromValues, valuesFromSpec } from './container-form-model';
import { containerHref, usedPorts } from './container-model';
import { revealInto, RevealButton } from './reveal-secrets';
import { DnsLoggingSection, HealthcheckSection, SecuritySection } from './form/advanced-sections';
import { EnvSection, LabelsSection } from './form/env-labels-sections';
import { useFormValues } from './form/form-values';
import { ImageSection } from './form/image-section';
import { NetworkSection } from './form/network-section';
import { PasteRunBox } from './form/paste-run-box';
import { PortsSection } from './form/ports-section';
import { ResourcesSection } from './form/resources-section';
import { RuntimeSection } from './form/runtime-section';
import { SubmitBar } from './form/submit-bar';
import { VolumesSection } from './form/volumes-section';
import { useContainerSubmit, type FormMode } from './form/use-container-submit';
import { useContainers, useHostImages, useHostNetworks, useHostVolumes } from './use-containers';
import { useHydrated } from './use-hydrated';

/** The create form, and the same form to edit and recreate an existing container. */
export function ContainerForm({ mode, initialHost, initial }: { mode: FormMode; initialHost?: string; initial?: CreateContainerInput }) {
  const { socket, state: socketState } = useRealtime();
  const engines = useEngines();
  const containers = useContainers();
  const online = (engines.data ?? []).filter((e) => e.status === 'online');
  const [hostId, setHostId] = useState(mode.kind === 'edit' ? mode.hostId : (initialHost ?? ''));
  const effectiveHost = hostId || online[0]?.id || '';
  const images = useHostImages(effectiveHost);
  const networks = useHostNetworks(effectiveHost);
  const volumes = useHostVolumes(effectiveHost);
  const form = useFormValues(initial);
  const { values } = form;

  const exceptId = mode.kind === 'edit' ? mode.id : undefined;
  const conflicts = useMemo(() => {
    const used = usedPorts(containers.data, effectiveHost, exceptId);
    return findPortConflicts(
      values.ports.map((p) => ({
        hostIp: p.hostIp.trim() || null,
        hostPort: /^\d+$/.test(p.hostPort.trim()) ? Number(p.hostPort.trim()) : null,
        protocol: p.protocol,
      })),
      used,
    );
  }, [values.ports, containers.data, effectiveHost, exceptId]);

  const [stopTimeout, setStopTimeout] = useState('10');
  const { submit, submitted, submitError, busy, progress, steps } = useContainerSubmit({
    mode,
    socket,
    connected: socketState === 'connected',
    hostId: effectiveHost,
    values,
    conflicts,
    setServerFields: form.setServerFields,
    stopTimeoutS: /^\d+$/.test(stopTimeout) ? Math.min(Number(stopTimeout), 3600) : undefined,
  });

  const local = useMemo(() => specFromValues(values, true).errors, [values]);
  const errors: Record<string, string> = { ...(submitted ? local : {}), ...form.serverFields, ...lineErrors(form.serverFields) };
  const taken = takenName(containers.data, effectiveHost, values.name.trim(), exceptId);
  if (taken) errors.name = `A container named ${taken.name} already exists on this host (${taken.state}, ${taken.image})`;
  for (const c of conflicts) errors[`ports.${c.index}.hostPort`] = `Port ${c.hostPort}/${c.protocol} is already used by ${c.usedBy}`;
  const err = (key: string) => errors[key] ?? null;

  const fillFrom = (spec: CreateContainerInput) => {
    const next = valuesFromSpec(spec);
    if (mode.kind === 'edit') next.name = values.name;
    form.setValues(next);
    form.setServerFields({});
  };

  const hydrated = useHydrated();
  const title = mode.kind === 'edit' ? `Edit & recreate ${mode.name}` : 'New container';
  const disabled = busy !== null;
  const section = { values, set: form.set, err, disabled };
  const rows = { ...section, setRow: form.setRow, removeRow: form.removeRow };

  if (!hydrated || engines.isPending)
    return (
      <PageBody>
        <div role="status" aria-label="Loading the form" className="space-y-3">
          <Skeleton className="h-6 w-56" />
          <div className="grid grid-cols-1 gap-3 xl:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
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
          The container is recreated under the same name with the same volumes: Wharf stops it, creates the new one from these settings, and
          removes the old one only once the new one exists (if anything fails, the old one is put back).
        </p>
      )}

      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit(true);
        }}
        className="grid grid-cols-1 gap-3 xl:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]"
      >
        <div className="min-w-0 space-y-3">
          <ImageSection
            {...section}
            editing={mode.kind === 'edit'}
            engines={engines.data}
            enginesPending={engines.isPending}
            hostId={effectiveHost}
            onHost={setHostId}
            images={images.data}
            imagesError={images.isError ? images.error : null}
          />
          <EnvSection
            {...rows}
            extra={
              mode.kind === 'edit' &&
              (values.env.some((r) => r.value === MASKED) || values.command.includes(MASKED) || values.entrypoint.includes(MASKED)) && (
                <RevealButton
                  hostId={mode.hostId}
                  id={mode.id}
                  // Fills only the values still masked: what the user typed meanwhile stays.
                  onRevealed={(r) =>
                    form.setValues((v) => ({
                      ...v,
                      env: revealInto(v.env, r.env),
                      command: v.command.includes(MASKED) ? shellJoin(r.cmd) : v.command,
                      entrypoint: v.entrypoint.includes(MASKED) ? shellJoin(r.entrypoint) : v.entrypoint,
                    }))
                  }
                />
              )
            }
          />
          <PortsSection {...rows} />
          <VolumesSection {...rows} volumeNames={(volumes.data ?? []).map((x) => x.name)} />
          <LabelsSection {...rows} />
          <HealthcheckSection {...section} />
          <SecuritySection {...section} />
        </div>

        <div className="min-w-0 space-y-3">
          <PasteRunBox disabled={disabled} onFill={fillFrom} />
          <NetworkSection {...section} networks={networks.data} networksError={networks.isError ? networks.error : null} />
          <ResourcesSection {...section} />
          <RuntimeSection {...section} />
          <DnsLoggingSection {...section} />
        </div>

        <SubmitBar
          mode={mode}
          busy={busy}
          progress={progress}
          submitError={submitError}
          canSubmit={!!effectiveHost}
          conflictCount={conflicts.length}
          onCreate={() => void submit(false)}
          steps={steps}
          stopTimeout={stopTimeout}
          onStopTimeout={setStopTimeout}
        />
      </form>
    </PageBody>
  );
}

/** The container on this host that already has the name typed (not the one being edited), if any. */
function takenName(containers: ContainerSummary[] | undefined, hostId: string, name: string, exceptId?: string) {
  if (!name) return null;
  return (containers ?? []).find((c) => c.hostId === hostId && c.name === name && c.id !== exceptId) ?? null;
}
