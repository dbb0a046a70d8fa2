import type { ContainerSummary } from '@/server/contracts/containers';
import type { ImageSummary } from '@/server/contracts/images';

/** The usage chips above the table, in order. */
export const USAGE_CHIPS = [
  { id: 'all', label: 'All' },
  { id: 'in-use', label: 'In use' },
  { id: 'unused', label: 'Unused' },
  { id: 'dangling', label: 'Dangling' },
] as const;
export type UsageFilter = (typeof USAGE_CHIPS)[number]['id'];

export type SortKey = 'name' | 'size' | 'shared' | 'own' | 'created' | 'containers' | 'host';
export type Sort = { key: SortKey; dir: 1 | -1 };

export interface ImageRow {
  key: string;
  image: ImageSummary;
  hostName: string;
  /** Containers made from it, running first. */
  users: ContainerSummary[];
}

export const ROW_HEIGHT = 34;
export const imageKey = (i: { hostId: string; id: string }) => `${i.hostId}/${i.id}`;

/** Bytes only this image holds; null until its layers are read. */
export const ownSize = (i: ImageSummary) => (i.sharedSize === null ? null : Math.max(0, i.size - i.sharedSize));

const byText = new Intl.Collator(undefined, { numeric: true }).compare;
/** By first tag; images without a tag after those with one, by id. */
const byName = (a: ImageRow, b: ImageRow) => {
  const ta = a.image.tags[0];
  const tb = b.image.tags[0];
  if (ta && tb) return byText(ta, tb) || byText(a.image.id, b.image.id);
  if (ta || tb) return ta ? -1 : 1;
  return byText(a.image.id, b.image.id);
};

export function compareRows(a: ImageRow, b: ImageRow, key: SortKey): number {
  const num = (f: (r: ImageRow) => number | null) => (f(a) ?? -1) - (f(b) ?? -1) || byName(a, b);
  switch (key) {
    case 'name':
      return byName(a, b);
    case 'size':
      return num((r) => r.image.size);
    case 'shared':
      return num((r) => r.image.sharedSize);
    case 'own':
      return num((r) => ownSize(r.image));
    case 'created':
      return num((r) => Date.parse(r.image.created) || 0);
    case 'containers':
      return num((r) => r.users.length);
    case 'host':
      return byText(a.hostName, b.hostName) || byName(a, b);
  }
}

/** The same column flips direction; a new one starts ascending for words and descending (largest, newest) for figures. */
export function nextSort(sort: Sort, key: SortKey): Sort {
  if (sort.key === key) return { key, dir: sort.dir === 1 ? -1 : 1 };
  return { key, dir: key === 'name' || key === 'host' ? 1 : -1 };
}

export function usageOf(r: Pick<ImageRow, 'image' | 'users'>): Exclude<UsageFilter, 'all'>[] {
  const out: Exclude<UsageFilter, 'all'>[] = [r.users.length ? 'in-use' : 'unused'];
  if (r.image.dangling) out.push('dangling');
  return out;
}

/** Text search over tags, digests and the id (with or without `sha256:`). */
export function matchesText(i: ImageSummary, q: string): boolean {
  if (!q) return true;
  const hex = q.replace(/^sha256:/, '');
  return (
    i.tags.some((t) => t.toLowerCase().includes(q)) ||
    i.digests.some((d) => d.toLowerCase().includes(q)) ||
    (/^[a-f0-9]+$/.test(hex) && i.id.startsWith(`sha256:${hex}`))
  );
}

/** The text of the empty table. */
export function emptyText(usage: UsageFilter, filtered: boolean, none: boolean): string {
  if (none) return 'There are no images on this host yet: pull, build or load one.';
  const what = usage === 'all' ? '' : `${USAGE_CHIPS.find((c) => c.id === usage)!.label.toLowerCase()} `;
  return filtered ? `No ${what}images match these filters.` : `No ${what}images.`;
}
