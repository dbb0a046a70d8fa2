'use client';

import { Section } from '../../ui/card';
import { Checkbox, Input, Select } from '../../ui/field';
import type { VolumeRow } from '../container-form-model';
import type { FormState, SectionProps } from './form-values';
import { AddButton, RowError, RowRemove } from './row-widgets';

/** Volumes and bind mounts; names of the host's volumes are offered as suggestions. */
export function VolumesSection({
  values,
  set,
  err,
  disabled,
  setRow,
  removeRow,
  volumeNames,
}: SectionProps & Pick<FormState, 'setRow' | 'removeRow'> & { volumeNames: string[] }) {
  return (
    <Section
      title={`Volumes (${values.volumes.length})`}
      actions={
        <AddButton onClick={() => set('volumes', [...values.volumes, { type: 'volume', source: '', target: '', readOnly: false }])}>
          Add volume
        </AddButton>
      }
    >
      {values.volumes.length === 0 ? (
        <p className="text-xs text-zinc-500">No volumes or bind mounts.</p>
      ) : (
        <div className="space-y-1.5">
          {values.volumes.map((v, i) => (
            <VolumeRowView
              key={i}
              i={i}
              v={v}
              err={err}
              disabled={disabled}
              volumeNames={volumeNames}
              onChange={(patch) => setRow('volumes', i, patch)}
              onRemove={() => removeRow('volumes', i)}
            />
          ))}
          <datalist id="f-volume-names">
            {volumeNames.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </div>
      )}
    </Section>
  );
}

/** One volume or bind mount: type, source → target, read-only. */
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
        <Select
          aria-label="Type"
          value={v.type}
          onChange={(ev) => onChange({ type: ev.target.value as VolumeRow['type'] })}
          className="w-28!"
          disabled={disabled}
        >
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
        <Input
          aria-label="Target"
          aria-invalid={et ? true : undefined}
          data-field={`volumes.${i}.target`}
          value={v.target}
          onChange={(ev) => onChange({ target: ev.target.value })}
          placeholder="/path/in/container"
          className="min-w-0 flex-1 font-mono"
          spellCheck={false}
          disabled={disabled}
        />
        <Checkbox
          label="Read-only"
          checked={v.readOnly}
          onChange={(ev) => onChange({ readOnly: ev.target.checked })}
          className="mt-1.5 text-xs whitespace-nowrap"
          disabled={disabled}
        />
        <RowRemove label={`Remove volume ${i + 1}`} onClick={onRemove} />
      </div>
      {rowError ? (
        <RowError id={`f-vol-${i}-err`} message={rowError} />
      ) : existing ? (
        <p className="mt-0.5 text-xs text-zinc-500">A new volume “{v.source}” will be created.</p>
      ) : null}
    </div>
  );
}
