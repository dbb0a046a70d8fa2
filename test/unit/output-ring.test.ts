import { describe, expect, it } from 'vitest';
import { OutputRing } from '@/server/services/output-ring';

describe('OutputRing: the recent output of a terminal, by offset', () => {
  it('keeps at most its capacity, the newest bytes, and counts every byte ever pushed', () => {
    const ring = new OutputRing(10);
    ring.push(Buffer.from('abcdef'));
    ring.push(Buffer.from('ghijkl'));
    expect(ring.end).toBe(12);
    expect(ring.start).toBe(2);
    expect(ring.all().toString()).toBe('cdefghijkl');
    ring.push(Buffer.from('0123456789ABC'));
    expect(ring.all().toString()).toBe('3456789ABC');
    expect(ring.end).toBe(25);
  });

  it('answers what comes after an offset it still holds, and null for one it no longer holds or never had', () => {
    const ring = new OutputRing(8);
    ring.push(Buffer.from('hello '));
    ring.push(Buffer.from('world'));
    expect(ring.since(11)?.toString()).toBe('');
    expect(ring.since(6)?.toString()).toBe('world');
    expect(ring.since(3)?.toString()).toBe('lo world');
    expect(ring.since(2)).toBeNull();
    expect(ring.since(12)).toBeNull();
  });
});
