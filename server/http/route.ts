import type { SessionUser } from '../contracts/auth';
import { AppError, isAppError, PasswordChangeRequiredError, toApiError, UnauthenticatedError, ValidationError } from '../errors';
import { parseJson } from '../json';
import { getRuntime, type Runtime } from '../runtime';
import { bearerToken, userFromApiToken } from '../services/api-tokens';
import { parseCookies, resolveSession, SESSION_COOKIE } from '../services/auth';

interface RouteContext<P> {
  req: Request;
  rt: Runtime;
  user: SessionUser | null;
  params: P;
  /** The session cookie (undefined for a request with an API token). */
  token: string | undefined;
  /** The public id of the cookie's session. */
  sessionId: string | undefined;
  clientIp: string;
  /** The client reached Wharf over https (directly, or per a trusted proxy's X-Forwarded-Proto). */
  https: boolean;
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<unknown> | unknown;

/**
 * Wraps a thin route handler: resolves the runtime and the actor — the session cookie, or an API
 * token in `Authorization: Bearer …` (never in the URL) — required unless `public`, answers JSON, and
 * maps errors to `{ok:false, code, message}` with their status. A user on a temporary password
 * reaches only routes marked `passwordChange` (choosing a new one).
 */
export function route<P = Record<string, never>>(fn: Handler<P>, opts: { public?: boolean; passwordChange?: boolean } = {}) {
  return async (req: Request, ctx?: { params?: Promise<P> }): Promise<Response> => {
    try {
      const rt = getRuntime();
      const bearer = opts.public ? undefined : bearerToken(req.headers.get('authorization'));
      let user: SessionUser | null = null;
      let token: string | undefined;
      let sessionId: string | undefined;
      if (bearer !== undefined) user = userFromApiToken(rt, bearer);
      else {
        token = parseCookies(req.headers.get('cookie'))[SESSION_COOKIE];
        const session = resolveSession(rt, token);
        user = session?.user ?? null;
        sessionId = session?.sessionId;
      }
      if (!opts.public && !user) throw new UnauthenticatedError();
      if (!opts.public && !opts.passwordChange && user?.mustChangePassword) throw new PasswordChangeRequiredError();
      const params = ((await ctx?.params) ?? {}) as P;
      const clientIp = req.headers.get('x-wharf-client-ip') ?? 'unknown';
      const https = req.headers.get('x-wharf-https') === '1';
      const result = await fn({ req, rt, user, params, token, sessionId, clientIp, https });
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return Response.json(result, { headers: { 'cache-control': 'no-store' } });
    } catch (err) {
      if (!isAppError(err)) console.error('[wharf] route error', req.method, new URL(req.url).pathname, err);
      const { status, body } = toApiError(err);
      const headers: Record<string, string> = { 'cache-control': 'no-store' };
      const retry = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retry) headers['retry-after'] = String(retry);
      if ((err as { closeConnection?: boolean }).closeConnection) headers.connection = 'close';
      return Response.json(body, { status, headers });
    }
  };
}

/** The largest JSON body any route reads. */
const JSON_BODY_LIMIT = 1_000_000;
/** The largest body a request without a session may send (sign-in and first-run forms are tiny). */
export const PUBLIC_BODY_LIMIT = 16 * 1024;

/** The body is over its limit; the rest of it is not read, so the connection is closed after the answer. */
class PayloadTooLargeError extends AppError {
  readonly closeConnection = true;
  constructor(limit: number) {
    super('VALIDATION', `Request body is too large (at most ${formatBytes(limit)})`, 413);
  }
}

export function formatBytes(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000} MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KB`;
  return `${n} bytes`;
}

/**
 * Parses a JSON body; a malformed one is a 400 with words, not a crash. Reads at most `limit` bytes:
 * a larger Content-Length is refused before reading, and a chunked body is counted as it streams
 * and refused (413) as soon as it passes the limit, so no body is ever held whole in memory.
 */
export async function readJson(req: Request, limit = JSON_BODY_LIMIT): Promise<unknown> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > limit) throw new PayloadTooLargeError(limit);
  const text = await readText(req, limit);
  if (!text.trim()) return {};
  return parseJson(text, () => new ValidationError('Request body is not valid JSON'));
}

async function readText(req: Request, limit: number): Promise<string> {
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop pulling: the socket is closed after the 413, so the rest is never read into memory.
      reader.releaseLock();
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}
