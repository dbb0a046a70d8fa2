import type { CreateContainerSpec } from '../contracts/container-create';
import { MASKED, type RevealedSecrets } from '../contracts/secrets';
import { engineFailure, onlineEngine, resolveContainer } from '../engines/access';
import { maskInstruction } from '../engines/image-model';
import { ValidationError } from '../errors';
import type { Runtime } from '../runtime';
import { audited, onHost, type Actor } from './audit';
import { authorize } from './authorize';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/**
 * Reveal: a container's env and command in clear, for one who may change the container. It is an
 * explicit act (a POST), and audited; everything else (live views, inspect, the edit form) is masked.
 */
export async function revealContainerSecrets(rt: Runtime, actor: Actor | null, hostId: string, id: string): Promise<RevealedSecrets> {
  authorize(actor, 'containers.manage', hostId);
  const { hub, docker } = onlineEngine(rt, hostId);
  const known = resolveContainer(hub, id);
  const name = known?.name ?? id.slice(0, 12);
  return audited(rt, actor, 'container.reveal-env', onHost(hub, 'container', name), async () => {
    const raw = await docker
      .getContainer(known?.id ?? id)
      .inspect()
      .catch((err) => {
        throw engineFailure(err, `Container ${id}`);
      });
    const config = (raw.Config ?? {}) as unknown as Record<string, unknown>;
    return { env: strings(config.Env), cmd: strings(config.Cmd), entrypoint: strings(config.Entrypoint) };
  });
}

/** The edit form's values with every env value masked (empty ones stay empty) and secret-looking arguments masked. */
export function maskSpec(spec: CreateContainerSpec): CreateContainerSpec {
  return {
    ...spec,
    env: spec.env.map((e) => (e.value === '' ? e : { ...e, value: MASKED })),
    cmd: spec.cmd.map(maskInstruction),
    entrypoint: spec.entrypoint.map(maskInstruction),
  };
}

type Json = Record<string, unknown>;

/**
 * A submitted edit with the values it left masked put back from the container being replaced: an env
 * value still reading as the mask keeps the old value of that variable, an argument still reading as
 * the masked form of an old argument keeps that argument. A mask with nothing behind it is refused.
 */
export function restoreMasked(input: unknown, oldConfig: { Env?: unknown; Cmd?: unknown; Entrypoint?: unknown }): unknown {
  if (!input || typeof input !== 'object') return input;
  const out: Json = { ...(input as Json) };
  const fields: Record<string, string> = {};
  const oldEnv = new Map<string, string>();
  for (const line of strings(oldConfig.Env)) {
    const eq = line.indexOf('=');
    if (eq > 0) oldEnv.set(line.slice(0, eq), line.slice(eq + 1));
  }
  if (Array.isArray(out.env))
    out.env = out.env.map((row: unknown, i) => {
      const r = row as { key?: unknown; value?: unknown } | null;
      if (!r || r.value !== MASKED) return row;
      const key = String(r.key ?? '');
      if (oldEnv.has(key)) return { ...r, value: oldEnv.get(key) };
      fields[`env.${i}.value`] = 'This value is masked and the container has no such variable: type the value';
      return row;
    });
  for (const name of ['cmd', 'entrypoint'] as const) {
    const submitted = out[name];
    if (!Array.isArray(submitted)) continue;
    const old = strings(name === 'cmd' ? oldConfig.Cmd : oldConfig.Entrypoint);
    out[name] = submitted.map((arg: unknown) => {
      if (typeof arg !== 'string' || !arg.includes(MASKED)) return arg;
      const match = old.find((o) => maskInstruction(o) === arg);
      if (match === undefined) fields[name] = 'An argument still holds a masked value: type the value';
      return match ?? arg;
    });
  }
  if (Object.keys(fields).length) throw new ValidationError('Some values are still masked: type them, or press Reveal first', fields);
  return out;
}
