import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../runtime';
import { isSetupRequired, parseCookies, SESSION_COOKIE, userFromToken } from '../services/auth';
import { originAllowed } from './origin';

const PUBLIC_API = ['/api/health', '/api/auth/'];
const PUBLIC_ASSETS = ['/_next/', '/favicon.ico', '/icon.svg', '/screenshot.png'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
  return true;
}

function redirect(res: ServerResponse, to: string): true {
  res.writeHead(302, { location: to, 'cache-control': 'no-store' });
  res.end();
  return true;
}

/**
 * The guard in front of Next: every page and API route needs a session, except sign-in,
 * first-run setup, health and static assets. Returns true if it answered the request itself.
 * Route handlers check the session again, so a route can never be reached without one.
 */
export function gate(rt: Runtime, req: IncomingMessage, res: ServerResponse): boolean {
  // Route handlers rate-limit by this; a client cannot forge it.
  req.headers['x-wharf-client-ip'] = req.socket.remoteAddress ?? 'unknown';
  const url = new URL(req.url ?? '/', 'http://wharf.local');
  const path = url.pathname;
  const method = req.method ?? 'GET';

  if (PUBLIC_ASSETS.some((p) => path.startsWith(p))) return false;

  if (path.startsWith('/api/') && !SAFE_METHODS.has(method)) {
    if (!originAllowed(req.headers.origin, req.headers.host, rt.config.allowedOrigins)) {
      return send(res, 403, { ok: false, code: 'FORBIDDEN', message: 'Cross-origin request refused' });
    }
  }
  if (PUBLIC_API.some((p) => path === p || (p.endsWith('/') && path.startsWith(p)))) return false;

  const setupRequired = isSetupRequired(rt);
  const user = setupRequired ? null : userFromToken(rt, parseCookies(req.headers.cookie)[SESSION_COOKIE]);

  if (path === '/setup') {
    if (!setupRequired) return redirect(res, user ? '/' : '/login');
    return false;
  }
  if (path === '/login') {
    if (setupRequired) return redirect(res, '/setup');
    if (user) return redirect(res, '/');
    return false;
  }
  if (user) return false;
  if (path.startsWith('/api/')) {
    return setupRequired
      ? send(res, 401, { ok: false, code: 'SETUP_REQUIRED', message: 'Wharf is not set up yet: create the admin account first' })
      : send(res, 401, { ok: false, code: 'UNAUTHENTICATED', message: 'Sign in to continue' });
  }
  if (setupRequired) return redirect(res, '/setup');
  const next = path === '/' ? '' : `?next=${encodeURIComponent(path + url.search)}`;
  return redirect(res, `/login${next}`);
}
