import crypto from 'node:crypto';
import {
  registryIdSchema,
  registryInputSchema,
  registryTestSchema,
  type RegistryCheck,
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
import { audited, diffChanges, type Actor } from './audit';
import { authorize } from './authorize';
import { RegistryError } from '../registry/client';
import { engineAuth } from './registry-auth';
import { registryClient } from './registry-browse';

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
  const changes = diffChanges(
    { name: row.name, address: row.address, username: row.username },
    { name: v.name, address: v.address, username: v.username || null },
  );
  if (v.password && v.username) changes.push({ field: 'password', before: row.secret ? '***' : null, after: '***', masked: true });
  return audited(
    rt,
    actor,
    'registry.edit',
    { text: `registry:${row.address}`, kind: 'registry', name: row.name, changes },
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

const SCHEME_WORDS = { none: 'no', basic: 'Basic', bearer: 'Bearer token' } as const;

/**
 * "Test connection": Wharf asks the registry itself (RegistryClient: reachable, which auth scheme its
 * challenge announced and whether the credentials pass, catalog allowed or refused), then, with
 * credentials, the first online engine's `/auth` too (the engine is what talks to the registry on a
 * pull). A blank password uses the saved one. Any refusal is an error in the registry's words.
 */
export async function testRegistry(rt: Runtime, actor: Actor | null, input: unknown): Promise<RegistryTestResult> {
  authorize(actor, 'registries.manage');
  const v = parse(registryTestSchema.safeParse(input));
  const username = v.username || null;
  let password = v.password;
  if (!password && v.id && username) {
    const row = requireRow(rt, v.id);
    if (row.secret) password = rt.box.open(row.secret);
  }
  if (username && !password) throw new RegistryCheckError('Enter the password to test');
  const client = registryClient(rt, v.address, username, password || null);
  const checks: RegistryCheck[] = [];

  let authError: string | null = null;
  let res: Response | null = null;
  try {
    res = await client.request('/v2/');
  } catch (err) {
    // The token service refusing is an auth answer; anything else means the registry is out of reach.
    if (!(err instanceof RegistryError) || err.registryStatus === null || err.code !== 'REGISTRY_AUTH')
      throw new RegistryCheckError((err as Error).message);
    authError = err.message;
  }
  const scheme = client.authScheme;
  checks.push({
    name: 'reachable',
    ok: true,
    words: `Reachable: ${v.address} answers the registry API over ${client.base.split(':')[0]!.toUpperCase()}`,
  });
  if (res && res.status === 401)
    authError = username
      ? (await client.failure(res)).message
      : `${v.address} asks for credentials (${SCHEME_WORDS[scheme]} auth) and none were given`;
  else if (res && !res.ok)
    throw new RegistryCheckError(`${v.address} answered ${res.status} on /v2/: is it a Distribution / OCI registry?`);
  else await res?.body?.cancel();

  if (!authError) {
    checks.push({
      name: 'auth',
      ok: true,
      words:
        scheme === 'none'
          ? 'Auth: the registry asks for none'
          : `Auth: ${SCHEME_WORDS[scheme]} auth accepted ${username ? `for ${username}` : 'anonymously'}`,
    });
    if (v.address === 'docker.io')
      checks.push({ name: 'catalog', ok: false, words: 'Catalog: Docker Hub does not list its repositories; type a name to browse' });
    else {
      try {
        const cat = await client.request('/v2/_catalog?n=1', { scope: 'registry:catalog:*' });
        if (cat.ok) {
          await cat.body?.cancel();
          checks.push({ name: 'catalog', ok: true, words: 'Catalog: allowed, repositories can be listed' });
        } else {
          const err = await client.failure(cat);
          const why = `${cat.status}${err.registryCode ? ` ${err.registryCode}` : ''}`;
          checks.push({ name: 'catalog', ok: false, words: `Catalog: refused (${why}); type a repository name to browse` });
        }
      } catch (err) {
        checks.push({
          name: 'catalog',
          ok: false,
          words: `Catalog: refused (${(err as Error).message}); type a repository name to browse`,
        });
      }
    }
  }

  let message: string | null = null;
  let hostName: string | null = null;
  if (username && password) {
    const hub = rt.engines.list().find((h) => h.docker());
    const docker = hub?.docker();
    if (hub && docker) {
      try {
        const r = (await docker.checkAuth(engineAuth(v.address, username, password))) as { Status?: string } | undefined;
        message = r?.Status || 'Login Succeeded';
        hostName = hub.name;
        checks.push({ name: 'engine', ok: true, words: `Engine ${hub.name}: ${message}` });
      } catch (err) {
        throw new RegistryCheckError(`${v.address} refused: ${transferRefusal(err)}`);
      }
    } else checks.push({ name: 'engine', ok: false, words: 'Engine login not tried: no engine is online' });
  }
  if (authError) throw new RegistryCheckError(authError);
  return { ok: true, message: message ?? checks.map((c) => c.words).join('; '), hostName, scheme, checks };
}
