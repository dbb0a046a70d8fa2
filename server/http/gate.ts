import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { toJson } from '../json';
import type { Runtime } from '../runtime';
import { toApiError } from '../errors';
import { bearerToken, userFromApiToken } from '../services/api-tokens';
import { isSetupRequired, parseCookies, SESSION_COOKIE, userFromToken } from '../services/auth';
import { clientOf } from './client';
import { requestFromOwnSite } from './origin';
import { formatBytes, PUBLIC_BODY_LIMIT } from './route';

const PUBLIC_API = ['/api/health', '/api/auth/'];
const PUBLIC_ASSETS = ['/_next/', '/favicon.ico', '/icon.svg', '/screenshot.png'];
const CHANGE_PASSWORD_PAGE = '/change-password';
const CHANGE_PASSWORD_API = '/api/account/password';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const hasControlChars = (s: string) => s.includes('\0') || s.includes('\r') || s.includes('\n');

/** A request that carries a body (declared length, or chunked). */
function hasBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

const DRAIN_BYTES = 4 * 1024 * 1024;
const DRAIN_MS = 2_000;
type LingeringSocket = Socket & { destroySoon?: () => void };

/**
 * An answer may come before the body is read (a refusal here, or a route that stops reading at its
 * cap). Closing at once would reset the connection under a client still sending, and it could lose
 * the answer; so the body that still arrives is discarded (Node's parser drops a dumped body) until
 * the client stops, and a client that goes on past DRAIN_BYTES or DRAIN_MS is cut off.
 */
function lingerOnUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket as LingeringSocket;
  const destroySoon = socket.destroySoon;
  // After a `connection: close` answer Node calls destroySoon(): end our side only, read on for a while.
  if (typeof destroySoon === 'function') {
    socket.destroySoon = function lingeringClose(this: LingeringSocket) {
      if (req.complete || this.destroyed) return destroySoon.call(this);
      this.end();
    };
  }
  res.once('finish', () => {
    // Node has made its choice by now (its own finish listener runs first): undo the override.
    if (typeof destroySoon === 'function') socket.destroySoon = destroySoon;
    if (req.complete) return;
    const start = socket.bytesRead;
    const t0 = Date.now();
    const watch = setInterval(() => {
      if (req.complete || socket.destroyed) return clearInterval(watch);
      if (socket.bytesRead - start > DRAIN_BYTES || Date.now() - t0 > DRAIN_MS) {
        clearInterval(watch);
        socket.destroy();
      }
    }, 50);
    watch.unref();
  });
}

function send(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(toJson(body));
  return true;
}

function redirect(res: ServerResponse, to: string): true {
  res.writeHead(302, { location: to, 'cache-control': 'no-store' });
  res.end();
  return true;
}

