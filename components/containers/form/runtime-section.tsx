'use client';

import { Section } from '../../ui/card';
import { Checkbox, controlProps, Field, Input } from '../../ui/field';
import type { SectionProps } from './form-values';

/** Init, TTY, stdin, hostname, user, working directory and when to pull the image. */
export function RuntimeSection({ values, set, err, disabled }: SectionProps) {
  return (
    <Section title="Runtime">
      <div className="flex flex-col gap-1.5">
        <Checkbox
          label="Run an init process (--init)"
          checked={values.init}
          onChange={(e) => set('init', e.target.checked)}
          disabled={disabled}
        />
        <Checkbox label="TTY (-t)" checked={values.tty} onChange={(e) => set('tty', e.target.checked)} disabled={disabled} />
        <Checkbox
          label="Keep stdin open (-i)"
          checked={values.openStdin}
          onChange={(e) => set('openStdin', e.target.checked)}
          disabled={disabled}
        />
      </div>
      <div className="mt-2.5 grid grid-cols-2 gap-2">
        <Field id="f-hostname" label="Hostname" error={err('hostname')}>
          <Input
            {...controlProps('f-hostname', err('hostname'))}
            value={values.hostname}
            onChange={(e) => set('hostname', e.target.value)}
            placeholder="container id"
            disabled={disabled}
          />
        </Field>
        <Field id="f-user" label="User" error={err('user')}>
          <Input
            {...controlProps('f-user', err('user'))}
            value={values.user}
            onChange={(e) => set('user', e.target.value)}
            placeholder="image default"
            disabled={disabled}
          />
        </Field>
        <Field id="f-workdir" label="Working directory" error={err('workingDir')} className="col-span-2">
          <Input
            {...controlProps('f-workdir', err('workingDir'))}
            data-field="workingDir"
            value={values.workingDir}
            onChange={(e) => set('workingDir', e.target.value)}
            placeholder="image default"
            className="font-mono"
            disabled={disabled}
          />
        </Field>
      </div>
      <fieldset className="mt-2.5">
        <legend className="mb-1 text-xs font-medium text-zinc-700">Pull image</legend>
        <div className="flex flex-wrap gap-3">
          {(['missing', 'always', 'never'] as const).map((p) => (
            <label
              key={p}
              className="inline-flex items-center gap-1.5 text-[13px]"
              title={
                p === 'missing'
                  ? 'Pull only when the host does not have the image'
                  : p === 'always'
                    ? 'Pull the newest image every time'
                    : 'Use only what the host has'
              }
            >
              <input
                type="radio"
                name="f-pull"
                value={p}
                checked={values.pull === p}
                onChange={() => set('pull', p)}
                className="accent-sky-700"
                disabled={disabled}
              />
              {p}
            </label>
          ))}
        </div>
      </fieldset>
    </Section>
  );
}
