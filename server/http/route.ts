import type { SessionUser } from '../contracts/auth';
import { isAppError, toApiError, UnauthenticatedError, ValidationError } from '../errors';
import { getRuntime, type Runtime } from '../runtime';
import { parseCookies, SESSION_COOKIE, userFromToken } from '../services/auth';

export interface RouteContext<P> {
  req: Request;
  rt: Runtime;
  user: SessionUser | null;
  params: P;
  token: string | undefined;
  clientIp: string;
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<unknown> | unknown;

/**
 * Wraps a thin route handler: resolves the runtime and session (required unless `public`),
 * answers JSON, and maps errors to `{ok:false, code, message}` with their status.
 */
export function route<P = Record<string, never>>(fn: Handler<P>, opts: { public?: boolean } = {}) {
  return async (req: Request, ctx?: { params?: Promise<P> }): Promise<Response> => {
    try {
      const rt = getRuntime();
      const token = parseCookies(req.headers.get('cookie'))[SESSION_COOKIE];
      const user = userFromToken(rt, token);
      if (!opts.public && !user) throw new UnauthenticatedError();
      const params = ((await ctx?.params) ?? {}) as P;
      const clientIp = req.headers.get('x-wharf-client-ip') ?? 'unknown';
      const result = await fn({ req, rt, user, params, token, clientIp });
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return Response.json(result, { headers: { 'cache-control': 'no-store' } });
    } catch (err) {
      if (!isAppError(err)) console.error('[wharf] route error', req.method, new URL(req.url).pathname, err);
      const { status, body } = toApiError(err);
      const headers: Record<string, string> = { 'cache-control': 'no-store' };
      const retry = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retry) headers['retry-after'] = String(retry);
      return Response.json(body, { status, headers });
    }
  };
}

/** Parses a JSON body; a malformed one is a 400 with words, not a crash. */
export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.length > 1_000_000) throw new ValidationError('Request body is too large');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('Request body is not valid JSON');
  }
}
