import type { ImageConfigView } from '../contracts/images';
import { toConfigView } from '../engines/image-model';
import { MANIFEST_ACCEPT, RegistryError, type RegistryClient } from './client';

// Reading what a registry holds for a tag or digest: the manifest (or the index of a multi-arch
// image and the manifest of one platform), its layers, and the image config blob.

export interface Platform {
  os: string;
  architecture: string;
  variant: string | null;
}

export interface IndexEntry {
  digest: string;
  mediaType: string;
  size: number;
  platform: Platform;
}

export interface ManifestLayer {
  digest: string;
  mediaType: string;
  size: number;
}

export interface ImageManifest {
  /** The digest the tag points to (an index's, for a multi-arch image): what `RepoDigests` records. */
  digest: string;
  mediaType: string;
  /** For an index: its platforms (attestations `unknown/unknown` left out). */
  platforms: IndexEntry[] | null;
  /** The platform manifest read (the index's entry for `platform`, or the manifest itself). */
  manifestDigest: string;
  layers: ManifestLayer[];
  /** Bytes of the compressed layers plus the config. */
  size: number;
  config: ImageConfigView;
  created: string | null;
  /** The config blob as the registry holds it. */
  rawConfig: Record<string, unknown>;
}

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

interface ManifestBody {
  mediaType?: string;
  schemaVersion?: number;
  manifests?: Array<{
    digest: string;
    mediaType: string;
    size: number;
    platform?: { os?: string; architecture?: string; variant?: string };
  }>;
  config?: { digest: string; mediaType: string; size: number };
  layers?: Array<{ digest: string; mediaType: string; size: number }>;
}

export const pullScope = (repo: string) => `repository:${repo}:pull`;

/** The digest a tag points to now, by HEAD (what "update available" compares), or null when the tag is gone. */
export async function headDigest(client: RegistryClient, repo: string, ref: string): Promise<string | null> {
  const res = await client.request(`/v2/${repo}/manifests/${encodeURIComponent(ref)}`, {
    method: 'HEAD',
    accept: MANIFEST_ACCEPT,
    scope: pullScope(repo),
  });
  if (res.status === 404) return null;
  if (!res.ok) throw await client.failure(res);
  const digest = res.headers.get('docker-content-digest');
  if (digest) return digest;
  // A registry that sends no digest on HEAD: read the manifest and hash it as the registry would.
  const full = await client.request(`/v2/${repo}/manifests/${encodeURIComponent(ref)}`, {
    accept: MANIFEST_ACCEPT,
    scope: pullScope(repo),
  });
  if (!full.ok) throw await client.failure(full);
  const { createHash } = await import('node:crypto');
  return `sha256:${createHash('sha256')
    .update(Buffer.from(await full.arrayBuffer()))
    .digest('hex')}`;
}

async function manifest(
  client: RegistryClient,
  repo: string,
  ref: string,
): Promise<{ body: ManifestBody; digest: string; mediaType: string }> {
  const res = await client.request(`/v2/${repo}/manifests/${encodeURIComponent(ref)}`, { accept: MANIFEST_ACCEPT, scope: pullScope(repo) });
  if (!res.ok) throw await client.failure(res);
  const raw = Buffer.from(await res.arrayBuffer());
  const body = JSON.parse(raw.toString('utf8')) as ManifestBody;
  const { createHash } = await import('node:crypto');
  const digest = res.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  const mediaType = body.mediaType ?? res.headers.get('content-type')?.split(';')[0] ?? '';
  if (body.schemaVersion === 1) throw new RegistryError(`${repo}:${ref} is an old schema 1 manifest, which Wharf does not read`, 422);
  return { body, digest, mediaType };
}

const platformOf = (p?: { os?: string; architecture?: string; variant?: string }): Platform => ({
  os: p?.os ?? 'unknown',
  architecture: p?.architecture ?? 'unknown',
  variant: p?.variant ?? null,
});

/**
 * What a tag or digest holds: for a multi-arch index, the platforms and the manifest of `want`
 * (default linux/amd64, else the first real platform), its layers and its config.
 */
export async function readImageManifest(
  client: RegistryClient,
  repo: string,
  ref: string,
  want: { os: string; architecture: string } = { os: 'linux', architecture: 'amd64' },
): Promise<ImageManifest> {
  const top = await manifest(client, repo, ref);
  let platforms: IndexEntry[] | null = null;
  let chosen = top;
  if (INDEX_TYPES.has(top.mediaType) || top.body.manifests) {
    platforms = (top.body.manifests ?? [])
      .map((m) => ({ digest: m.digest, mediaType: m.mediaType, size: m.size, platform: platformOf(m.platform) }))
      .filter((m) => !(m.platform.os === 'unknown' && m.platform.architecture === 'unknown'));
    const pick = platforms.find((p) => p.platform.os === want.os && p.platform.architecture === want.architecture) ?? platforms[0];
    if (!pick) throw new RegistryError(`${repo}:${ref} is an index with no image for any platform`, 422);
    chosen = await manifest(client, repo, pick.digest);
  }
  const cfgRef = chosen.body.config;
  if (!cfgRef) throw new RegistryError(`${repo}:${ref}: the manifest names no config`, 422);
  const blob = await client.request(`/v2/${repo}/blobs/${cfgRef.digest}`, { scope: pullScope(repo) });
  if (!blob.ok) throw await client.failure(blob);
  const rawConfig = (await blob.json()) as Record<string, unknown>;
  const layers = (chosen.body.layers ?? []).map((l) => ({ digest: l.digest, mediaType: l.mediaType, size: l.size }));
  // The config blob has the inspect's shape for these fields (config, architecture, os, author).
  const config = toConfigView({
    Config: rawConfig.config ?? null,
    Architecture: rawConfig.architecture,
    Os: rawConfig.os,
    Variant: rawConfig.variant,
    Author: rawConfig.author,
    DockerVersion: rawConfig.docker_version,
  });
  return {
    digest: top.digest,
    mediaType: top.mediaType,
    platforms,
    manifestDigest: chosen.digest,
    layers,
    size: layers.reduce((a, l) => a + l.size, 0) + cfgRef.size,
    config,
    created: typeof rawConfig.created === 'string' ? rawConfig.created : null,
    rawConfig,
  };
}
