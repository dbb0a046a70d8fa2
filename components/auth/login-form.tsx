'use client';

import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../api';
import { Button } from '../ui/button';
import { ErrorAlert } from '../ui/alert';
import { controlProps, Field, Input } from '../ui/field';
import { safeNextPath } from './safe-next';
import { useLogin } from './use-auth';

export function LoginForm({ next }: { next?: string }) {
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const fields = fieldErrors(login.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    login.mutate(
      { username, password },
      // A full load: the console starts clean with the new session's cookie and socket.
      { onSuccess: () => window.location.assign(safeNextPath(next)) },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3.5">
      {login.error && <ErrorAlert testId="form-error">{errorMessage(login.error)}</ErrorAlert>}
      <Field id="login-username" label="Username" error={fields.username}>
        <Input
          {...controlProps('login-username', fields.username)}
          name="username"
          autoComplete="username"
          autoFocus
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </Field>
      <Field id="login-password" label="Password" error={fields.password}>
        <Input
          {...controlProps('login-password', fields.password)}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <Button type="submit" variant="primary" className="w-full" pending={login.isPending || login.isSuccess}>
        Sign in
      </Button>
    </form>
  );
}
