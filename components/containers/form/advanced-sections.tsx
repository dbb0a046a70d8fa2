'use client';

import type { ReactNode } from 'react';
import { Section } from '../../ui/card';
import { controlProps, Field, Input, Textarea } from '../../ui/field';
import type { FormValues } from '../container-form-model';
import type { SectionProps } from './form-values';

type TextKey = { [K in keyof FormValues]: FormValues[K] extends string ? K : never }[keyof FormValues];

/** One text input (or lines) bound to a form value, with its error under the field key the server uses. */
function TextField({
  name,
  field,
  label,
  hint,
  placeholder,
  lines,
  className,
  section: { values, set, err, disabled },
}: {
  name: TextKey;
  field?: string;
  label: ReactNode;
  hint?: string;
  placeholder?: string;
  lines?: boolean;
  className?: string;
  section: SectionProps;
}) {
  const id = `f-${name}`;
  const error = err(field ?? name);
  const common = {
    ...controlProps(id, error, !!hint),
    'data-field': field ?? name,
    value: values[name] as string,
    placeholder,
    disabled,
    className: 'font-mono',
  };
  return (
    <Field id={id} label={label} error={error} hint={hint} className={className}>
      {lines ? (
        <Textarea {...common} rows={2} onChange={(e) => set(name, e.target.value as never)} />
      ) : (
        <Input {...common} onChange={(e) => set(name, e.target.value as never)} />
      )}
    </Field>
  );
}

/** `--health-*`: the image's check, a command of your own, or none. */
export function HealthcheckSection(section: SectionProps) {
  const { values, set, disabled } = section;
  return (
    <Section title="Healthcheck">
      <div className="flex flex-wrap gap-3" role="radiogroup" aria-label="Healthcheck">
        {(
          [
            ['image', 'As built'],
            ['cmd', 'Run a command'],
            ['none', 'None (--no-healthcheck)'],
          ] as const
        ).map(([mode, label]) => (
          <label key={mode} className="inline-flex items-center gap-1.5 text-[13px]">
            <input
              type="radio"
              name="f-health-mode"
              value={mode}
              checked={values.healthMode === mode}
              onChange={() => set('healthMode', mode)}
              className="accent-sky-700"
              disabled={disabled}
            />
            {label}
          </label>
        ))}
      </div>
      {values.healthMode === 'cmd' && (
        <div className="mt-2 grid grid-cols-4 gap-2">
          <TextField
            name="healthCmd"
            field="healthcheck.cmd"
            label="Command (run by the shell)"
            placeholder="wget -qO- http://localhost/ || exit 1"
            className="col-span-4"
            section={section}
          />
          <TextField name="healthInterval" field="healthcheck.intervalS" label="Interval (s)" placeholder="30" section={section} />
          <TextField name="healthTimeout" field="healthcheck.timeoutS" label="Timeout (s)" placeholder="30" section={section} />
          <TextField name="healthStartPeriod" field="healthcheck.startPeriodS" label="Start period (s)" placeholder="0" section={section} />
          <TextField name="healthRetries" field="healthcheck.retries" label="Retries" placeholder="3" section={section} />
        </div>
      )}
    </Section>
  );
}

/** Capabilities, security options, devices, ulimits, PID/IPC namespaces and the stop timeout. */
export function SecuritySection(section: SectionProps) {
  return (
    <Section title="Security & limits">
      <div className="grid grid-cols-2 gap-2">
        <TextField name="capAdd" label="Add capabilities" placeholder="NET_ADMIN SYS_TIME" section={section} />
        <TextField name="capDrop" label="Drop capabilities" placeholder="ALL" section={section} />
        <TextField
          name="securityOpt"
          label="Security options"
          hint="One per line, as --security-opt takes them"
          placeholder="no-new-privileges"
          lines
          className="col-span-2"
          section={section}
        />
        <TextField
          name="devices"
          label="Devices"
          hint="One per line: /dev/host[:/dev/container][:rwm]"
          placeholder="/dev/fuse"
          lines
          section={section}
        />
        <TextField
          name="ulimits"
          label="Ulimits"
          hint="One per line: name=soft[:hard]"
          placeholder="nofile=1024:2048"
          lines
          section={section}
        />
        <TextField name="pid" label="PID namespace" placeholder="engine default (or host)" section={section} />
        <TextField name="ipc" label="IPC mode" placeholder="engine default" section={section} />
        <TextField
          name="stopTimeout"
          label="Stop timeout (s)"
          placeholder="10"
          hint="How long stop waits before killing"
          section={section}
        />
      </div>
    </Section>
  );
}

/** DNS servers, extra /etc/hosts lines, and where the logs go. */
export function DnsLoggingSection(section: SectionProps) {
  return (
    <Section title="DNS & logging">
      <div className="grid grid-cols-2 gap-2">
        <TextField name="dns" label="DNS servers" placeholder="1.1.1.1 9.9.9.9" className="col-span-2" section={section} />
        <TextField
          name="extraHosts"
          label="Extra hosts"
          hint="One per line: host:ip (or host-gateway)"
          placeholder="db.internal:10.0.0.5"
          lines
          className="col-span-2"
          section={section}
        />
        <TextField name="logDriver" label="Log driver" placeholder="engine default" section={section} />
        <TextField name="logOpts" label="Log options" hint="One per line: key=value" placeholder="max-size=10m" lines section={section} />
      </div>
    </Section>
  );
}
