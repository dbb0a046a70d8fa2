import crypto from 'node:crypto';
import type { EngineDetail, EngineInput, EngineSummary, EngineTestResult } from '../contracts/engines';
import { engineSaveSchema, engineTestSchema } from '../contracts/engines';
import { createDockerClient, describeEngineError, negotiate } from '../engines/connect';
import type { EngineHub, LastKnown } from '../engines/hub';
import { connectionView, mergeSecrets, missingSecrets, specFromRow, splitSpec } from '../engines/spec';
import { ConflictError, NotFoundError, ValidationError, validationFromZod } from '../errors';
import { parseJson, toJson } from '../json';
import type { Runtime } from '../runtime';
import { deleteEngineRow, findEngineRow, findEngineRowByName, insertEngineRow, listEngineRows, updateEngineRow } from '../store/engines';
import { audited, diffChanges, type Actor } from './audit';
import { infoForNonAdmins, seesConnections, withoutAddress } from './access';
import { authorize, canSeeHost } from './authorize';

export function listEngines(rt: Runtime, actor: Actor | null): EngineSummary[] {
  authorize(actor, 'hosts.read');
  const visible = rt.engines.summaries(listEngineRows(rt.db).map((r) => r.id)).filter((e) => canSeeHost(actor, e.id));
  return seesConnections(actor) ? visible : visible.map(withoutAddress);
}

export function getEngine(rt: Runtime, actor: Actor | null, id: string): EngineDetail {
  authorize(actor, 'hosts.read', id);
  const hub = rt.engines.get(id);
  const admin = seesConnections(actor);
  return {
    ...(admin ? hub.summary() : withoutAddress(hub.summary())),
    connection: admin ? connectionView(hub.connection) : null,
    rawInfo: admin ? hub.rawInfo : infoForNonAdmins(hub.rawInfo),
    rawVersion: hub.rawVersion,
    eventStreams: hub.eventStreams,
  };
}

function storedSpec(rt: Runtime, id: string): EngineInput {
  const row = findEngineRow(rt.db, id);
  if (!row) throw new NotFoundError(`No engine with id ${id}`);
  return specFromRow(row, rt.box);
}

function completeSpec(spec: EngineInput, stored: EngineInput | null): EngineInput {
  const merged = mergeSecrets(spec, stored);
  const missing = missingSecrets(merged);
  const first = Object.values(missing)[0];
  if (first) throw new ValidationError(first, missing);
  return merged;
}

/** Connects once with the given settings and reports the engine's version, or the exact failure. */
export async function probeEngine(spec: EngineInput): Promise<EngineTestResult> {
  const docker = createDockerClient(spec);
  try {
    const neg = await negotiate(docker, spec, 12_000);
    return {
      ok: true,
      dockerVersion: String(neg.version.Version ?? ''),
      apiVersion: neg.apiVersion,
      negotiatedApiVersion: neg.negotiatedApiVersion,
      os: `${String(neg.version.Os ?? '')}/${String(neg.version.Arch ?? '')}`,
      name: spec.name,
    };
  } catch (err) {
    throw describeEngineError(err, spec);
  }
}

export async function testEngine(rt: Runtime, actor: Actor | null, input: unknown): Promise<EngineTestResult> {
  authorize(actor, 'engines.manage');
  const parsed = engineTestSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const stored = parsed.data.engineId ? storedSpec(rt, parsed.data.engineId) : null;
  return probeEngine(completeSpec(parsed.data.engine, stored));
}

function assertNameFree(rt: Runtime, name: string, exceptId?: string): void {
  const other = findEngineRowByName(rt.db, name);
  if (other && other.id !== exceptId) throw new ConflictError(`An engine named "${name}" already exists`);
}

export async function addEngine(rt: Runtime, actor: Actor | null, input: unknown): Promise<EngineSummary> {
  authorize(actor, 'engines.manage');
  const parsed = engineSaveSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const spec = parsed.data.engine;
  return audited(rt, actor, 'engine.add', `engine:${spec.name}`, async () => {
    const complete = completeSpec(spec, null);
    assertNameFree(rt, complete.name);
    if (!parsed.data.skipCheck) await probeEngine(complete);
    const id = newEngineId();
    const { config, secrets } = splitSpec(complete);
    insertEngineRow(rt.db, {
      id,
      name: complete.name,
      kind: complete.kind,
      config: toJson(config),
      secrets: secrets ? rt.box.seal(toJson(secrets)) : null,
    });
    return settledSummary(rt.engines.add(id, complete.name, complete));
  });
}

export async function updateEngine(rt: Runtime, actor: Actor | null, id: string, input: unknown): Promise<EngineSummary> {
  authorize(actor, 'engines.manage');
  const parsed = engineSaveSchema.safeParse(input);
  if (!parsed.success) throw validationFromZod(parsed.error.issues);
  const stored = storedSpec(rt, id);
  const changes = diffChanges(
    stored as unknown as Record<string, unknown>,
    parsed.data.engine as unknown as Record<string, unknown>,
  ).filter(
    // A blank secret in the form keeps the saved one: not a change.
    (c) => !(c.masked && c.after === null),
  );
  return audited(
    rt,
    actor,
    'engine.edit',
    { text: `engine:${stored.name}`, host: { id, name: stored.name }, kind: 'engine', name: stored.name, changes },
    async () => {
      const complete = completeSpec(parsed.data.engine, stored);
      assertNameFree(rt, complete.name, id);
      if (!parsed.data.skipCheck) await probeEngine(complete);
      const { config, secrets } = splitSpec(complete);
      updateEngineRow(rt.db, {
        id,
        name: complete.name,
        kind: complete.kind,
        config: toJson(config),
        secrets: secrets ? rt.box.seal(toJson(secrets)) : null,
      });
      return settledSummary(rt.engines.add(id, complete.name, complete));
    },
    () => (stored.name !== parsed.data.engine.name ? `renamed to ${parsed.data.engine.name}` : null),
  );
}

/** The summary after the first connection attempt, so the answer says online or offline, not "connecting". */
async function settledSummary(hub: EngineHub): Promise<EngineSummary> {
  await hub.whenSettled(5000);
  return hub.summary();
}

export async function removeEngine(rt: Runtime, actor: Actor | null, id: string): Promise<void> {
  authorize(actor, 'engines.manage');
  const stored = storedSpec(rt, id);
  await audited(rt, actor, 'engine.remove', `engine:${stored.name}`, () => {
    deleteEngineRow(rt.db, id);
    rt.engines.remove(id);
  });
}

/** Starts a hub for every stored engine. */
export function loadEngines(rt: Runtime): void {
  for (const row of listEngineRows(rt.db)) {
    try {
      rt.engines.add(
        row.id,
        row.name,
        specFromRow(row, rt.box),
        row.last_known ? parseJson<LastKnown>(row.last_known, `engine ${row.name}: last known facts`) : null,
      );
    } catch (err) {
      console.error(`[wharf] engine ${row.name} cannot be loaded:`, err instanceof Error ? err.message : err);
    }
  }
}

export function newEngineId(): string {
  return crypto.randomBytes(6).toString('hex');
}
