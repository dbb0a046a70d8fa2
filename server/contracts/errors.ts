/** Error codes that travel to the browser as `{ ok: false, code, message }`. */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PASSWORD_CHANGE_REQUIRED',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'SETUP_REQUIRED',
  'ENGINE_UNREACHABLE',
  'ENGINE_TLS',
  'ENGINE_AUTH',
  'ENGINE_ERROR',
  'REGISTRY_AUTH',
  'REGISTRY_ERROR',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The HTTP status each code is sent with (server/errors.ts), so an error that arrives in a socket ack
 * can be shown exactly as the same error over HTTP. 0: the status varies (ENGINE_ERROR carries the engine's).
 */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SETUP_REQUIRED: 401,
  ENGINE_UNREACHABLE: 422,
  ENGINE_TLS: 422,
  ENGINE_AUTH: 422,
  ENGINE_ERROR: 0,
  REGISTRY_AUTH: 422,
  REGISTRY_ERROR: 0,
  INTERNAL: 500,
};

export interface ApiError {
  ok: false;
  code: ErrorCode;
  message: string;
  /** Field-level messages for forms, keyed by dotted path. */
  fields?: Record<string, string>;
}

export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { ok?: unknown }).ok === false &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}
