import {
  deleteManifestSchema,
  manifestQuerySchema,
  repositoriesQuerySchema,
  tagDetailsQuerySchema,
  tagsQuerySchema,
  type DeleteManifestResult,
  type EngineRegistryConfig,
  type RepositoryPage,
  type TagDetails,
  type TagManifestView,
  type TagPage,
} from '../contracts/registry-browse';
import { registryIdSchema } from '../contracts/registries';
import { NotFoundError, validationFromZod } from '../errors';
import { nextLink, RegistryClient, RegistryError } from '../registry/client';
import { engineRegistryConfig, isInsecureRegistry } from '../registry/engine-config';
import { pullScope, readImageManifest } from '../registry/manifests';
import type { Runtime } from '../runtime';
import { findRegistryRow, type RegistryRow } from '../store/registries';
import { audited, type Actor } from './audit';
import { authorize, canSeeHost } from './authorize';

// Browsing a saved registry from the server: its catalog, tags, a tag's manifest and config, and
// deleting a manifest by digest. Every call is made here (registries refuse browser CORS) with the
// saved credentials, which never leave the server.

function parse<T>(r: { success: true; data: T } | { success: false; error: { issues: Parameters<typeof validationFromZod>[0] } }): T {
  if (!r.success) throw validationFromZod(r.error.issues);
  return r.data;
}

/** Every engine's registry settings from its last `docker info`. */
export function engineRegistryConfigs(rt: Runtime): EngineRegistryConfig[] {
  return rt.engines.list().map((h) => engineRegistryConfig(h));
}

export function listEngineRegistryConfigs(rt: Runtime, actor: Actor | null): EngineRegistryConfig[] {
  authorize(actor, 'images.read');
  return engineRegistryConfigs(rt).filter((c) => canSeeHost(actor, c.hostId));
}

/** A client for `address` with the given credentials, over HTTP where loopback or an engine lists it insecure. */
export function registryClient(rt: Runtime, address: string, username?: string | null, password?: string | null): RegistryClient {
  return new RegistryClient({ address, username, password, insecure: isInsecureRegistry(address, engineRegistryConfigs(rt)) });
}

// One client per saved registry (and version of it), so Bearer tokens are reused until they expire.
const clients = new WeakMap<Runtime, Map<string, { stamp: string; client: RegistryClient }>>();

function savedClient(rt: Runtime, id: unknown): { row: RegistryRow; client: RegistryClient } {
  const valid = parse(registryIdSchema.safeParse(id));
  const row = findRegistryRow(rt.db, valid);
  if (!row) throw new NotFoundError('No such saved registry');
  const insecure = isInsecureRegistry(row.address, engineRegistryConfigs(rt));
  const stamp = `${row.updated_at} ${row.address} ${insecure}`;
  let perRt = clients.get(rt);
  if (!perRt) clients.set(rt, (perRt = new Map()));
  const cached = perRt.get(row.id);
  if (cached?.stamp === stamp) return { row, client: cached.client };
  const client = new RegistryClient({
    address: row.address,
    username: row.username,
    password: row.secret ? rt.box.open(row.secret) : null,
    insecure,
  });
  perRt.set(row.id, { stamp, client });
  return { row, client };
}

/** Docker Hub names official images `library/x`; other registries take the name as it is. */
const repoPath = (row: RegistryRow, repo: string) => (row.address === 'docker.io' && !repo.includes('/') ? `library/${repo}` : repo);

