import type { IncomingMessage } from 'node:http';

/** `::ffff:10.0.0.1` is 10.0.0.1. */
const plain = (ip: string) => ip.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');

const headerValue = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(',') : (v ?? ''));

/**
 * Who the client is, and whether it came over https. X-Forwarded-For and X-Forwarded-Proto are
 * believed only from a reverse proxy named in WHARF_TRUSTED_PROXIES: otherwise anyone could name
 * a new address per request and walk past the sign-in limits. Through trusted proxies the client
 * is the right-most address that is not itself a trusted proxy.
 */
export function clientOf(req: IncomingMessage, trustedProxies: string[]): { ip: string; https: boolean } {
  const remote = plain(req.socket.remoteAddress ?? 'unknown');
  const direct = { ip: remote, https: 'encrypted' in req.socket && req.socket.encrypted === true };
  const trusted = new Set(trustedProxies.map(plain));
  if (!trusted.has(remote)) return direct;
  const hops = headerValue(req.headers['x-forwarded-for']).split(',').map(plain).filter(Boolean);
  let ip = remote;
  for (let i = hops.length - 1; i >= 0; i--) {
    ip = hops[i]!;
    if (!trusted.has(ip)) break;
  }
  const proto = headerValue(req.headers['x-forwarded-proto']).split(',')[0]?.trim().toLowerCase();
  return { ip, https: proto ? proto === 'https' : direct.https };
}
