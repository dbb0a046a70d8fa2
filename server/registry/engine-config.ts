import type { EngineRegistryConfig } from '../contracts/registry-browse';
import { isLoopback } from './client';

// What the engines' `docker info` (RegistryConfig) says about registries: mirrors, and which
// registries they reach over plain HTTP. Wharf allows HTTP to the same registries, and to loopback.

interface RawRegistryConfig {
  Mirrors?: string[] | null;
  InsecureRegistryCIDRs?: string[] | null;
  IndexConfigs?: Record<string, { Name?: string; Mirrors?: string[] | null; Secure?: boolean } | null> | null;
}

export function engineRegistryConfig(hub: {
  id: string;
  name: string;
  rawInfo: Record<string, unknown> | null;
  status: string;
}): EngineRegistryConfig {
  const rc = (hub.rawInfo?.RegistryConfig ?? {}) as RawRegistryConfig;
  const index = Object.entries(rc.IndexConfigs ?? {});
  const mirrors = new Set<string>(rc.Mirrors ?? []);
  for (const [, c] of index) for (const m of c?.Mirrors ?? []) mirrors.add(m);
  return {
    hostId: hub.id,
    hostName: hub.name,
    online: hub.status === 'online',
    mirrors: [...mirrors].map((m) => m.replace(/\/+$/, '')),
    insecureRegistries: index.filter(([, c]) => c?.Secure === false).map(([name, c]) => c?.Name ?? name),
    insecureCidrs: rc.InsecureRegistryCIDRs ?? [],
  };
}

function ipv4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** Whether an IPv4 literal lies in `a.b.c.d/n` (hostnames are not resolved: name them in IndexConfigs instead). */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const a = ipv4(ip);
  const b = ipv4(base ?? '');
  const bits = Number(bitsText ?? 32);
  if (a === null || b === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (a & mask) === (b & mask);
}

/** The host part of `host[:port]` (brackets of an IPv6 literal kept). */
const hostOf = (address: string) => (address.startsWith('[') ? address.slice(0, address.indexOf(']') + 1) : address.split(':')[0]!);

/** Whether Wharf may speak plain HTTP to `address`: loopback, or an engine lists it as insecure. */
export function isInsecureRegistry(address: string, engines: EngineRegistryConfig[]): boolean {
  if (address === 'docker.io') return false;
  if (isLoopback(address)) return true;
  const host = hostOf(address);
  return engines.some(
    (e) => e.insecureRegistries.some((r) => r === address || r === host) || e.insecureCidrs.some((cidr) => inCidr(host, cidr)),
  );
}
