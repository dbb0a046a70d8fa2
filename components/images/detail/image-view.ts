import type { FamilyNode, ImageDetail, ImageLayer } from '@/server/contracts/images';
import { shortImageId } from '@/server/contracts/images';
import { formatBytes } from '../../format';

/** What names an image in a row or a chip: its first tag, or its short id when it has none. */
export const imageLabel = (img: { id: string; tags: string[] }) => img.tags[0] ?? shortImageId(img.id);

/** Bytes, with a real 0 shown as such (a zero-byte layer) and unknown as an em dash. */
export const sizeText = (n: number | null | undefined) => (n === 0 ? '0 B' : formatBytes(n));

/** The 12 hex digits the CLI shows of a digest. */
export const shortDigest = (d: string) => d.replace(/^sha256:/, '').slice(0, 12);

export interface SharingFigures {
  /** Bytes of layers another image holds; null when a shared layer's size is unknown. */
  shared: number | null;
  /** Bytes of layers only this image holds; null when one of those has no size. */
  own: number | null;
  /** Per other image: how many of this image's layers it holds and their bytes (null when unknown). */
  images: Array<{ id: string; tags: string[]; layers: number; bytes: number | null }>;
}

/** Shared and own bytes of an image, from its layers (the same layers the chips show). */
export function sharingFigures(layers: ImageLayer[]): SharingFigures {
  const sum = (ls: ImageLayer[]) => (ls.some((l) => l.size === null) ? null : ls.reduce((a, l) => a + (l.size ?? 0), 0));
  const shared = layers.filter((l) => l.sharedWith.length > 0);
  const own = layers.filter((l) => l.sharedWith.length === 0);
  const byImage = new Map<string, { id: string; tags: string[]; layers: number; bytes: number | null }>();
  for (const l of layers) {
    for (const s of l.sharedWith) {
      const cur = byImage.get(s.id) ?? { id: s.id, tags: s.tags, layers: 0, bytes: 0 };
      cur.layers++;
      cur.bytes = cur.bytes === null || l.size === null ? null : cur.bytes + l.size;
      byImage.set(s.id, cur);
    }
  }
  const images = [...byImage.values()].sort((a, b) => b.layers - a.layers || imageLabel(a).localeCompare(imageLabel(b)));
  return { shared: sum(shared), own: sum(own), images };
}

/** How many images a family tree holds. */
export function familySize(node: ImageDetail['family']): number {
  if (!node) return 0;
  return 1 + node.children.reduce((a, c) => a + familySize(c), 0);
}

export type Relation = 'base' | 'derived';

/**
 * How other images relate to this one, from its family: the images it was built on (`base`, nearest
 * first) and those built on it (`derived`). Images with no entry only happen to share layers.
 */
export function relatives(d: Pick<ImageDetail, 'family' | 'summary'>): Map<string, { relation: Relation; distance: number }> {
  const out = new Map<string, { relation: Relation; distance: number }>();
  const walk = (node: FamilyNode, path: FamilyNode[]): boolean => {
    if (node.id === d.summary.id) {
      path.forEach((a, i) => out.set(a.id, { relation: 'base', distance: path.length - i }));
      const below = (n: FamilyNode, depth: number) =>
        n.children.forEach((c) => {
          out.set(c.id, { relation: 'derived', distance: depth });
          below(c, depth + 1);
        });
      below(node, 1);
      return true;
    }
    return node.children.some((c) => walk(c, [...path, node]));
  };
  if (d.family) walk(d.family, []);
  return out;
}

/** Bases first (nearest first), then images built on this one, then the rest in the order given. */
export function byKinship<T extends { id: string }>(items: T[], rel: ReturnType<typeof relatives>): T[] {
  const rank = (x: T) => {
    const r = rel.get(x.id);
    return r ? (r.relation === 'base' ? 0 : 1000) + r.distance : 1_000_000;
  };
  return items
    .map((x, i) => ({ x, i }))
    .sort((a, b) => rank(a.x) - rank(b.x) || a.i - b.i)
    .map(({ x }) => x);
}