function badPage(res: ServerResponse, message: string): true {
  res.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad address · Wharf</title></head>` +
      `<body style="font-family:system-ui,sans-serif;text-align:center;padding:4rem 1rem">` +
      `<h1 style="font-size:1.1rem">This address is not valid</h1><p>${message}</p><p><a href="/">Go to Hosts</a></p></body></html>`,
  );
  return true;
}

function badRequest(res: ServerResponse, api: boolean, message: string): true {
  return api ? send(res, 400, { ok: false, code: 'VALIDATION', message }) : badPage(res, message);
}

/** Why a path cannot be routed (a segment that is not valid percent-encoding, or hides NUL/CR/LF), or null. */
export function pathProblem(path: string): string | null {
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return 'The address contains malformed percent-encoding.';
    }
    if (hasControlChars(decoded)) return 'The address contains a NUL, carriage return or line feed.';
  }
  return null;
}

/** Refuses a declared body over the limit for requests without a session, before anything reads it. */
function tooLarge(req: IncomingMessage, res: ServerResponse): boolean {
  if (Number(req.headers['content-length'] ?? 0) <= PUBLIC_BODY_LIMIT) return false;
  return send(res, 413, {
    ok: false,
    code: 'VALIDATION',
    message: `Request body is too large (at most ${formatBytes(PUBLIC_BODY_LIMIT)} without a session)`,
  });
}

/**
 * The guard in front of Next: every page and API route needs a session, except sign-in,
 * first-run setup, health and static assets. Returns true if it answered the request itself.
 * Route handlers check the session again, so a route can never be reached without one.
 */
export function gate(rt: Runtime, req: IncomingMessage, res: ServerResponse): boolean {
  // Route handlers rate-limit by this and mark cookies Secure by that; a client cannot forge either
  // (forwarded headers count only from a trusted proxy, and these two are always overwritten).
  const client = clientOf(req, rt.config.trustedProxies);
  req.headers['x-wharf-client-ip'] = client.ip;
  req.headers['x-wharf-https'] = client.https ? '1' : '0';
  if (hasBody(req)) lingerOnUnreadBody(req, res);
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://wharf.local');
  } catch {
    return badRequest(res, (req.url ?? '').startsWith('/api/'), 'The address is not a valid URL.');
  }
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const api = path.startsWith('/api/');

  // Next would throw on these while decoding route params (a 500); answer them here, for every path.
  const problem = pathProblem(path);
  if (problem) return badRequest(res, api, problem);

  if (PUBLIC_ASSETS.some((p) => path.startsWith(p))) return false;

  // CSRF: every state-changing request (API routes, and any POST Next would take for a page) must come from our own pages.
  // An API token (scripts, curl) carries no cookie, so there is nothing to forge cross-site: no Origin check for it.
  const bearer = api ? bearerToken(req.headers.authorization) : undefined;
  if (!SAFE_METHODS.has(method) && bearer === undefined) {
    if (!requestFromOwnSite(req, rt.config.allowedOrigins)) {
      return send(res, 403, { ok: false, code: 'FORBIDDEN', message: 'Cross-origin request refused' });
    }
  }
  if (PUBLIC_API.some((p) => path === p || (p.endsWith('/') && path.startsWith(p)))) {
    // Public routes read small bodies only (their routes cap chunked bodies as they stream).
    return tooLarge(req, res);
  }

  const setupRequired = isSetupRequired(rt);
  if (bearer !== undefined && !setupRequired) {
    try {
      userFromApiToken(rt, bearer);
      return false;
    } catch (err) {
      const { status, body } = toApiError(err);
      return send(res, status, body);
    }
  }
  const user = setupRequired ? null : userFromToken(rt, parseCookies(req.headers.cookie)[SESSION_COOKIE]);

  // A temporary password: the one page and route that choose a new one, nothing else.
  if (path === CHANGE_PASSWORD_PAGE) {
    if (!user) return redirect(res, '/login');
    return user.mustChangePassword ? false : redirect(res, '/');
  }
  if (user?.mustChangePassword && path !== CHANGE_PASSWORD_API) {
    return api
      ? send(res, 403, { ok: false, code: 'PASSWORD_CHANGE_REQUIRED', message: 'Choose a new password before you continue' })
      : redirect(res, CHANGE_PASSWORD_PAGE);
  }

  if (path === '/setup') {
    if (!setupRequired) return redirect(res, user ? '/' : '/login');
    return tooLarge(req, res);
  }
  if (path === '/login') {
    if (setupRequired) return redirect(res, '/setup');
    if (user) return redirect(res, '/');
    return tooLarge(req, res);
  }
  if (user) return false;
  if (api) {
    return setupRequired
      ? send(res, 401, { ok: false, code: 'SETUP_REQUIRED', message: 'Wharf is not set up yet: create the admin account first' })
      : send(res, 401, { ok: false, code: 'UNAUTHENTICATED', message: 'Sign in to continue' });
  }
  if (setupRequired) return redirect(res, '/setup');
  const next = path === '/' ? '' : `?next=${encodeURIComponent(path + url.search)}`;
  return redirect(res, `/login${next}`);
}
