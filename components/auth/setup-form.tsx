'use client';

import { useState, type FormEvent } from 'react';
import { setupInputSchema } from '@/server/contracts/auth';
import { errorMessage, fieldErrors } from '../api';
import { Button } from '../ui/button';
import { ErrorAlert } from '../ui/alert';
import { controlProps, Field, Input } from '../ui/field';
import { useSetup } from './use-auth';

export function SetupForm() {
  const setup = useSetup();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const fields = { ...fieldErrors(setup.error), ...local };

  function submit(e: FormEvent) {
    e.preventDefault();
    // The same rules the server applies, checked here first so mistakes show at once.
    const errs: Record<string, string> = {};
    const parsed = setupInputSchema.safeParse({ username, password });
    if (!parsed.success) for (const i of parsed.error.issues) errs[String(i.path[0] ?? '_')] ??= i.message;
    if (confirm !== password) errs.confirm = 'Passwords do not match';
    setLocal(errs);
    if (Object.keys(errs).length > 0 || !parsed.success) return;
    setup.mutate(parsed.data, { onSuccess: () => window.location.assign('/') });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3.5">
      {setup.error && <ErrorAlert testId="form-error">{errorMessage(setup.error)}</ErrorAlert>}
      <Field id="setup-username" label="Username" error={fields.username} hint="Letters, digits and . _ @ -">
        <Input
          {...controlProps('setup-username', fields.username, true)}
          name="username"
          autoComplete="username"
          autoFocus
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </Field>
      <Field id="setup-password" label="Password" error={fields.password} hint="At least 8 characters">
        <Input
          {...controlProps('setup-password', fields.password, true)}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <Field id="setup-confirm" label="Confirm password" error={fields.confirm}>
        <Input
          {...controlProps('setup-confirm', fields.confirm)}
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
        />
      </Field>
      <Button type="submit" variant="primary" className="w-full" pending={setup.isPending || setup.isSuccess}>
        Create admin account
      </Button>
    </form>
  );
}
