/**
 * Networks as Wharf shows them (zod-free: the browser imports it). The request schemas are in
 * network-requests.ts.
 */

/** Networks every engine makes itself; Wharf never removes them. */
export const PREDEFINED_NETWORKS = ['bridge', 'host', 'none'] as const;

export const NETWORK_DRIVERS = ['bridge', 'macvlan', 'ipvlan', 'overlay'] as const;
export type NetworkDriver = (typeof NETWORK_DRIVERS)[number];

export interface NetworkIpam {
  subnet: string;
  gateway: string | null;
  ipRange: string | null;
}

/** A container attached to a network, as the network's inspect lists it. */
export interface NetworkEndpoint {
  containerId: string;
  name: string;
  /** Without the prefix length. */
  ipv4: string | null;
  ipv6: string | null;
  mac: string | null;
  /** User aliases on this network (the container's short id, always there, left out). */
  aliases: string[];
}

export interface NetworkSummary {
  id: string;
  hostId: string;
  name: string;
  driver: string;
  scope: string;
  /** IPv4 and IPv6 pools. */
  ipam: NetworkIpam[];
  ipv6: boolean;
  internal: boolean;
  attachable: boolean;
  ingress: boolean;
  /** One of bridge/host/none, or the engine's own default bridge: never removed. */
  predefined: boolean;
  labels: Record<string, string>;
  options: Record<string, string>;
  containers: NetworkEndpoint[];
  /** ISO time */
  created: string;
}

/** What the create dialog may offer on a host. */
export interface NetworkCreateOptions {
  drivers: NetworkDriver[];
  /** Overlay needs the engine to be a swarm manager. */
  swarmManager: boolean;
}

export interface NetworkPruneCandidate {
  id: string;
  name: string;
  driver: string;
}

export interface NetworkPrunePreview {
  hostId: string;
  label: string | null;
  networks: NetworkPruneCandidate[];
}

export interface NetworkPruneReport {
  hostId: string;
  deleted: string[];
}

/** IPv4 or IPv6 subnet prefix. */
export const isIPv6Pool = (p: NetworkIpam) => p.subnet.includes(':');
