'use client';

import { Section } from '../../ui/card';
import { Input, Select } from '../../ui/field';
import type { PortRow } from '../container-form-model';
import type { FormState, SectionProps } from './form-values';
import { AddButton, RowError, RowRemove } from './row-widgets';

/** The published ports; a host port already used on the host shows as a conflict on its row. */
export function PortsSection({ values, set, err, disabled, setRow, removeRow }: SectionProps & Pick<FormState, 'setRow' | 'removeRow'>) {
  return (
    <Section
      title={`Ports (${values.ports.length})`}
      actions={
        <AddButton onClick={() => set('ports', [...values.ports, { hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' }])}>
          Add port
        </AddButton>
      }
    >
      {values.ports.length === 0 ? (
        <p className="text-xs text-zinc-500">Nothing published. Published ports are reachable on the host.</p>
      ) : (
        <div className="space-y-1.5">
          {values.ports.map((p, i) => (
            <PortRowView
              key={i}
              i={i}
              p={p}
              err={err}
              disabled={disabled}
              onChange={(patch) => setRow('ports', i, patch)}
              onRemove={() => removeRow('ports', i)}
            />
          ))}
          <p className="text-xs text-zinc-500">Leave the host port empty to let the engine pick a free one.</p>
        </div>
      )}
    </Section>
  );
}

/** One published port: host IP, host port → container port, protocol. */
function PortRowView({
  i,
  p,
  err,
  disabled,
  onChange,
  onRemove,
}: {
  i: number;
  p: PortRow;
  err: (k: string) => string | null;
  disabled: boolean;
  onChange: (patch: Partial<PortRow>) => void;
  onRemove: () => void;
}) {
  const e = {
    hostIp: err(`ports.${i}.hostIp`),
    hostPort: err(`ports.${i}.hostPort`),
    containerPort: err(`ports.${i}.containerPort`),
    protocol: err(`ports.${i}.protocol`),
  };
  const rowError = [e.hostIp, e.hostPort, e.containerPort, e.protocol].filter(Boolean).join(' · ');
  return (
    <div data-testid="port-row" data-conflict={e.hostPort ? 'true' : undefined}>
      <div className="flex items-start gap-1.5">
        <Input
          aria-label="Host IP"
          aria-invalid={e.hostIp ? true : undefined}
          data-field={`ports.${i}.hostIp`}
          value={p.hostIp}
          onChange={(ev) => onChange({ hostIp: ev.target.value })}
          placeholder="all interfaces"
          className="w-36! font-mono"
          disabled={disabled}
        />
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
        <Input
          aria-label="Container port"
          aria-invalid={e.containerPort ? true : undefined}
          data-field={`ports.${i}.containerPort`}
          inputMode="numeric"
          value={p.containerPort}
          onChange={(ev) => onChange({ containerPort: ev.target.value })}
          placeholder="80"
          className="w-24! font-mono"
          disabled={disabled}
        />
        <Select
          aria-label="Protocol"
          value={p.protocol}
          onChange={(ev) => onChange({ protocol: ev.target.value as PortRow['protocol'] })}
          className="w-20!"
          disabled={disabled}
        >
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
