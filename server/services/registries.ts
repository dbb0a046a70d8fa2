import crypto from 'node:crypto';
import {
  registryIdSchema,
  registryInputSchema,
  registryTestSchema,
  type RegistrySummary,
  type RegistryTestResult,
} from '../contracts/registries';
import { transferRefusal } from '../engines/pull';
import { AppError, ConflictError, NotFoundError, validationFromZod } from '../errors';
import type { Runtime } from '../runtime';
import {
  deleteRegistryRow,
  findRegistryByAddress,
  findRegistryRow,
  insertRegistryRow,
  listRegistryRows,
  updateRegistryRow,
  type RegistryRow,
} from '../store/registries';
import { audited, type Actor } from './audit';
import { authorize } from './authorize';
import { engineAuth } from './registry-auth';

// Saved registry credentials. Passwords are sealed at rest, never answered, never in the audit log:
// the list says only whether one is saved, and an edit with a blank password keeps it.

const toSummary = (r: RegistryRow): RegistrySummary => ({
  id: r.id,
  name: r.name,
  address: r.address,
  username: r.username,
  hasPassword: !!r.secret,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function parse<T>(r: { success: true; data: T } | { success: false; error: { issues: Parameters<typeof validationFromZod>[0] } }): T {
  if (!r.success) throw validationFromZod(r.error.issues);
  return r.data;
}

function requireRow(rt: Runtime, id: unknown): RegistryRow {
  const valid = parse(registryIdSchema.safeParse(id));
  const row = findRegistryRow(rt.db, valid);
  if (!row) throw new NotFoundError('No such saved registry');
  return row;
}

function assertFree(rt: Runtime, name: string, address: string, exceptId?: string): void {
  const byAddress = findRegistryByAddress(rt.db, address);
  if (byAddress && byAddress.id !== exceptId)
    throw new ConflictError(`Credentials for ${address} are already saved (as "${byAddress.name}")`);
  const byName = listRegistryRows(rt.db).find((r) => r.name.toLowerCase() === name.toLowerCase());
  if (byName && byName.id !== exceptId) throw new ConflictError(`A registry named "${name}" already exists`);
}

/** Every saved registry, without secrets; anyone who may see images may see which registries have credentials. */
export function listRegistries(rt: Runtime, actor: Actor | null): RegistrySummary[] {
  authorize(actor, 'images.read');
  return listRegistryRows(rt.db).map(toSummary);
}

export async function addRegistry(rt: Runtime, actor: Actor | null, input: unknown): Promise<RegistrySummary> {
  authorize(actor, 'registries.manage');
  const v = parse(registryInputSchema.safeParse(input));
  return audited(
    rt,
    actor,
    'registry.add',
    `registry:${v.address}`,
    () => {
      assertFree(rt, v.name, v.address);
      const id = crypto.randomBytes(6).toString('hex');
      const username = v.username || null;
      insertRegistryRow(rt.db, {
        id,
        name: v.name,
        address: v.address,
        username,
        secret: username && v.password ? rt.box.seal(v.password) : null,
      });
      return toSummary(findRegistryRow(rt.db, id)!);
    },
    (r) => `${r.name}${r.username ? `, user ${r.username}` : ', anonymous'}`,
  );
}

export async function updateRegistry(rt: Runtime, actor: Actor | null, id: string, input: unknown): Promise<RegistrySummary> {
  authorize(actor, 'registries.manage');
  const row = requireRow(rt, id);
  const v = parse(registryInputSchema.safeParse(input));
  return audited(
    rt,
    actor,
    'registry.edit',
    `registry:${row.address}`,
    () => {
      assertFree(rt, v.name, v.address, row.id);
      const username = v.username || null;
      // A blank password keeps the saved one; no user means no credentials at all.
      const secret = !username ? null : v.password ? rt.box.seal(v.password) : row.secret;
      updateRegistryRow(rt.db, { id: row.id, name: v.name, address: v.address, username, secret });
      return toSummary(findRegistryRow(rt.db, row.id)!);
    },
    (r) =>
      [
        r.address !== row.address ? `address ${row.address} → ${r.address}` : null,
        r.username !== row.username ? `user ${r.username ?? '(none)'}` : null,
        v.password && r.username ? 'password changed' : null,
      ]
        .filter(Boolean)
        .join(', ') || null,
  );
}

export async function removeRegistry(rt: Runtime, actor: Actor | null, id: string): Promise<void> {
  authorize(actor, 'registries.manage');
  const row = requireRow(rt, id);
  await audited(rt, actor, 'registry.remove', `registry:${row.address}`, () => {
    deleteRegistryRow(rt.db, row.id);
  });
}

/** The registry refused the credentials, or could not be reached: its words, as a form error. */
class RegistryCheckError extends AppError {
  constructor(message: string) {
    super('ENGINE_ERROR', message, 422);
  }
}

/**
 * Checks credentials against the registry through the first online engine's `/auth` (the engine,
 * not Wharf, is what will talk to the registry on a pull). A blank password uses the saved one.
 */
export async function testRegistry(rt: Runtime, actor: Actor | null, input: unknown): Promise<RegistryTestResult> {
  authorize(actor, 'registries.manage');
  const v = parse(registryTestSchema.safeParse(input));
  let password = v.password;
  if (!password && v.id) {
    const row = requireRow(rt, v.id);
    if (row.secret) password = rt.box.open(row.secret);
  }
  if (!password) throw new RegistryCheckError('Enter the password to test');
  const hub = rt.engines.list().find((h) => h.docker());
  const docker = hub?.docker();
  if (!hub || !docker) throw new AppError('ENGINE_UNREACHABLE', 'No engine is online to ask the registry', 409);
  try {
    const r = (await docker.checkAuth(engineAuth(v.address, v.username, password))) as { Status?: string } | undefined;
    return { ok: true, message: r?.Status || 'Login Succeeded', hostName: hub.name };
  } catch (err) {
    throw new RegistryCheckError(`${v.address} refused: ${transferRefusal(err)}`);
  }
}