/** One page of the catalog; a refusal (401/403/404, or Docker Hub) is an answer, not an error: the UI offers a name. */
export async function listRepositories(rt: Runtime, actor: Actor | null, id: string, query: unknown): Promise<RepositoryPage> {
  authorize(actor, 'images.read');
  const q = parse(repositoriesQuerySchema.safeParse(query));
  const { row, client } = savedClient(rt, id);
  if (row.address === 'docker.io')
    return { catalog: 'refused', reason: 'Docker Hub does not list its repositories: type one (e.g. library/nginx).' };
  const prefix = q.prefix ?? '';
  const params = new URLSearchParams({ n: String(q.n) });
  // The catalog is sorted and `last` need not exist: start just before the first name with the prefix.
  const last = q.last || (prefix ? justBefore(prefix) : '');
  if (last) params.set('last', last);
  const res = await client.request(`/v2/_catalog?${params}`, { scope: 'registry:catalog:*' });
  if (res.status === 401 || res.status === 403 || res.status === 404) {
    const err = await client.failure(res);
    // The credentials passed /v2/; a refusal here is about the catalog scope, so say only what the registry answered.
    return {
      catalog: 'refused',
      reason: `${row.address} does not let ${row.username ?? 'anonymous users'} list its catalog (it answered ${res.status}${err.registryCode ? ` ${err.registryCode}` : ''}).`,
    };
  }
  if (!res.ok) throw await client.failure(res);
  const body = (await res.json()) as { repositories?: string[] | null };
  const link = nextLink(res.headers.get('link'));
  const next = link ? new URLSearchParams(link.split('?')[1] ?? '').get('last') : null;
  if (!prefix) return { catalog: 'allowed', repositories: body.repositories ?? [], next };
  const names = body.repositories ?? [];
  const matching = names.filter((r) => r.startsWith(prefix));
  // Sorted: a name past the prefix range means there is nothing more to page to.
  const past = names.some((r) => r > prefix && !r.startsWith(prefix));
  return { catalog: 'allowed', repositories: matching, next: past ? null : next };
}

/** A string sorting just before `s` and before every name that starts with `s`. */
function justBefore(s: string): string {
  const last = s.charCodeAt(s.length - 1);
  return s.slice(0, -1) + String.fromCharCode(last - 1) + '~';
}

interface HubTagsBody {
  next?: string | null;
  results?: Array<{ name: string; digest?: string | null; full_size?: number | null; last_updated?: string | null }>;
}

