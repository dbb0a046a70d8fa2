'use client';

import { useId, useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { ENGINE_KIND_LABELS, ENGINE_KINDS, type EngineKind } from '@/server/contracts/engine-kinds';
import type { EngineDetail, EngineTestResult } from '@/server/contracts/engines';
import { errorMessage, fieldErrors } from '../api';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { Dialog } from '../ui/dialog';
import { Checkbox, controlProps, Field, Input, Select, Textarea } from '../ui/field';
import { emptyForm, engineBody, formFromEngine, switchKind, type EngineFormState } from './engine-form';
import { useSaveEngine, useTestEngine } from './use-engines';

const STORED = 'Stored — leave empty to keep';

/** A small file picker that reads a PEM file into the textarea next to it. */
function LoadFile({ what, onText }: { what: string; onText: (text: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  async function pick(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > 64 * 1024) return setError('File is larger than 64 KiB');
    setError(null);
    onText((await file.text()).trim());
  }
  return (
    <span className="flex items-baseline gap-2">
      {error && <span className="text-[11px] text-red-700">{error}</span>}
      <label className="cursor-pointer text-[11px] font-medium text-sky-700 hover:underline focus-within:underline">
        Load file…
        {/* The accessible name avoids the textarea's label, so "Client key" still finds one control. */}
        <input type="file" className="sr-only" aria-label={`Load file… (${what})`} onChange={(e) => void pick(e)} />
      </label>
    </span>
  );
}

function TestResult({ result, error }: { result: EngineTestResult | undefined; error: unknown }) {
  if (!result && !error) return null;
  return (
    <div
      data-testid="engine-test-result"
      data-ok={result ? 'true' : 'false'}
      role="status"
      className={cn(
        'flex items-start gap-2 rounded-md border px-3 py-2 text-[13px]',
        result ? 'border-emerald-200 bg-emerald-50 text-emerald-800' : 'border-red-200 bg-red-50 text-red-800',
      )}
    >
      <span aria-hidden className={cn('mt-1.5 size-2 shrink-0 rounded-full', result ? 'bg-emerald-500' : 'bg-red-500')} />
      <span className="min-w-0 break-words">
        {result
          ? `Connected: Docker ${result.dockerVersion}, API ${result.apiVersion} (negotiated ${result.negotiatedApiVersion}, ${result.os})`
          : errorMessage(error)}
      </span>
    </div>
  );
}

/**
 * Add an engine, or edit one (pass `engine`). Test connection probes with the form as it
 * stands; Save refuses an unreachable engine unless "Save even if unreachable" is ticked.
 */
export function EngineDialog({ engine, onClose }: { engine?: EngineDetail; onClose: () => void }) {
  const editing = !!engine;
  const uid = useId();
  const id = (name: string) => `${uid}-${name}`;
  const [form, setForm] = useState<EngineFormState>(() => (engine ? formFromEngine(engine) : emptyForm()));
  const test = useTestEngine();
  const save = useSaveEngine(engine?.id);
  const fields = { ...fieldErrors(test.error), ...fieldErrors(save.error) };
  const err = (name: string) => fields[`engine.${name}`] ?? null;

  // Stored secrets can be kept only while the kind is the one they were stored for.
  const stored = engine?.connection && engine.connection.kind === form.kind ? engine.connection : null;
  const hasStored = (k: 'hasCa' | 'hasCert' | 'hasKey' | 'hasPrivateKey' | 'hasPassphrase') =>
    !!stored && k in stored && (stored as unknown as Record<string, boolean>)[k];

  function update(patch: Partial<EngineFormState>) {
    setForm((f) => ({ ...f, ...patch }));
    // An old verdict would describe settings that are no longer on screen.
    if (test.data || test.error) test.reset();
  }

  function runTest() {
    save.reset();
    test.mutate({ engine: engineBody(form), ...(engine ? { engineId: engine.id } : {}) });
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    test.reset();
    save.mutate({ engine: engineBody(form), skipCheck: form.skipCheck }, { onSuccess: () => onClose() });
  }

  const text = (
    name: keyof EngineFormState,
    label: string,
    extra: {
      placeholder?: string;
      hint?: ReactNode;
      autoComplete?: string;
      className?: string;
      errorKey?: string;
      inputMode?: 'numeric';
      autoFocus?: boolean;
    } = {},
  ) => {
    const error = err(extra.errorKey ?? name);
    return (
      <Field id={id(name)} label={label} error={error} hint={extra.hint} className={extra.className}>
        <Input
          {...controlProps(id(name), error, !!extra.hint)}
          value={form[name] as string}
          placeholder={extra.placeholder}
          autoComplete={extra.autoComplete ?? 'off'}
          inputMode={extra.inputMode}
          data-autofocus={extra.autoFocus ? '' : undefined}
          onChange={(e) => update({ [name]: e.target.value })}
          className={name === 'host' || name === 'socketPath' || name === 'port' ? 'font-mono text-[12px]' : undefined}
        />
      </Field>
    );
  };

  const pem = (
    name: 'ca' | 'cert' | 'key' | 'privateKey',
    label: string,
    short: string,
    storedFlag: 'hasCa' | 'hasCert' | 'hasKey' | 'hasPrivateKey',
  ) => {
    const error = err(name);
    return (
      <Field id={id(name)} label={label} error={error} aside={<LoadFile what={short} onText={(t) => update({ [name]: t })} />}>
        <Textarea
          {...controlProps(id(name), error)}
          rows={3}
          wrap="off"
          value={form[name]}
          placeholder={hasStored(storedFlag) ? STORED : '-----BEGIN …'}
          onChange={(e) => update({ [name]: e.target.value })}
        />
      </Field>
    );
  };

  const hostPort = (
    <div className="grid grid-cols-[1fr_6.5rem] gap-3">
      {text('host', 'Host', { placeholder: 'docker1.example.com or 10.0.0.5' })}
      {text('port', 'Port', { inputMode: 'numeric' })}
    </div>
  );

  const pending = save.isPending;
  const formId = `${uid}-form`;

  return (
    <Dialog
      title={editing ? 'Edit engine' : 'Add engine'}
      description={editing ? `Change how Wharf reaches ${engine.name}.` : 'Connect Wharf to a Docker engine.'}
      onClose={onClose}
      className="max-w-xl"
      footer={
        <>
          <Button onClick={runTest} pending={test.isPending} disabled={pending}>
            Test connection
          </Button>
          <span className="flex-1" />
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="primary" pending={pending}>
            Save
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="space-y-3">
        {save.error && <ErrorAlert testId="form-error">{errorMessage(save.error)}</ErrorAlert>}

        <div className="grid grid-cols-[1fr_11rem] gap-3 max-sm:grid-cols-1">
          {text('name', 'Name', { placeholder: 'e.g. build-server', autoFocus: true })}
          <Field id={id('kind')} label="Connection" error={err('kind')}>
            <Select
              {...controlProps(id('kind'), err('kind'))}
              value={form.kind}
              onChange={(e) => {
                setForm((f) => switchKind(f, e.target.value as EngineKind));
                test.reset();
              }}
            >
              {ENGINE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {ENGINE_KIND_LABELS[k]}
                </option>
              ))}
            </Select>
          </Field>
        </div>

        {form.kind === 'socket' && text('socketPath', 'Socket path', { hint: 'The path of dockerd’s unix socket on the Wharf server.' })}

        {form.kind === 'tcp' && (
          <>
            {hostPort}
            <p className="rounded-md bg-amber-50 px-2.5 py-1.5 text-xs text-amber-800">
              Plain TCP is unauthenticated and unencrypted: anyone who can reach this port controls the engine. Prefer TCP + TLS or SSH.
            </p>
          </>
        )}

        {form.kind === 'tls' && (
          <>
            {hostPort}
            {pem('ca', 'CA certificate', 'CA', 'hasCa')}
            {pem('cert', 'Client certificate', 'cert', 'hasCert')}
            {pem('key', 'Client key', 'key', 'hasKey')}
          </>
        )}

        {form.kind === 'ssh' && (
          <>
            {hostPort}
            {text('sshUser', 'SSH user', { errorKey: 'username', autoComplete: 'off' })}
            {pem('privateKey', 'Private key', 'SSH key', 'hasPrivateKey')}
            <Field id={id('passphrase')} label="Passphrase" error={err('passphrase')} hint="Only if the private key is encrypted.">
              <Input
                {...controlProps(id('passphrase'), err('passphrase'), true)}
                type="password"
                autoComplete="new-password"
                value={form.passphrase}
                placeholder={hasStored('hasPassphrase') ? STORED : undefined}
                onChange={(e) => update({ passphrase: e.target.value })}
              />
            </Field>
          </>
        )}

        <Checkbox
          label="Save even if unreachable"
          checked={form.skipCheck}
          onChange={(e) => setForm((f) => ({ ...f, skipCheck: e.target.checked }))}
        />

        <TestResult result={test.data} error={test.error} />
      </form>
    </Dialog>
  );
}
