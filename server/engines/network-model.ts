import { PREDEFINED_NETWORKS, type NetworkEndpoint, type NetworkSummary } from '../contracts/networks';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strMap = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, str(x)]));
const noPrefix = (s: string) => (s ? s.replace(/\/\d+$/, '') : null);

/** Per container id, its aliases on each network (by network id), read from container inspects. */
export type AliasBook = Map<string, Record<string, string[]>>;

/** The user aliases of a container on each of its networks, from its inspect (the short id left out). */
export function aliasesFromInspect(raw: Json): Record<string, string[]> {
  const id = str(raw.Id);
  const out: Record<string, string[]> = {};
  for (const ep of Object.values(obj(obj(raw.NetworkSettings).Networks))) {
    const e = obj(ep);
    const netId = str(e.NetworkID);
    if (!netId) continue;
    const list = Array.isArray(e.Aliases) ? (e.Aliases as unknown[]).map(str) : [];
    out[netId] = list.filter((a) => a && !id.startsWith(a));
  }
  return out;
}

/** Whether this network is one the engine made itself (bridge/host/none, or its default bridge under another name). */
export function isPredefined(raw: Json): boolean {
  const name = str(raw.Name);
  if ((PREDEFINED_NETWORKS as readonly string[]).includes(name)) return true;
  return str(strMap(raw.Options)['com.docker.network.bridge.default_bridge']) === 'true';
}

/** `GET /networks/{id}`, with aliases from the container inspects the hub has read. */
export function fromNetworkInspect(hostId: string, raw: Json, aliases: AliasBook): NetworkSummary {
  const id = str(raw.Id);
  const ipam = (Array.isArray(obj(raw.IPAM).Config) ? (obj(raw.IPAM).Config as unknown[]) : []).map((c) => {
    const p = obj(c);
    return { subnet: str(p.Subnet), gateway: str(p.Gateway) || null, ipRange: str(p.IPRange) || null };
  });
  const containers: NetworkEndpoint[] = Object.entries(obj(raw.Containers))
    .map(([cid, v]) => {
      const e = obj(v);
      return {
        containerId: cid,
        name: str(e.Name),
        ipv4: noPrefix(str(e.IPv4Address)),
        ipv6: noPrefix(str(e.IPv6Address)),
        mac: str(e.MacAddress) || null,
        aliases: aliases.get(cid)?.[id] ?? [],
      };
    })
    // Swarm's load-balancer endpoints are not containers.
    .filter((e) => !e.containerId.startsWith('lb-'))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    id,
    hostId,
    name: str(raw.Name),
    driver: str(raw.Driver),
    scope: str(raw.Scope),
    ipam: ipam.filter((p) => p.subnet),
    ipv6: raw.EnableIPv6 === true,
    internal: raw.Internal === true,
    attachable: raw.Attachable === true,
    ingress: raw.Ingress === true,
    predefined: isPredefined(raw),
    labels: strMap(raw.Labels),
    options: strMap(raw.Options),
    containers,
    created: str(raw.Created),
  };
}
