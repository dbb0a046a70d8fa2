import { describe, expect, it } from 'vitest';
import { compareRows, matchesText, usageOf, type ImageRow } from '@/components/images/list/list-model';
import type { ContainerSummary } from '@/server/contracts/containers';
import { isRepository, pruneImagesSchema, tagImageSchema, untagImageSchema } from '@/server/contracts/image-requests';
import type { ImageSummary } from '@/server/contracts/images';
import type { LayerInfo } from '@/server/engines/image-model';
import { formatSize, matchesLabelFilter, planPrune, type ListedImage } from '@/server/services/image-admin';

const id = (n: number) => `sha256:${String(n).padStart(64, '0')}`;
const layers = (chainIds: string[], sizes: Array<number | null>): LayerInfo => ({
  diffIds: chainIds,
  chainIds,
  sizes,
  steps: [],
  stepOf: [],
  inspect: {},
});
const summary = (n: number, tags: string[] = []): ImageSummary => ({
  hostId: 'h',
  id: id(n),
  tags,
  digests: [],
  size: 100,
  sharedSize: 40,
  created: `2024-01-0${n}T00:00:00.000Z`,
  parentId: '',
  labels: {},
  layerCount: 2,
  dangling: tags.length === 0,
});

describe('image request schemas', () => {
  it('accepts repositories as the engine does and refuses tags, digests, upper case and ids', () => {
    for (const ok of ['app', 'team/app', '127.0.0.1:5000/app', 'localhost/a/b', 'Registry.Example:443/x', 'a__b', 'a-_b'.replace('_', '')])
      expect(isRepository(ok), ok).toBe(true);
    for (const bad of ['App', 'app:1', 'app@sha256:00', '/app', 'a//b', '', 'a'.repeat(64).replace(/a/g, 'f')])
      expect(isRepository(bad), bad).toBe(false);
    expect(tagImageSchema.parse({ repo: ' team/app ' })).toEqual({ repo: 'team/app', tag: 'latest' });
    expect(tagImageSchema.safeParse({ repo: 'team/app', tag: '.x' }).success).toBe(false);
  });

  it('untag takes references, not ids; prune takes a mode and an optional label filter', () => {
    expect(untagImageSchema.safeParse({ ref: 'busybox:1' }).success).toBe(true);
    expect(untagImageSchema.safeParse({ ref: 'sha256:abcd' }).success).toBe(false);
    expect(untagImageSchema.safeParse({ ref: 'abcdef' }).success).toBe(false);
    expect(pruneImagesSchema.parse({ mode: 'unused', label: '' })).toEqual({ mode: 'unused', label: undefined });
    expect(pruneImagesSchema.parse({ mode: 'dangling', label: 'a=b=c' }).label).toBe('a=b=c');
    expect(pruneImagesSchema.safeParse({ mode: 'dangling', label: '=x' }).success).toBe(false);
    expect(pruneImagesSchema.safeParse({ mode: 'dangling', label: 'a\nb' }).success).toBe(false);
  });
});

