import Link from 'next/link';
import type { EngineSummary } from '@/server/contracts/engines';

/** A notice naming the engines that do not answer: their rows are last known and cannot be acted on. */
export function OfflineEngines({ engines }: { engines: readonly EngineSummary[] }) {
  if (!engines.length) return null;
  return (
    <div
      role="status"
      data-testid="engine-offline"
      className="mb-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-1.5 text-xs text-amber-900"
    >
      {engines.map((e, i) => (
        <span key={e.id}>
          {i > 0 && ' · '}
          <Link href={`/hosts/${e.id}`} className="font-medium underline">
            {e.name}
          </Link>{' '}
          is {e.status}
          {e.lastError ? ` (${e.lastError})` : ''}
        </span>
      ))}
      {'. '}
      Its containers are shown as last known and cannot be acted on until it answers.
    </div>
  );
}
