/**
 * How the activity list follows the live `audit` view (its head: the log's newest id). The list itself
 * stays an HTTP query (filters and paging are the server's); these decide when to read it again and
 * what to tell the reader. Pure: test/unit/audit-live.test.ts.
 */

/** What a page of the log says about when it was read (AuditPage). */
interface PageHead {
  total: number;
  newest: number;
}

/**
 * Whether entries were written since the data was read (`seen`: the log's newest id then) and no read
 * has been asked for that head yet (`asked`: the head the last read was started for; a failed read is
 * not retried until the head moves again).
 */
export function behind(head: number | undefined, seen: number | undefined, asked: number): boolean {
  return head !== undefined && seen !== undefined && head > seen && head > asked;
}

/**
 * How many entries matching the filters were written since `first` (the list's first page) was read:
 * `now` is the same filter read later (limit 1). Counted by the server, so the filters mean exactly
 * what they mean for the list; 0 when `now` is older than the list (read before a Show or a Refresh).
 */
export function newMatching(first: PageHead | undefined, now: PageHead | undefined): number {
  if (!first || !now || now.newest <= first.newest) return 0;
  return Math.max(0, now.total - first.total);
}

/** The ids shown above the previous top row (newest first): the entries a refetch brought in. */
export function freshIds(entries: ReadonlyArray<{ id: number }>, previousTop: number | undefined): number[] {
  if (previousTop === undefined) return [];
  const out: number[] = [];
  for (const e of entries) {
    if (e.id <= previousTop) break;
    out.push(e.id);
  }
  return out;
}

/** "3 new entries" */
export const newEntriesLabel = (n: number) => `${n} new ${n === 1 ? 'entry' : 'entries'}`;
