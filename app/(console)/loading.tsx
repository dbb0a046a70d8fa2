import { PageBody } from '@/components/layout/page-header';
import { Spinner } from '@/components/ui/spinner';

export default function Loading() {
  return (
    <PageBody>
      <div className="flex items-center gap-2 py-10 text-zinc-500" role="status">
        <Spinner /> Loading…
      </div>
    </PageBody>
  );
}
