import { describe, expect, it } from 'vitest';
import { byKinship, relatives, sharingFigures } from '@/components/images/detail/image-view';
import type { FamilyNode, ImageLayer } from '@/server/contracts/images';

const node = (id: string, children: FamilyNode[] = []): FamilyNode => ({ id, tags: [`${id}:1`], created: '', layerCount: 1, children });
// base → web → app → app-child; base → sleeper
const family = node('base', [node('web', [node('app', [node('app-child')])]), node('sleeper')]);

describe('relatives', () => {
  it('names the bases (nearest first) and the images built on this one; siblings are neither', () => {
    const rel = relatives({ family, summary: { id: 'app' } as never });
    expect(Object.fromEntries(rel)).toEqual({
      web: { relation: 'base', distance: 1 },
      base: { relation: 'base', distance: 2 },
      'app-child': { relation: 'derived', distance: 1 },
    });
    expect(relatives({ family: null, summary: { id: 'app' } as never }).size).toBe(0);
  });

  it('orders bases first, then derived images, then the rest as given', () => {
    const rel = relatives({ family, summary: { id: 'app' } as never });
    const items = ['bench-1', 'sleeper', 'app-child', 'base', 'bench-0', 'web'].map((id) => ({ id }));
    expect(byKinship(items, rel).map((i) => i.id)).toEqual(['web', 'base', 'app-child', 'bench-1', 'sleeper', 'bench-0']);
  });
});

describe('sharingFigures', () => {
  const layer = (size: number | null, sharedWith: string[]): ImageLayer => ({
    diffId: 'd',
    chainId: `c${Math.random()}`,
    size,
    step: null,
    sharedWith: sharedWith.map((id) => ({ id, tags: [] })),
  });

  it('adds shared and own bytes, and per other image the layers and bytes it holds', () => {
    const f = sharingFigures([layer(100, ['base', 'web']), layer(10, ['web']), layer(5, [])]);
    expect(f.shared).toBe(110);
    expect(f.own).toBe(5);
    expect(f.images).toEqual([
      { id: 'web', tags: [], layers: 2, bytes: 110 },
      { id: 'base', tags: [], layers: 1, bytes: 100 },
    ]);
  });

  it('says unknown (null) rather than a partial sum when a layer has no size', () => {
    const f = sharingFigures([layer(null, ['base']), layer(5, [])]);
    expect(f.shared).toBeNull();
    expect(f.own).toBe(5);
    expect(f.images[0]!.bytes).toBeNull();
  });
});
