'use client';

import { useId, useState, type FormEvent } from 'react';
import type { RegistrySummary } from '@/server/contracts/registries';
import { errorMessage, fieldErrors } from '../api';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { Dialog } from '../ui/dialog';
import { controlProps, Field, Input } from '../ui/field';
import { useSaveRegistry, useTestRegistry } from './use-registries';

/** Add saved credentials for a registry, or edit them (a blank password keeps the saved one). */
export function RegistryDialog({ registry, onClose }: { registry?: RegistrySummary; onClose: () => void }) {
  const uid = useId();
  const formId = `${uid}-form`;
  const [form, setForm] = useState({
    name: registry?.name ?? '',
    address: registry?.address ?? '',
    username: registry?.username ?? '',
    password: '',
  });
  const save = useSaveRegistry(registry?.id);
  const test = useTestRegistry();
  // A failed test speaks in its own box; field messages are the save's.
  const fields = fieldErrors(save.error);
  const keeps = !!registry?.hasPassword && !!form.username;

  function update(patch: Partial<typeof form>) {
    setForm((f) => ({ ...f, ...patch }));
    if (test.data || test.error) test.reset();
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    test.reset();
    save.mutate(form, { onSuccess: () => onClose() });
  }

  const text = (
    name: keyof typeof form,
    label: string,
    extra: { placeholder?: string; hint?: string; type?: string; mono?: boolean; autoFocus?: boolean } = {},
  ) => {
    const id = `${uid}-${name}`;
    const error = fields[name] ?? null;
    return (
      <Field id={id} label={label} error={error} hint={extra.hint}>
        <Input
          {...controlProps(id, error, !!extra.hint)}
          type={extra.type ?? 'text'}
          value={form[name]}
          placeholder={extra.placeholder}
          autoComplete={extra.type === 'password' ? 'new-password' : 'off'}
          spellCheck={false}
          className={extra.mono ? 'font-mono text-[12px]' : undefined}
          data-autofocus={extra.autoFocus ? '' : undefined}
          onChange={(e) => update({ [name]: e.target.value })}
        />
      </Field>
    );
  };

  return (
    <Dialog
      title={registry ? `Edit ${registry.name}` : 'Add registry credentials'}
      description="Used on the server for pulls, pushes and builds from this registry. The password is stored encrypted and never shown again."
      onClose={onClose}
      footer={
        <>
          <Button
            onClick={() => {
              save.reset();
              test.mutate({
                ...(registry ? { id: registry.id } : {}),
                address: form.address,
                username: form.username,
                password: form.password,
              });
            }}
            pending={test.isPending}
            disabled={save.isPending}
          >
            Test
          </Button>
          <span className="flex-1" />
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="primary" pending={save.isPending}>
            Save
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="space-y-3">
        {save.error && <ErrorAlert testId="form-error">{errorMessage(save.error)}</ErrorAlert>}
        <div className="grid grid-cols-2 gap-3 max-sm:grid-cols-1">
          {text('name', 'Name', { placeholder: 'e.g. team registry', autoFocus: true })}
          {text('address', 'Address', {
            placeholder: 'registry.example.com:5000',
            mono: true,
            hint: 'As image names start: host[:port], or docker.io',
          })}
          {text('username', 'User', { hint: 'Empty for an open registry' })}
          {text('password', 'Password or token', {
            type: 'password',
            placeholder: keeps ? 'Saved — leave empty to keep' : '',
          })}
        </div>
        {(test.data || test.error) && (
          <div
            role="status"
            data-testid="registry-test-result"
            data-ok={test.data ? 'true' : 'false'}
            className={cn(
              'rounded-md border px-3 py-2',
              test.data ? 'border-emerald-200 bg-emerald-50 text-emerald-800' : 'border-red-200 bg-red-50 text-red-800',
            )}
          >
            {test.data ? `${test.data.message} (asked through ${test.data.hostName})` : errorMessage(test.error)}
          </div>
        )}
      </form>
    </Dialog>
  );
}
