'use client';

import { useRef, useState } from 'react';
import { Button } from '../../ui/button';
import { Section } from '../../ui/card';
import { Input, Textarea } from '../../ui/field';
import { parseEnvFile, type KeyValueRow } from '../container-form-model';
import type { FormState, SectionProps } from './form-values';
import { AddButton, RowError, RowRemove } from './row-widgets';

type RowsProps = SectionProps & Pick<FormState, 'setRow' | 'removeRow'>;

/** Environment variables, typed or read from an env file (picked or pasted, like --env-file). */
export function EnvSection({ values, set, err, disabled, setRow, removeRow, extra }: RowsProps & { extra?: React.ReactNode }) {
  const file = useRef<HTMLInputElement>(null);
  const [pasting, setPasting] = useState(false);
  const [pasted, setPasted] = useState('');
  // Later lines win, as with docker: a key already in the form takes the file's value.
  const addFromFile = (text: string) => {
    const rows = parseEnvFile(text);
    const keys = new Set(rows.map((r) => r.key));
    set('env', [...values.env.filter((r) => !keys.has(r.key)), ...rows]);
  };
  return (
    <Section
      title={`Environment (${values.env.length})`}
      actions={
        <span className="flex flex-wrap items-center justify-end gap-1">
          {extra}
          <Button size="sm" variant="ghost" onClick={() => file.current?.click()} disabled={disabled}>
            Env file…
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setPasting((p) => !p)} disabled={disabled} aria-expanded={pasting}>
            Paste env file
          </Button>
          <AddButton onClick={() => set('env', [...values.env, { key: '', value: '' }])}>Add variable</AddButton>
          <input
            ref={file}
            type="file"
            className="hidden"
            data-testid="env-file-input"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) addFromFile(await f.text());
              e.target.value = '';
            }}
          />
        </span>
      }
    >
      {pasting && (
        <div className="mb-2 space-y-1.5">
          <Textarea
            aria-label="Env file contents"
            rows={4}
            className="font-mono"
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            placeholder={'# KEY=value, one per line\nDATABASE_URL=postgres://db/app'}
          />
          <Button
            size="sm"
            onClick={() => {
              addFromFile(pasted);
              setPasted('');
              setPasting(false);
            }}
            disabled={!pasted.trim()}
          >
            Add these variables
          </Button>
        </div>
      )}
      <KeyValueRows
        rows={values.env}
        name="env"
        keyLabel="Key"
        valueLabel="Value"
        removeLabel="Remove variable"
        err={err}
        disabled={disabled}
        onChange={(i, p) => setRow('env', i, p)}
        onRemove={(i) => removeRow('env', i)}
        empty="No variables: the image's defaults apply."
      />
    </Section>
  );
}

/** Labels on the container. */
export function LabelsSection({ values, set, err, disabled, setRow, removeRow }: RowsProps) {
  return (
    <Section
      title={`Labels (${values.labels.length})`}
      actions={<AddButton onClick={() => set('labels', [...values.labels, { key: '', value: '' }])}>Add label</AddButton>}
    >
      <KeyValueRows
        rows={values.labels}
        name="labels"
        keyLabel="Label key"
        valueLabel="Label value"
        removeLabel="Remove label"
        err={err}
        disabled={disabled}
        onChange={(i, p) => setRow('labels', i, p)}
        onRemove={(i) => removeRow('labels', i)}
        empty="No labels."
      />
    </Section>
  );
}

/** Rows of key = value (environment variables, labels), each with its own errors. */
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
