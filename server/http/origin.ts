import type { IncomingMessage } from 'node:http';

/**
 * Browsers send Origin on websockets and cross-site writes; it must name this server (or an
 * origin the admin allowed for a reverse proxy). Non-browser clients send none and rely on the cookie.
 */
/**
 * A write from one of our own pages: its Origin names us (or an allowed origin); with no Origin, a
 * browser's Sec-Fetch-Site must not say another site sent it. Non-browser clients send neither.
 */
export function requestFromOwnSite(req: IncomingMessage, allowed: string[]): boolean {
  if (req.headers.origin === undefined) {
    const site = req.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }
  return originAllowed(req.headers.origin, req.headers.host, allowed);
}

export function originAllowed(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return !!host && new URL(origin).host === host;
  } catch {
    return false;
  }
}
