'use client';

import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../api';
import { ErrorAlert } from '../ui/alert';
import { Button } from '../ui/button';
import { controlProps, Field, Input } from '../ui/field';
import { useLogout } from '../auth/use-auth';
import { useChangePassword } from './use-account';

/** Own password: the current one, a new one twice. `forced`: the first sign-in page, which goes on to the console. */
export function ChangePasswordForm({ forced = false }: { forced?: boolean }) {
  const change = useChangePassword();
  const logout = useLogout();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const fields = fieldErrors(change.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (next !== again) return setMismatch(true);
    setMismatch(false);
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          // A full load: the console starts with the session now free of the temporary password.
          if (forced) window.location.assign('/');
          setCurrent('');
          setNext('');
          setAgain('');
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="max-w-sm space-y-3" data-testid="change-password-form">
      {change.error && <ErrorAlert testId="form-error">{errorMessage(change.error)}</ErrorAlert>}
      {change.isSuccess && !forced && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-emerald-800">
          Password changed. Your other sessions were signed out.
        </p>
      )}
      <Field id="pw-current" label={forced ? 'Temporary password' : 'Current password'} error={fields.currentPassword}>
        <Input
          {...controlProps('pw-current', fields.currentPassword)}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </Field>
      <Field id="pw-new" label="New password" hint="At least 8 characters." error={fields.newPassword}>
        <Input
          {...controlProps('pw-new', fields.newPassword, true)}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </Field>
      <Field id="pw-again" label="New password again" error={mismatch ? 'The two new passwords differ' : undefined}>
        <Input
          {...controlProps('pw-again', mismatch ? 'x' : undefined)}
          type="password"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.target.value)}
        />
      </Field>
      <Button
        type="submit"
        variant="primary"
        className={forced ? 'w-full' : undefined}
        pending={change.isPending || (forced && change.isSuccess)}
      >
        Change password
      </Button>
      {forced && (
        <button type="button" onClick={() => logout.mutate()} className="w-full text-center text-xs text-zinc-500 hover:text-zinc-800">
          Sign out instead
        </button>
      )}
    </form>
  );
}
