import { describe, expect, it } from 'vitest';
import { behind, freshIds, newEntriesLabel, newMatching } from '@/components/audit/audit-live';

describe('the audit list following the live head', () => {
  it('reads again only when the head passed what the list saw and what was last asked for', () => {
    expect(behind(undefined, 10, 0)).toBe(false); // not subscribed (yet)
    expect(behind(10, undefined, 0)).toBe(false); // the list is loading
    expect(behind(10, 10, 0)).toBe(false); // the list holds the head
    expect(behind(12, 10, 0)).toBe(true);
    expect(behind(12, 10, 12)).toBe(false); // asked for it already (a failed read waits for the next entry)
    expect(behind(13, 10, 12)).toBe(true);
    expect(behind(9, 10, 0)).toBe(false); // a snapshot older than the list
  });

  it('counts new matching entries from a later read of the same filters', () => {
    const first = { total: 120, newest: 500 };
    expect(newMatching(first, undefined)).toBe(0);
    expect(newMatching(first, { total: 123, newest: 510 })).toBe(3);
    // Entries written, none matching the filters.
    expect(newMatching(first, { total: 120, newest: 510 })).toBe(0);
    // A read from before the list (before a Show or a Refresh) says nothing.
    expect(newMatching(first, { total: 125, newest: 490 })).toBe(0);
    // The retention pruned meanwhile: never negative.
    expect(newMatching(first, { total: 100, newest: 510 })).toBe(0);
    expect(newMatching(undefined, { total: 1, newest: 1 })).toBe(0);
  });

  it('marks the rows above the previous top row as fresh, none on a first load', () => {
    const rows = [{ id: 9 }, { id: 7 }, { id: 5 }, { id: 4 }];
    expect(freshIds(rows, 5)).toEqual([9, 7]);
    expect(freshIds(rows, 9)).toEqual([]);
    expect(freshIds(rows, undefined)).toEqual([]);
    expect(freshIds([], 3)).toEqual([]);
    expect(newEntriesLabel(1)).toBe('1 new entry');
    expect(newEntriesLabel(3)).toBe('3 new entries');
  });
});
