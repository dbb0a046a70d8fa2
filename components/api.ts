import { ERROR_CODES, ERROR_STATUS, isApiError, type ErrorCode } from '@/server/contracts/errors';

/** What every failed API call throws: the server's code and message, and per-field messages for forms. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK' | 'HTTP',
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** The message to show for anything a query or mutation threw. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * The error a failed socket ack stands for, with the code, fields and status the same failure has over
 * HTTP, so a form shows it the same way (field messages under their fields).
 */
export function ackError(reply: { code: string; message: string; fields?: Record<string, string> }): ApiRequestError {
  const code: ErrorCode = (ERROR_CODES as readonly string[]).includes(reply.code) ? (reply.code as ErrorCode) : 'INTERNAL';
  return new ApiRequestError(reply.message, ERROR_STATUS[code], code, reply.fields ?? {});
}

export function fieldErrors(err: unknown): Record<string, string> {
  return err instanceof ApiRequestError ? err.fields : {};
}

/** Sends the browser to sign-in, coming back here afterwards. */
export function goToLogin(): void {
  if (typeof window === 'undefined' || window.location.pathname === '/login') return;
  const here = window.location.pathname + window.location.search;
  window.location.assign(here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`);
}

/** Sends the browser to the page that replaces a temporary password. */
export function goToPasswordChange(): void {
  if (typeof window === 'undefined' || window.location.pathname === '/change-password') return;
  window.location.assign('/change-password');
}

interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** Calls a Wharf API route and returns its JSON (undefined for 204); throws ApiRequestError otherwise. */
export async function api<T>(path: string, { method = 'GET', body, signal }: ApiOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiRequestError('Cannot reach the Wharf server. Check your network and try again.', 0, 'NETWORK');
  }
  if (res.status === 204) return undefined as T;
  const payload: unknown = await res.json().catch(() => null);
  if (res.ok) return payload as T;

  if (isApiError(payload)) {
    // A session that ended (expired, signed out elsewhere) sends the user to sign in;
    // the auth routes answer 401 for a wrong password, which the form shows instead.
    if (res.status === 401 && !path.startsWith('/api/auth/')) goToLogin();
    // Signed in with a temporary password: the one page that chooses a new one.
    if (payload.code === 'PASSWORD_CHANGE_REQUIRED') goToPasswordChange();
    throw new ApiRequestError(payload.message, res.status, payload.code, payload.fields ?? {});
  }
  throw new ApiRequestError(`The server answered ${res.status} ${res.statusText || ''}`.trim(), res.status, 'HTTP');
}
