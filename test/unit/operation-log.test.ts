import { describe, expect, it } from 'vitest';
import { Operations } from '@/server/services/operations';

describe('an operation view’s log', () => {
  it('a snapshot holds the published lines only: the rest arrive once, in the next delta', async () => {
    const ops = new Operations();
    const deltas: string[][] = [];
    ops.on('log', (_id, lines) => deltas.push(lines.map((l) => l.text)));
    const h = ops.start({ hostId: 'h', hostName: 'h', kind: 'build', title: 'Build', user: null });
    h.log('Step 1/2 : FROM x', 'step');
    const early = ops.get(h.id).log.map((l) => l.text);
    await new Promise((r) => setTimeout(r, 200));
    h.log('Step 2/2 : RUN y', 'step');
    const later = ops.get(h.id).log.map((l) => l.text);
    h.succeed('done');
    // What a browser sees: the snapshot, then every delta after it.
    expect([...early, ...deltas.flat()]).toEqual(['Step 1/2 : FROM x', 'Step 2/2 : RUN y']);
    expect(later).toEqual(['Step 1/2 : FROM x']);
    expect(ops.get(h.id).log.map((l) => l.text)).toEqual(['Step 1/2 : FROM x', 'Step 2/2 : RUN y']);
  });
});
