/**
 * `?next=` only ever leads to a page of this site: a path with exactly one leading '/'. Refused (→ '/'):
 * absolute URLs, '//host', '/\host', any backslash or control character (browsers read '\' as '/' and
 * drop tabs and newlines), paths that normalise to '//host' ('/.//host', '/a/..//host'), and the
 * sign-in, setup and API paths.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > 2048) return '/';
  if (!/^\/(?![/\\])/.test(next) || /[\\\p{Cc}]/u.test(next)) return '/';
  try {
    const url = new URL(next, 'http://wharf.local');
    if (url.origin !== 'http://wharf.local') return '/';
    const path = url.pathname;
    if (!path.startsWith('/') || path.startsWith('//')) return '/';
    if (path === '/login' || path === '/setup' || path === '/api' || path.startsWith('/api/')) return '/';
    return path + url.search + url.hash;
  } catch {
    return '/';
  }
}