async function hubTags(repo: string, n: number, page: number): Promise<TagPage> {
  const url = `https://hub.docker.com/v2/repositories/${repo}/tags?page_size=${n}&page=${page}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
    throw new RegistryError(`No route to Docker Hub from this server (${cause?.code ?? cause?.message ?? (err as Error).message})`, 502);
  }
  if (res.status === 404) throw new NotFoundError(`Docker Hub has no repository ${repo}`);
  if (res.status === 429) throw new RegistryError('Docker Hub is rate limiting requests', 429, 429);
  if (!res.ok) throw new RegistryError(`Docker Hub answered ${res.status} ${res.statusText}`, 502, res.status);
  const body = (await res.json()) as HubTagsBody;
  return {
    tags: (body.results ?? []).map((t) => ({
      name: t.name,
      digest: t.digest ?? null,
      size: t.full_size ?? null,
      created: t.last_updated ?? null,
    })),
    next: body.next ? String(page + 1) : null,
    source: 'hub',
  };
}

/** One page of a repository's tags (Docker Hub: through Hub's own API, with digest and size at once). */
export async function listTags(rt: Runtime, actor: Actor | null, id: string, query: unknown): Promise<TagPage> {
  authorize(actor, 'images.read');
  const q = parse(tagsQuerySchema.safeParse(query));
  const { row, client } = savedClient(rt, id);
  const repo = repoPath(row, q.repo);
  if (row.address === 'docker.io') return hubTags(repo, q.n, Math.max(1, Number(q.cursor) || 1));
  const params = new URLSearchParams({ n: String(q.n) });
  if (q.cursor) params.set('last', q.cursor);
  const res = await client.request(`/v2/${repo}/tags/list?${params}`, { scope: pullScope(repo) });
  if (res.status === 404) {
    const err = await client.failure(res);
    throw new NotFoundError(`${row.address} has no repository ${repo} (${err.message.replace(`${row.address}: `, '')})`);
  }
  if (!res.ok) throw await client.failure(res);
  const body = (await res.json()) as { tags?: string[] | null };
  const link = nextLink(res.headers.get('link'));
  let tags = body.tags ?? [];
  let next = link ? new URLSearchParams(link.split('?')[1] ?? '').get('last') : null;
  // Registries before Distribution 3 ignore n/last on tags/list and answer every tag unsorted: page here.
  if (!link && (tags.length > q.n || q.cursor)) {
    const after = q.cursor;
    const sorted = [...tags].sort().filter((t) => !after || t > after);
    next = sorted.length > q.n ? sorted[q.n - 1]! : null;
    tags = sorted.slice(0, q.n);
  }
  return { tags: tags.map((name) => ({ name, digest: null, size: null, created: null })), next, source: 'registry' };
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping their order. */
async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Digest, size and created of the tags on one visible page (manifest + config), four at a time. */
export async function tagDetails(rt: Runtime, actor: Actor | null, id: string, query: unknown): Promise<TagDetails[]> {
  authorize(actor, 'images.read');
  const q = parse(tagDetailsQuerySchema.safeParse(query));
  const { row, client } = savedClient(rt, id);
  const repo = repoPath(row, q.repo);
  return mapBounded(q.tags, 4, async (name): Promise<TagDetails> => {
    try {
      const m = await readImageManifest(client, repo, name);
      return {
        name,
        digest: m.digest,
        mediaType: m.mediaType,
        size: m.size,
        created: m.created,
        platforms: m.platforms?.map((p) => [p.platform.os, p.platform.architecture, p.platform.variant].filter(Boolean).join('/')) ?? null,
        error: null,
      };
    } catch (err) {
      return { name, digest: null, mediaType: null, size: null, created: null, platforms: null, error: (err as Error).message };
    }
  });
}

/** A tag's (or digest's) manifest, layers and config, env values that look secret masked. */
export async function tagManifest(rt: Runtime, actor: Actor | null, id: string, query: unknown): Promise<TagManifestView> {
  authorize(actor, 'images.read');
  const q = parse(manifestQuerySchema.safeParse(query));
  const { row, client } = savedClient(rt, id);
  const repo = repoPath(row, q.repo);
  const [os, architecture] = (q.platform ?? 'linux/amd64').split('/') as [string, string];
  const m = await readImageManifest(client, repo, q.ref, { os, architecture });
  return {
    repo,
    ref: q.ref,
    reference: `${row.address}/${repo}${q.ref.includes(':') ? '@' : ':'}${q.ref}`,
    digest: m.digest,
    mediaType: m.mediaType,
    platforms: m.platforms?.map((p) => ({ ...p.platform, digest: p.digest, size: p.size })) ?? null,
    manifestDigest: m.manifestDigest,
    layers: m.layers,
    size: m.size,
    config: m.config,
    created: m.created,
  };
}

/**
 * Deletes a manifest by digest: every tag pointing to it goes with it. A registry whose storage has
 * delete disabled answers 405 UNSUPPORTED, said here in words.
 */
export async function deleteManifest(rt: Runtime, actor: Actor | null, id: string, input: unknown): Promise<DeleteManifestResult> {
  authorize(actor, 'registries.manage');
  const v = parse(deleteManifestSchema.safeParse(input));
  const { row, client } = savedClient(rt, id);
  const repo = repoPath(row, v.repo);
  return audited(rt, actor, 'registry.delete-manifest', `registry:${row.address}/${repo}@${v.digest}`, async () => {
    if (row.address === 'docker.io') throw new RegistryError('Wharf does not delete from Docker Hub: delete tags on hub.docker.com', 409);
    const res = await client.request(`/v2/${repo}/manifests/${v.digest}`, { method: 'DELETE', scope: `repository:${repo}:delete` });
    if (res.status === 405) {
      const err = await client.failure(res);
      throw new RegistryError(
        `${row.address} does not allow deletes (${err.message.replace(/^.*does not allow this \(/, '').replace(/\)$/, '')}): its storage has delete disabled`,
        409,
        405,
        err.registryCode,
      );
    }
    if (res.status === 404) throw new NotFoundError(`${row.address} has no manifest ${v.digest} in ${repo} (deleted already?)`);
    if (!res.ok) throw await client.failure(res);
    await res.body?.cancel();
    return { digest: v.digest, message: `Deleted ${repo}@${v.digest.slice(0, 19)}… and every tag that pointed to it` };
  });
}
