'use client';

import { useMemo } from 'react';
import type { EngineSummary } from '@/server/contracts/engines';
import { errorMessage } from '../../api';
import { imageCountText } from '../../format';
import { Section } from '../../ui/card';
import { controlProps, Field, Input, Select } from '../../ui/field';
import type { ImageOption } from '../use-containers';
import type { SectionProps } from './form-values';

/** Host, image, name, command and entrypoint. */
export function ImageSection({
  values,
  set,
  err,
  disabled,
  editing,
  engines,
  enginesPending,
  hostId,
  onHost,
  images,
  imagesError,
}: SectionProps & {
  editing: boolean;
  engines: readonly EngineSummary[] | undefined;
  enginesPending: boolean;
  hostId: string;
  onHost: (id: string) => void;
  images: readonly ImageOption[] | undefined;
  /** Why the host's image list could not be read, if it could not. */
  imagesError: unknown;
}) {
  const online = (engines ?? []).filter((e) => e.status === 'online');
  const engine = engines?.find((e) => e.id === hostId);
  const imageOptions = useMemo(() => [...new Set((images ?? []).flatMap((i) => i.tags))].sort(), [images]);
  return (
    <Section title="Image & identity">
      <div className="grid grid-cols-1 gap-2.5 sm:grid-cols-2">
        <Field id="f-host" label="Host" error={online.length === 0 && engines ? 'No host is online' : null}>
          <Select {...controlProps('f-host')} value={hostId} onChange={(e) => onHost(e.target.value)} disabled={editing || disabled}>
            {enginesPending && <option value="">Loading…</option>}
            {(engines ?? []).map((e) => (
              <option key={e.id} value={e.id} disabled={e.status !== 'online'}>
                {e.name}
                {e.status !== 'online' ? ` (${e.status})` : ''}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id="f-image"
          label="Image"
          error={err('image')}
          hint={
            imagesError
              ? `Image list unavailable: ${errorMessage(imagesError)}`
              : `${imageCountText(images?.length ?? 0, imageOptions.length)} on ${engine?.name ?? 'this host'}; any reference can be pulled`
          }
        >
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
        <Field
          id="f-name"
          label="Name"
          error={err('name')}
          hint={editing ? 'Kept: the new container takes the same name' : 'Leave empty for a generated name'}
        >
          <Input
            {...controlProps('f-name', err('name'), true)}
            data-field="name"
            value={values.name}
            onChange={(e) => set('name', e.target.value)}
            readOnly={editing}
            disabled={disabled}
            autoComplete="off"
            spellCheck={false}
            className={editing ? 'bg-zinc-50 text-zinc-600' : undefined}
          />
        </Field>
        <div />
        <Field id="f-command" label="Command" error={err('cmd')} hint="Replaces the image's CMD; split like a shell (quotes work)">
          <Input
            {...controlProps('f-command', err('cmd'), true)}
            data-field="cmd"
            value={values.command}
            onChange={(e) => set('command', e.target.value)}
            className="font-mono"
            placeholder="image default"
            spellCheck={false}
            disabled={disabled}
          />
        </Field>
        <Field id="f-entrypoint" label="Entrypoint" error={err('entrypoint')} hint="Replaces the image's ENTRYPOINT">
          <Input
            {...controlProps('f-entrypoint', err('entrypoint'), true)}
            data-field="entrypoint"
            value={values.entrypoint}
            onChange={(e) => set('entrypoint', e.target.value)}
            className="font-mono"
            placeholder="image default"
            spellCheck={false}
            disabled={disabled}
          />
        </Field>
      </div>
    </Section>
  );
}
