import type { EngineStatus } from '@/server/contracts/engines';
import { Badge, type Tone } from '../ui/badge';

/** The one place engine status gets its colour, so green/red/amber mean the same everywhere. */
export const STATUS_TONE: Record<EngineStatus, Tone> = { online: 'green', offline: 'red', connecting: 'amber' };

export function StatusBadge({ status }: { status: EngineStatus }) {
  return (
    <Badge tone={STATUS_TONE[status]} dot pulse={status === 'connecting'} data-testid="status-badge">
      {status}
    </Badge>
  );
}
