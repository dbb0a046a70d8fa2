import type { SessionUser } from '../contracts/auth';
import type { ContainerDetail } from '../contracts/containers';
import type { EngineSummary } from '../contracts/engines';
import { MASKED } from '../contracts/secrets';
import { maskInstruction } from '../engines/image-model';
import { can } from './authorize';

export { MASKED };

const maskEnvLine = (e: string) => {
  const eq = e.indexOf('=');
  return eq < 0 ? e : `${e.slice(0, eq)}=${MASKED}`;
};
const strings = (v: unknown): string[] | null => (Array.isArray(v) ? v.map(String) : null);

/**
 * Every env value masked, and secret-looking `KEY=value` arguments of the command, in the view and in
 * the raw inspect: what every user gets (operators too). Those who may change the container can
 * Reveal, an audited POST (server/services/container-secrets.ts).
 */
export function maskContainerDetail(d: ContainerDetail): ContainerDetail {
  const config = (d.raw.Config ?? {}) as Record<string, unknown>;
  const env = strings(config.Env);
  const cmd = strings(config.Cmd);
  const entrypoint = strings(config.Entrypoint);
  return {
    ...d,
    env: d.env.map(maskEnvLine),
    cmd: d.cmd.map(maskInstruction),
    entrypoint: d.entrypoint.map(maskInstruction),
    command: maskInstruction(d.command),
    raw: {
      ...d.raw,
      ...(Array.isArray(d.raw.Args) ? { Args: (d.raw.Args as unknown[]).map((a) => maskInstruction(String(a))) } : {}),
      ...(typeof d.raw.Path === 'string' ? { Path: maskInstruction(d.raw.Path) } : {}),
      Config: {
        ...config,
        ...(env ? { Env: env.map(maskEnvLine) } : {}),
        ...(cmd ? { Cmd: cmd.map(maskInstruction) } : {}),
        ...(entrypoint ? { Entrypoint: entrypoint.map(maskInstruction) } : {}),
      },
    },
  };
}

/** Engine connection details (address, TLS/SSH settings) are for admins, who manage engines. */
export function seesConnections(actor: SessionUser | null): boolean {
  return can(actor, 'engines.manage');
}

/** An engine's summary without where it is: what non-admins get. */
export function withoutAddress(e: EngineSummary): EngineSummary {
  return { ...e, address: '', lastError: e.lastError && e.address ? e.lastError.split(e.address).join('the engine') : e.lastError };
}

/** Fields of `docker info` that say how the engine reaches out (proxies, with their credentials if any). */
const INFO_FOR_ADMINS = ['HttpProxy', 'HttpsProxy', 'NoProxy'] as const;

/** `docker info` as a non-admin reads it: the proxy settings, engine-side connection details, are masked. */
export function infoForNonAdmins(info: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!info) return info;
  const out = { ...info };
  for (const k of INFO_FOR_ADMINS) if (out[k]) out[k] = MASKED;
  return out;
}

/**
 * Who receives what on a cross-host stream (hosts, deleted, operations, updates): admins everything;
 * any other user the items of their hosts, with engines' addresses removed. Users with the same key
 * receive the same deltas, so they share one room and one revision counter.
 */
export function audienceOf(actor: SessionUser): string | null {
  if (seesConnections(actor)) return null;
  return actor.hosts === 'all' || actor.role === 'admin' ? '*' : [...actor.hosts].sort().join(',');
}

/** Whether an audience (see audienceOf) may see items of this host; items of no host are seen by all. */
export function audienceSees(audience: string, hostId: string): boolean {
  return !hostId || audience === '*' || audience.split(',').includes(hostId);
}
