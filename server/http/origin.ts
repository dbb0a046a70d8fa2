/**
 * Browsers send Origin on websockets and cross-site writes; it must name this server (or an
 * origin the admin allowed for a reverse proxy). Non-browser clients send none and rely on the cookie.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return !!host && new URL(origin).host === host;
  } catch {
    return false;
  }
}
