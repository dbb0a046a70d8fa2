import type { ContainerState, ContainerSummary, DeletedContainer, PortMapping } from '@/server/contracts/containers';
import type { EngineSummary } from '@/server/contracts/engines';
import type { Tone } from '../ui/badge';

/** What the list and badges show: the engine's states plus Wharf's "deleted". */
export type DisplayState = ContainerState | 'deleted';

export const STATE_TONE: Record<DisplayState, Tone> = {
  running: 'green',
  paused: 'amber',
  restarting: 'amber',
  removing: 'amber',
  created: 'sky',
  exited: 'zinc',
  dead: 'red',
  deleted: 'zinc',
};

export const containerKey = (c: { hostId: string; id: string }) => `${c.hostId}/${c.id}`;
export const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);
export const containerHref = (hostId: string, id: string) => `/hosts/${encodeURIComponent(hostId)}/containers/${encodeURIComponent(id)}`;
export const terminalHref = (hostId: string, id: string) =>
  `/terminals?host=${encodeURIComponent(hostId)}&container=${encodeURIComponent(id)}`;

/** "12 s", "3 min", "5 h", "2 d": how long something has lasted. */
export function formatDuration(fromIso: string | null | undefined, now: number): string {
  if (!fromIso) return '';
  const t = Date.parse(fromIso);
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

function ago(iso: string | null | undefined, now: number): string {
  const d = formatDuration(iso, now);
  return d ? `${d} ago` : '';
}

const ZERO_TIME = /^0001-01-01/;
const real = (iso: string | null | undefined) => (iso && !ZERO_TIME.test(iso) ? iso : null);

/** The words after the badge: "up 3 min", "exited (137) 2 min ago", "created 1 h ago". */
export function stateDetail(
  c: Pick<ContainerSummary, 'state' | 'startedAt' | 'finishedAt' | 'exitCode' | 'created' | 'health'>,
  now: number,
): string {
  const started = real(c.startedAt);
  const finished = real(c.finishedAt);
  switch (c.state) {
    case 'running':
      return [started ? `up ${formatDuration(started, now)}` : 'up', c.health ? `(${c.health})` : ''].filter(Boolean).join(' ');
    case 'paused':
      return started ? `up ${formatDuration(started, now)}, frozen` : 'frozen';
    case 'exited':
      return `exited${c.exitCode != null ? ` (${c.exitCode})` : ''}${finished ? ` ${ago(finished, now)}` : ''}`;
    case 'created':
      return 'never started';
    case 'restarting':
      return `restarting${c.exitCode != null ? ` after exit (${c.exitCode})` : ''}`;
    case 'dead':
      return `dead${c.exitCode != null ? ` (${c.exitCode})` : ''}`;
    case 'removing':
      return 'being removed';
  }
}

export function deletedDetail(d: DeletedContainer, now: number): string {
  return `${d.exitCode != null ? `exited (${d.exitCode}) · ` : ''}deleted ${ago(d.deletedAt, now) || 'just now'}`;
}

/** The engine reports IPv4 and IPv6 bindings of one port separately; users think of one. */
export function uniquePorts(ports: PortMapping[]): PortMapping[] {
  const seen = new Map<string, PortMapping>();
  for (const p of ports) {
    const k = `${p.hostPort ?? ''}:${p.containerPort}/${p.protocol}`;
    const before = seen.get(k);
    if (!before || (before.hostIp === '::' && p.hostIp === '0.0.0.0')) seen.set(k, p);
  }
  return [...seen.values()].sort((a, b) => (a.hostPort ?? 1e6) - (b.hostPort ?? 1e6) || a.containerPort - b.containerPort);
}

export function portLabel(p: PortMapping): string {
  const proto = p.protocol === 'tcp' ? '' : `/${p.protocol}`;
  return p.hostPort ? `${p.hostPort}→${p.containerPort}${proto}` : `${p.containerPort}${proto}`;
}

/** The machine an engine runs on, as the browser should address it. */
export function engineHostname(engine: Pick<EngineSummary, 'address'> | undefined): string {
  const fallback = typeof window === 'undefined' ? 'localhost' : window.location.hostname || 'localhost';
  if (!engine) return fallback;
  const m = /^[a-z+]+:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/i.exec(engine.address);
  if (!m || engine.address.startsWith('unix:') || engine.address.startsWith('npipe:')) return fallback;
  return m[1] ?? fallback;
}

/** http://<host>:<port> for a published port, or null when nothing is published. */
export function portUrl(p: PortMapping, engine: Pick<EngineSummary, 'address'> | undefined): string | null {
  if (!p.hostPort || p.protocol !== 'tcp') return null;
  const wildcard = !p.hostIp || p.hostIp === '0.0.0.0' || p.hostIp === '::';
  let host = wildcard ? engineHostname(engine) : p.hostIp!;
  if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
  return `http://${host}:${p.hostPort}`;
}

/** `key` or `key=value`, as `docker ps --filter label=` takes it. */
export function matchesLabel(labels: Record<string, string>, filter: string): boolean {
  const f = filter.trim();
  if (!f) return true;
  const i = f.indexOf('=');
  if (i < 0) return Object.prototype.hasOwnProperty.call(labels, f);
  return labels[f.slice(0, i)] === f.slice(i + 1);
}

/** Published host ports of a host's live containers, for findPortConflicts. */
export function usedPorts(containers: ContainerSummary[] | undefined, hostId: string, exceptId?: string) {
  const out: Array<{ hostIp: string | null; hostPort: number | null; protocol: string; usedBy: string }> = [];
  for (const c of containers ?? []) {
    if (c.hostId !== hostId || c.id === exceptId) continue;
    if (c.state !== 'running' && c.state !== 'paused' && c.state !== 'restarting') continue;
    for (const p of c.ports) if (p.hostPort) out.push({ hostIp: p.hostIp, hostPort: p.hostPort, protocol: p.protocol, usedBy: c.name });
  }
  return out;
}