describe('planPrune', () => {
  // 1 ← 2 (tagged, built on 1); 3 dangling; 4 dangling, used; 5 intermediate (no refs, child 6); 6 dangling on 5.
  const all: ListedImage[] = [
    { Id: id(1), RepoTags: ['base:1'], Labels: { k: 'v' }, Size: 10, Created: 1 },
    { Id: id(2), ParentId: id(1), RepoTags: ['app:1'], Labels: { k: 'v' }, Size: 30, Created: 2 },
    { Id: id(3), RepoTags: ['<none>:<none>'], Labels: { k: 'v' }, Size: 20, Created: 3 },
    { Id: id(4), RepoTags: [], Labels: { k: 'w' }, Size: 20, Created: 4 },
    { Id: id(5), ParentId: id(1), RepoTags: [], Labels: { k: 'v' }, Size: 15, Created: 5 },
    { Id: id(6), ParentId: id(5), RepoTags: [], Labels: { k: 'v' }, Size: 25, Created: 6 },
  ];
  const info = new Map<string, LayerInfo>([
    [id(1), layers(['a'], [10])],
    [id(2), layers(['a', 'b'], [10, 20])],
    [id(3), layers(['a', 'c'], [10, 10])],
    [id(4), layers(['a', 'd'], [10, 10])],
    [id(6), layers(['a', 'e', 'f'], [10, 5, 10])],
  ]);
  const listed = new Map([1, 2, 3, 4, 6].map((n) => [id(n), summary(n)]));
  const used = new Set([id(4)]);

  it('dangling: untagged heads nobody uses; the space is the layers only they hold', () => {
    const p = planPrune('h', 'dangling', undefined, all, used, info, listed);
    expect(p.images.map((i) => i.id)).toEqual([id(6), id(3)]);
    expect(p.keptInUse).toBe(1);
    expect(p.estimatedBytes).toBe(10 + 5 + 10);
  });

  it('unused: tagged images too; one others are built on only loses its tags; a label filter narrows', () => {
    const p = planPrune('h', 'unused', 'k=v', all, used, info, listed);
    expect(p.images.map((i) => [i.id, i.untagOnly])).toEqual([
      [id(6), false],
      [id(3), false],
      [id(2), false],
      [id(1), true],
    ]);
    // Layer a stays: image 1 keeps it (only untagged).
    expect(p.estimatedBytes).toBe(20 + 10 + 5 + 10);
    expect(planPrune('h', 'unused', 'k=w', all, used, info, listed).images).toEqual([]);
  });

  it('an unknown layer size makes the estimate unknown rather than wrong', () => {
    const partial = new Map(info);
    partial.set(id(3), layers(['a', 'c'], [10, null]));
    expect(planPrune('h', 'dangling', undefined, all, used, partial, listed).estimatedBytes).toBeNull();
  });

  it('label filters read as the engine does', () => {
    expect(matchesLabelFilter({ a: '1' }, 'a')).toBe(true);
    expect(matchesLabelFilter({ a: '1' }, 'a=1')).toBe(true);
    expect(matchesLabelFilter({ a: '1' }, 'a=2')).toBe(false);
    expect(matchesLabelFilter(null, 'a')).toBe(false);
    expect(matchesLabelFilter(null, undefined)).toBe(true);
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(600_000)).toBe('586 KiB');
    expect(formatSize(1536)).toBe('1.5 KiB');
  });
});

describe('image list model', () => {
  const user = { state: 'running', name: 'c' } as ContainerSummary;
  const row = (img: ImageSummary, users: ContainerSummary[] = []): ImageRow => ({ key: img.id, image: img, hostName: 'h', users });

  it('sorts by name with untagged images last, and by figures', () => {
    const rows = [row(summary(3)), row(summary(2, ['b:1'])), row({ ...summary(1, ['a:1']), size: 5 })];
    expect(rows.sort((a, b) => compareRows(a, b, 'name')).map((r) => r.image.tags[0] ?? '-')).toEqual(['a:1', 'b:1', '-']);
    expect(rows.sort((a, b) => compareRows(a, b, 'size')).map((r) => r.image.size)).toEqual([5, 100, 100]);
  });

  it('usage and text filters', () => {
    expect(usageOf(row(summary(1)))).toEqual(['unused', 'dangling']);
    expect(usageOf(row(summary(1, ['a:1']), [user]))).toEqual(['in-use']);
    const img = { ...summary(7, ['team/app:1']), digests: ['team/app@sha256:feed'] };
    expect(matchesText(img, 'app:1')).toBe(true);
    expect(matchesText(img, 'feed')).toBe(true);
    expect(matchesText(img, '0000')).toBe(true);
    expect(matchesText(img, 'sha256:0000')).toBe(true);
    expect(matchesText(img, 'nope')).toBe(false);
  });
});
