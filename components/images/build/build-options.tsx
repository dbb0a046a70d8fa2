'use client';

import { Checkbox, controlProps, Field, Input } from '../../ui/field';
import { AddButton, RowError, RowRemove } from '../../containers/form/row-widgets';
import type { BuildFormValues, KeyValueRow } from './build-model';

/** The server's field errors of a build (`options.tags.0`, `options.buildArgs.X`) by form field. */
export function optionErrors(fields: Record<string, string>) {
  const under = (prefix: string) => Object.entries(fields).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];
  return {
    tags: under('options.tags'),
    buildArgs: under('options.buildArgs'),
    target: under('options.target'),
    labels: under('options.labels'),
    dockerfile: under('options.dockerfile'),
  };
}

/** Tags, build args, target, labels, no-cache and pull. */
export function BuildOptionsFields({
  values,
  onChange,
  errors,
}: {
  values: BuildFormValues;
  onChange: (patch: Partial<BuildFormValues>) => void;
  errors: ReturnType<typeof optionErrors>;
}) {
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,1fr)_12rem]">
        <Field
          id="build-tags"
          label="Tags"
          error={errors.tags}
          hint="One or more, separated by spaces or commas: team/app:1.0 team/app:latest"
        >
          <Input
            {...controlProps('build-tags', errors.tags, true)}
            value={values.tags}
            onChange={(e) => onChange({ tags: e.target.value })}
            placeholder="team/app:1.0"
            spellCheck={false}
            autoCapitalize="off"
            data-testid="build-tags"
          />
        </Field>
        <Field id="build-target" label="Target stage" error={errors.target} hint="Stop at FROM … AS name">
          <Input
            {...controlProps('build-target', errors.target, true)}
            value={values.target}
            onChange={(e) => onChange({ target: e.target.value })}
            placeholder="(the last stage)"
            spellCheck={false}
          />
        </Field>
      </div>
      <KeyValueRows
        id="build-args"
        label="Build arguments"
        keyPlaceholder="NAME"
        valuePlaceholder="value"
        rows={values.buildArgs}
        error={errors.buildArgs}
        onChange={(buildArgs) => onChange({ buildArgs })}
      />
      <KeyValueRows
        id="build-labels"
        label="Labels"
        keyPlaceholder="org.example.team"
        valuePlaceholder="value"
        rows={values.labels}
        error={errors.labels}
        onChange={(labels) => onChange({ labels })}
      />
      <div className="flex flex-wrap gap-x-5 gap-y-1.5">
        <Checkbox
          label="No cache (run every step again)"
          checked={values.noCache}
          onChange={(e) => onChange({ noCache: e.target.checked })}
        />
        <Checkbox
          label="Always pull the base image"
          checked={values.pull}
          onChange={(e) => onChange({ pull: e.target.checked })}
          title="Pull a newer FROM image even when the host has one"
        />
      </div>
    </div>
  );
}

function KeyValueRows({
  id,
  label,
  keyPlaceholder,
  valuePlaceholder,
  rows,
  error,
  onChange,
}: {
  id: string;
  label: string;
  keyPlaceholder: string;
  valuePlaceholder: string;
  rows: KeyValueRow[];
  error?: string;
  onChange: (rows: KeyValueRow[]) => void;
}) {
  const set = (i: number, patch: Partial<KeyValueRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="mb-1 text-xs font-medium text-zinc-700">{label}</legend>
      <div className="space-y-1">
        {rows.map((r, i) => (
          <div key={i} className="flex items-start gap-1.5">
            <div className="w-2/5 min-w-0">
              <Input
                aria-label={`${label}: name ${i + 1}`}
                value={r.key}
                onChange={(e) => set(i, { key: e.target.value })}
                placeholder={keyPlaceholder}
                spellCheck={false}
                className="font-mono text-xs"
                aria-invalid={error ? true : undefined}
              />
            </div>
            <span className="mt-1.5 text-zinc-400">=</span>
            <div className="min-w-0 flex-1">
              <Input
                aria-label={`${label}: value ${i + 1}`}
                value={r.value}
                onChange={(e) => set(i, { value: e.target.value })}
                placeholder={valuePlaceholder}
                spellCheck={false}
                className="font-mono text-xs"
              />
            </div>
            <RowRemove
              label={`Remove ${label.toLowerCase()} row ${i + 1}`}
              onClick={() => onChange(rows.length > 1 ? rows.filter((_, j) => j !== i) : [{ key: '', value: '' }])}
            />
          </div>
        ))}
      </div>
      <RowError id={`${id}-error`} message={error} />
      <AddButton onClick={() => onChange([...rows, { key: '', value: '' }])}>Add {label === 'Labels' ? 'label' : 'argument'}</AddButton>
    </fieldset>
  );
}
