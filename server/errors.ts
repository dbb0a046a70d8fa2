import type { ErrorCode } from './contracts/errors';

// Symbol.for: the custom server and Next's bundle may hold separate copies of this module,
// so `instanceof` alone cannot recognise an AppError thrown by the other copy.
const APP_ERROR = Symbol.for('wharf.AppError');

/** The one error type services throw; routes and socket handlers turn it into `{ok:false,code,message}`. */
export class AppError extends Error {
  readonly [APP_ERROR] = true;

  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly status: number,
    public readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class ValidationError extends AppError {
  constructor(message: string, fields?: Record<string, string>) {
    super('VALIDATION', message, 400, fields);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to continue') {
    super('UNAUTHENTICATED', message, 401);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', message, 403);
  }
}
/** Signed in with a temporary password: only choosing a new one is allowed. */
export class PasswordChangeRequiredError extends AppError {
  constructor() {
    super('PASSWORD_CHANGE_REQUIRED', 'Choose a new password before you continue', 403);
  }
}
export class NotFoundError extends AppError {
  constructor(message: string) {
    super('NOT_FOUND', message, 404);
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message, 409);
  }
}
export class RateLimitedError extends AppError {
  constructor(public readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many attempts. Try again in ${retryAfterSeconds} s.`, 429);
  }
}
/** A connection problem with an engine the user configured: their input, hence 4xx. */
export class EngineConnectionError extends AppError {
  constructor(code: 'ENGINE_UNREACHABLE' | 'ENGINE_TLS' | 'ENGINE_AUTH', message: string) {
    super(code, message, 422);
  }
}
/** The engine answered and refused; carries the engine's own status. */
export class EngineError extends AppError {
  constructor(message: string, status: number) {
    super('ENGINE_ERROR', message, status >= 400 && status < 500 ? status : 502);
  }
}

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}

export function validationFromZod(issues: readonly ZodLikeIssue[]): ValidationError {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  // The message reads as a sentence; `fields` carries where, for forms that place it next to the input.
  const first = issues[0];
  return new ValidationError(first ? first.message : 'Invalid input', fields);
}

/** Turns anything thrown into the wire shape; unknown errors never leak their stack. */
export function isAppError(err: unknown): err is AppError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[APP_ERROR] === true;
}

export function toApiError(err: unknown): {
  status: number;
  body: { ok: false; code: ErrorCode; message: string; fields?: Record<string, string> };
} {
  if (isAppError(err)) {
    return {
      status: err.status,
      body: { ok: false, code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) },
    };
  }
  return { status: 500, body: { ok: false, code: 'INTERNAL', message: 'Internal error. The details are in the server log.' } };
}
