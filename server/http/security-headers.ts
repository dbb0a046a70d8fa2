/**
 * Headers on every answer (pages, API, assets, the gate's own refusals). The production CSP has no
 * 'unsafe-eval'; scripts still need 'unsafe-inline' because Next streams its page data in inline
 * <script> tags and prerenders pages that no per-request nonce could reach. Styles need it for
 * React's style attributes and xterm. Nothing may frame Wharf (a frame could steer a click).
 */
export function securityHeaders(dev: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // 'self' covers the socket's ws:/wss: on this host (CSP 3); dev adds Next's HMR socket the same way.
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
}
