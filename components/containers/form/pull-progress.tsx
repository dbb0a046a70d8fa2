import type { PullProgress } from '@/server/contracts/container-create';
import { TransferProgressView } from '../../images/transfer-progress';

/** The image pull of a create in progress: the total, then one bar per layer with its phase. */
export function PullProgressView({ progress }: { progress: PullProgress | null }) {
  if (!progress) return null;
  return (
    <div className="rounded-md border border-sky-200 bg-sky-50/60 px-3 py-2" data-testid="pull-progress">
      <p className="mb-1.5 text-xs font-medium text-sky-900">
        Pulling <span className="font-mono">{progress.image}</span>
      </p>
      <TransferProgressView progress={progress} maxHeight="max-h-40" />
    </div>
  );
}
