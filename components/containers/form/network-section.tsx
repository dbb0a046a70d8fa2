'use client';

import { RESTART_POLICIES } from '@/server/contracts/container-create';
import { errorMessage } from '../../api';
import { Section } from '../../ui/card';
import { controlProps, Field, Input, Select } from '../../ui/field';
import type { FormValues } from '../container-form-model';
import type { NamedOption } from '../use-containers';
import type { SectionProps } from './form-values';

/** The network to join and the restart policy. */
export function NetworkSection({
  values,
  set,
  err,
  disabled,
  networks,
  networksError,
}: SectionProps & { networks: readonly NamedOption[] | undefined; networksError: unknown }) {
  return (
    <Section title="Network & restart">
      <div className="space-y-2.5">
        <Field id="f-network-sel" label="Network" error={err('network')} hint={networksError ? errorMessage(networksError) : undefined}>
          <Select
            {...controlProps('f-network-sel', err('network'))}
            value={values.network}
            onChange={(e) => set('network', e.target.value)}
            disabled={disabled}
          >
            <option value="">default (bridge)</option>
            {(networks ?? [])
              .filter((n) => n.name !== 'bridge' || values.network === 'bridge')
              .map((n) => (
                <option key={n.name} value={n.name}>
                  {n.name} ({n.driver})
                </option>
              ))}
            {values.network && !(networks ?? []).some((n) => n.name === values.network) && (
              <option value={values.network}>{values.network}</option>
            )}
          </Select>
        </Field>
        <div className="grid grid-cols-2 gap-2">
          <Field id="f-restart" label="Restart policy">
            <Select
              id="f-restart"
              value={values.restartPolicy}
              onChange={(e) => set('restartPolicy', e.target.value as FormValues['restartPolicy'])}
              disabled={disabled}
            >
              {RESTART_POLICIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="f-retries" label="Max retries" error={err('maxRetries')}>
            <Input
              {...controlProps('f-retries', err('maxRetries'))}
              type="number"
              min={0}
              value={values.maxRetries}
              onChange={(e) => set('maxRetries', e.target.value)}
              disabled={disabled || values.restartPolicy !== 'on-failure'}
            />
          </Field>
        </div>
      </div>
    </Section>
  );
}
