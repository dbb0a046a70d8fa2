import type { ContainerState, ContainerSummary, PortMapping } from './containers';

/**
 * Every published port on every host, derived from the containers' live summaries (no engine call):
 * the ports page and its tests read the same rows. Zod-free: the browser imports it.
 */

export type PortFlag =
  /** Another container on the same host asks for the same port on an overlapping address. */
  | 'bound-twice'
  /** All interfaces (0.0.0.0 / ::) next to a specific address (e.g. 127.0.0.1) for the same port. */
  | 'all-and-specific';

export interface PortRow {
  key: string;
  hostId: string;
  containerId: string;
  containerName: string;
  state: ContainerState;
  /** The addresses the port is bound on: 0.0.0.0 and :: together mean all interfaces. */
  hostIps: string[];
  allInterfaces: boolean;
  hostPort: number;
  containerPort: number;
  protocol: PortMapping['protocol'];
  /** Published now (a running container) or only asked for (a stopped or created one). */
  active: boolean;
  flags: PortFlag[];
  /** The other containers on the host that want this port. */
  conflictsWith: string[];
}

const WILDCARDS = new Set(['', '0.0.0.0', '::']);
const isWildcard = (ip: string | null) => WILDCARDS.has(ip ?? '');

/** The rows of the ports table, with flags, sorted by host port. */
export function publishedPorts(containers: Iterable<ContainerSummary>): PortRow[] {
  const rows = new Map<string, PortRow>();
  for (const c of containers) {
    const add = (p: PortMapping, active: boolean) => {
      if (!p.hostPort) return;
      const ip = p.hostIp ?? '0.0.0.0';
      const wildcard = isWildcard(ip);
      // One row per container binding; 0.0.0.0 and :: of the same binding are one row.
      const key = `${c.hostId}|${c.id}|${p.hostPort}/${p.protocol}|${p.containerPort}|${wildcard ? '*' : ip}`;
      const row = rows.get(key);
      if (row) {
        if (!row.hostIps.includes(ip)) row.hostIps.push(ip);
        return;
      }
      rows.set(key, {
        key,
        hostId: c.hostId,
        containerId: c.id,
        containerName: c.name,
        state: c.state,
        hostIps: [ip],
        allInterfaces: wildcard,
        hostPort: p.hostPort,
        containerPort: p.containerPort,
        protocol: p.protocol,
        active,
        flags: [],
        conflictsWith: [],
      });
    };
    for (const p of c.ports) add(p, true);
    for (const p of c.bindings ?? []) add(p, false);
  }
  const byPort = new Map<string, PortRow[]>();
  for (const r of rows.values()) {
    const k = `${r.hostId}|${r.hostPort}/${r.protocol}`;
    byPort.set(k, [...(byPort.get(k) ?? []), r]);
  }
  for (const group of byPort.values()) {
    for (const r of group) {
      const overlapping = group.filter(
        (o) => o.containerId !== r.containerId && (o.allInterfaces || r.allInterfaces || o.hostIps.some((ip) => r.hostIps.includes(ip))),
      );
      if (!overlapping.length) continue;
      r.flags.push('bound-twice');
      r.conflictsWith = [...new Set(overlapping.map((o) => o.containerName))].sort();
      if (overlapping.some((o) => o.allInterfaces !== r.allInterfaces)) r.flags.push('all-and-specific');
    }
  }
  return [...rows.values()].sort(
    (a, b) => a.hostPort - b.hostPort || a.hostId.localeCompare(b.hostId) || a.containerName.localeCompare(b.containerName),
  );
}

/** "8080" finds the port (host or container side); anything else searches container and host names. */
export function matchesPortQuery(row: PortRow, query: string, hostName: string): boolean {
  const q = query.trim().toLowerCase().replace(/^:/, '');
  if (!q) return true;
  if (/^\d+$/.test(q)) return String(row.hostPort) === q || String(row.containerPort) === q;
  return row.containerName.toLowerCase().includes(q) || hostName.toLowerCase().includes(q) || row.hostIps.some((ip) => ip.includes(q));
}
