import { DELETED_PAGE_SIZE } from '@/server/contracts/containers';
import { Button } from '../../ui/button';

const n = new Intl.NumberFormat('en');

/** Under the Deleted view: which records are shown of how many, and the way to older and newer pages. */
export function DeletedPager({
  page,
  total,
  shown,
  loading,
  onPage,
}: {
  page: number;
  total: number;
  shown: number;
  loading: boolean;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / DELETED_PAGE_SIZE));
  const first = total === 0 ? 0 : page * DELETED_PAGE_SIZE + 1;
  const last = Math.min(total, page * DELETED_PAGE_SIZE + DELETED_PAGE_SIZE);
  return (
    <div className="mt-2 flex flex-wrap items-center gap-2 text-xs text-zinc-600" data-testid="deleted-pager">
      <span data-testid="deleted-total" className="tabular-nums">
        {total === 0 ? 'No records' : `${n.format(first)}–${n.format(last)} of ${n.format(total)} deleted containers`}
        {shown < last - first + 1 && total > 0 ? ` (${shown} on this page match the label and project filters)` : ''}
      </span>
      {loading && <span className="text-zinc-400">Loading…</span>}
      <span className="ml-auto flex items-center gap-1.5">
        <Button size="sm" variant="secondary" disabled={page === 0} onClick={() => onPage(page - 1)}>
          Newer
        </Button>
        <span className="tabular-nums text-zinc-500">
          Page {page + 1} of {n.format(pages)}
        </span>
        <Button size="sm" variant="secondary" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>
          Older
        </Button>
      </span>
    </div>
  );
}
