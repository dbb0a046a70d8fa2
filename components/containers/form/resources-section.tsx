'use client';

import { Section } from '../../ui/card';
import { controlProps, Field, Input } from '../../ui/field';
import type { SectionProps } from './form-values';

/** Memory and CPU limits. */
export function ResourcesSection({ values, set, err, disabled }: SectionProps) {
  return (
    <Section title="Resources">
      <div className="grid grid-cols-2 gap-2">
        <Field id="f-memory" label="Memory (MB)" error={err('memoryMb')} hint="Empty: no limit">
          <Input
            {...controlProps('f-memory', err('memoryMb'), true)}
            data-field="memoryMb"
            type="number"
            min={0}
            value={values.memoryMb}
            onChange={(e) => set('memoryMb', e.target.value)}
            disabled={disabled}
          />
        </Field>
        <Field id="f-cpus" label="CPUs" error={err('cpus')} hint="e.g. 0.5; empty: no limit">
          <Input
            {...controlProps('f-cpus', err('cpus'), true)}
            data-field="cpus"
            type="number"
            min={0}
            step="0.1"
            value={values.cpus}
            onChange={(e) => set('cpus', e.target.value)}
            disabled={disabled}
          />
        </Field>
      </div>
    </Section>
  );
}
